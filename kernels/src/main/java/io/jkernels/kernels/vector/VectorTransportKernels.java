package io.jkernels.kernels.vector;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cpu.CpuParallel;
import io.jkernels.kernels.cpu.CpuTransportFit;
import io.jkernels.kernels.cpu.CpuTransportParams;
import io.jkernels.kernels.cpu.HostBuffer;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.TransportKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transport family on the CPU with the Vector API. apply vectorises over channels with the per-channel ω, β, min and
 * max loaded as vectors; fit is the shared {@link CpuTransportFit} (its cost is the JDK's already-vectorised sort).
 */
public final class VectorTransportKernels implements TransportKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  /** Largest repeated parameter tile (floats per parameter): four of them stay in L1/L2. */
  private static final int MAX_TILE = 4096;

  @Override
  public void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
    MemorySegment data = HostBuffer.segmentOf(x);
    Buffer.checkRange(x.length(), 0, rows * channels);
    // Narrow rows (channels not a multiple of the lane count, e.g. 3) would leave every row to the scalar tail:
    // treat `repeat` rows as one tile instead, with the parameters repeated to match, so a tile is whole vectors.
    int repeat = LANES / gcd(channels, LANES);
    if ((long) channels * repeat > MAX_TILE) {
      repeat = 1;
    }
    int tileRows = repeat;
    int tile = channels * tileRows;
    CpuTransportParams p = CpuTransportParams.of(omega, beta, supportMin, supportMax, channels, tileRows);
    long tiles = rows / tileRows;
    CpuParallel.forRange(tiles, Math.max(1, CpuTransportParams.rowGrain(tile)),
        (from, to) -> applyTiles(data, from * tile, (to - from) * tile, tile, p, strength, everywhere));
    // The rows that do not fill a last tile: the first channels of the tile's parameters serve them.
    long done = tiles * tile;
    applyTiles(data, done, rows * channels - done, tile, p, strength, everywhere);
  }

  /** Applies to {@code count} floats from element {@code start}; start is a tile boundary, count may be partial. */
  private static void applyTiles(MemorySegment data, long start, long count, int tile, CpuTransportParams p,
      float strength, boolean everywhere) {
    float[] omega = p.omega();
    float[] beta = p.beta();
    float[] min = p.min();
    float[] max = p.max();
    FloatVector lambda = FloatVector.broadcast(SPECIES, strength);
    for (long t0 = start; t0 < start + count; t0 += tile) {
      int width = (int) Math.min(tile, start + count - t0);
      int bound = SPECIES.loopBound(width);
      int c = 0;
      for (; c < bound; c += LANES) {
        long offset = (t0 + c) * Float.BYTES;
        FloatVector v = FloatVector.fromMemorySegment(SPECIES, data, offset, ORDER);
        // |v| < ∞ is false for NaN and ±∞: non-finite values pass unchanged, also under EVERYWHERE.
        VectorMask<Float> in = v.abs().compare(VectorOperators.LT, Float.POSITIVE_INFINITY);
        if (!everywhere) {
          in = in.and(v.compare(VectorOperators.GE, FloatVector.fromArray(SPECIES, min, c)))
              .and(v.compare(VectorOperators.LE, FloatVector.fromArray(SPECIES, max, c)));
        }
        FloatVector t = v.mul(FloatVector.fromArray(SPECIES, omega, c)).add(FloatVector.fromArray(SPECIES, beta, c));
        FloatVector y = v.add(lambda.mul(t.sub(v)));
        v.blend(y, in).intoMemorySegment(data, offset, ORDER);
      }
      for (; c < width; c++) {
        data.setAtIndex(FLOAT, t0 + c, p.transport(data.getAtIndex(FLOAT, t0 + c), c, strength, everywhere));
      }
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    return CpuTransportFit.fit(source, sourceRows, target, targetRows, channels);
  }
}
