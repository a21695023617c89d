package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.ambisonics.BiquadKernels;
import java.lang.foreign.MemorySegment;

/**
 * The ambisonics family's recursive filters on the CPU, the one body both CPU backends share (a recursion is no
 * {@link CpuPrimitives} operation, so the Vector API has nothing to add): channels split over the fork-join pool
 * ({@link CpuParallel}), each channel read in tiles of {@link #TILE} samples into a double buffer and every section
 * run over the tile before the next, the state carried from tile to tile. Each sample sees the same operations in
 * the same order as the sample-by-sample cascade of {@link BiquadKernels}, so the bits are those of the CUDA kernel.
 */
public final class CpuBiquadKernels implements BiquadKernels {
  /** Samples per tile: the tile's doubles stay in L1 while the sections run over it. */
  static final int TILE = 1024;

  @Override
  public void cascade(double[] coefficients, int[] first, Buffer signal, long samples) {
    int channels = BiquadKernels.check(coefficients, first, signal.length(), samples);
    if (samples == 0) {
      return;
    }
    MemorySegment x = HostBuffer.segmentOf(signal);
    CpuParallel.forRange(channels, 1, (from, to) -> {
      double[] tile = new double[TILE];
      for (int c = (int) from; c < to; c++) {
        channel(coefficients, first[c], first[c + 1], x, c * samples, samples, tile);
      }
    });
  }

  private static void channel(double[] k, int s0, int s1, MemorySegment x, long base, long samples, double[] tile) {
    if (s0 == s1) {
      return; // no section: the identity
    }
    double[] state = new double[2 * (s1 - s0)];
    for (long t0 = 0; t0 < samples; t0 += TILE) {
      int len = (int) Math.min(TILE, samples - t0);
      for (int j = 0; j < len; j++) {
        tile[j] = x.getAtIndex(JAVA_FLOAT, base + t0 + j);
      }
      for (int s = s0; s < s1; s++) {
        int o = SECTION * s;
        double b0 = k[o], b1 = k[o + 1], b2 = k[o + 2], a1 = k[o + 3], a2 = k[o + 4];
        double z1 = state[2 * (s - s0)];
        double z2 = state[2 * (s - s0) + 1];
        for (int j = 0; j < len; j++) {
          double in = tile[j];
          double y = b0 * in + z1;
          z1 = b1 * in - a1 * y + z2;
          z2 = b2 * in - a2 * y;
          tile[j] = y;
        }
        state[2 * (s - s0)] = z1;
        state[2 * (s - s0) + 1] = z2;
      }
      for (int j = 0; j < len; j++) {
        x.setAtIndex(JAVA_FLOAT, base + t0 + j, (float) tile[j]);
      }
    }
  }
}
