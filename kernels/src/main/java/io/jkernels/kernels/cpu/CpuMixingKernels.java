package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.ambisonics.MixingKernels;
import io.jkernels.kernels.ambisonics.MixingShape;
import java.lang.foreign.MemorySegment;

/**
 * The ambisonics mixing kernel on the CPU, written once over {@link CpuPrimitives} (scalar loops or the Vector
 * API): the samples are cut into tiles of {@link #TILE}; per tile and output row, the first non-zero term is a
 * {@code scale} and every further one an {@code axpy} over the tile, so the output row (8 KiB) stays in L1 while the
 * input rows stream through it. Interpolated segments add {@code ΔG·(w∘x)}, with {@code w∘x} formed once per input
 * and segment. Tiles are independent and split over the fork-join pool.
 */
public final class CpuMixingKernels implements MixingKernels {
  /** Samples per tile: an output row and an input row of it fit L1 together. */
  static final int TILE = 2048;

  private final CpuPrimitives primitives;

  public CpuMixingKernels(CpuPrimitives primitives) {
    this.primitives = primitives;
  }

  @Override
  public void mix(Buffer gains, int keyframes, long hop, int fade, int outputs, int inputs, Buffer in, Buffer out,
      long samples) {
    MixingShape.check(gains.length(), keyframes, hop, fade, outputs, inputs, in.length(), out.length(), samples);
    if (samples == 0) {
      return;
    }
    MemorySegment gs = HostBuffer.segmentOf(gains);
    float[] g = new float[keyframes * outputs * inputs];
    MemorySegment.copy(gs, JAVA_FLOAT, 0, g, 0, g.length);
    MemorySegment x = HostBuffer.segmentOf(in);
    MemorySegment y = HostBuffer.segmentOf(out);
    long tiles = (samples + TILE - 1) / TILE;
    long grain = Math.max(1, (1L << 20) / ((long) TILE * outputs * inputs));
    CpuParallel.forRange(tiles, grain, (from, to) -> {
      Tile tile = new Tile(g, keyframes, hop, fade, outputs, inputs, x, y, samples, inputs);
      for (long k = from; k < to; k++) {
        long t0 = k * TILE;
        tile.run(t0, Math.min(samples, t0 + TILE));
      }
    });
  }

  /** One thread's scratch and the segment walk of its tiles. */
  private final class Tile {
    private final float[] g;
    private final int keyframes;
    private final long hop;
    private final int fade;
    private final int outputs;
    private final int inputs;
    private final MemorySegment x;
    private final MemorySegment y;
    private final long samples;
    private final float[] weights = new float[TILE];
    private final MemorySegment w = MemorySegment.ofArray(weights);
    private final MemorySegment zero = MemorySegment.ofArray(new float[TILE]);
    /** w∘x_i of the current segment, input i at i*TILE, formed when first needed. */
    private final MemorySegment wx;
    private final boolean[] formed;

    Tile(float[] g, int keyframes, long hop, int fade, int outputs, int inputs, MemorySegment x, MemorySegment y,
        long samples, int scratchInputs) {
      this.g = g;
      this.keyframes = keyframes;
      this.hop = hop;
      this.fade = fade;
      this.outputs = outputs;
      this.inputs = inputs;
      this.x = x;
      this.y = y;
      this.samples = samples;
      this.wx = keyframes > 1 ? MemorySegment.ofArray(new float[scratchInputs * TILE]) : null;
      this.formed = new boolean[scratchInputs];
    }

    void run(long t0, long t1) {
      long t = t0;
      while (t < t1) {
        long k = t / hop;
        if (k >= keyframes - 1) {
          constant(keyframes - 1, t, (int) (t1 - t));
          return;
        }
        long j = t - k * hop;
        if (j < fade) {
          long end = Math.min(t1, k * hop + fade);
          ramp((int) k, t, (int) (end - t), j);
          t = end;
        } else {
          long end = Math.min(t1, (k + 1) * hop);
          constant((int) k + 1, t, (int) (end - t));
          t = end;
        }
      }
    }

    private void constant(int k, long t, int len) {
      int base = k * outputs * inputs;
      for (int o = 0; o < outputs; o++) {
        long yo = o * samples + t;
        boolean started = false;
        for (int i = 0; i < inputs; i++) {
          float a = g[base + o * inputs + i];
          if (a == 0f) {
            continue;
          }
          if (started) {
            primitives.axpy(a, x, i * samples + t, y, yo, len);
          } else {
            primitives.scale(a, x, i * samples + t, y, yo, len);
            started = true;
          }
        }
        if (!started) {
          y.asSlice(yo * Float.BYTES, (long) len * Float.BYTES).fill((byte) 0);
        }
      }
    }

    private void ramp(int k, long t, int len, long j0) {
      for (int j = 0; j < len; j++) {
        weights[j] = MixingShape.weight(j0 + j, fade);
      }
      java.util.Arrays.fill(formed, false);
      int base0 = k * outputs * inputs;
      int base1 = base0 + outputs * inputs;
      for (int o = 0; o < outputs; o++) {
        long yo = o * samples + t;
        boolean started = false;
        for (int i = 0; i < inputs; i++) {
          float a0 = g[base0 + o * inputs + i];
          float d = g[base1 + o * inputs + i] - a0;
          long xi = i * samples + t;
          if (a0 != 0f) {
            if (started) {
              primitives.axpy(a0, x, xi, y, yo, len);
            } else {
              primitives.scale(a0, x, xi, y, yo, len);
              started = true;
            }
          }
          if (d != 0f) {
            if (!formed[i]) {
              primitives.multiplyAdd(w, 0, x, xi, zero, 0, wx, (long) i * TILE, len);
              formed[i] = true;
            }
            if (started) {
              primitives.axpy(d, wx, (long) i * TILE, y, yo, len);
            } else {
              primitives.scale(d, wx, (long) i * TILE, y, yo, len);
              started = true;
            }
          }
        }
        if (!started) {
          y.asSlice(yo * Float.BYTES, (long) len * Float.BYTES).fill((byte) 0);
        }
      }
    }
  }
}
