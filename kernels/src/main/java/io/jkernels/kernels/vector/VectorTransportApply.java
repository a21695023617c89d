package io.jkernels.kernels.vector;

import static io.jkernels.kernels.vector.VectorPrimitives.LANES;
import static io.jkernels.kernels.vector.VectorPrimitives.ORDER;
import static io.jkernels.kernels.vector.VectorPrimitives.SPECIES;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cpu.CpuParallel;
import io.jkernels.kernels.cpu.CpuTransportKernels;
import io.jkernels.kernels.cpu.CpuTransportParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector-only transport apply: vectorised over channels with the per-channel ω, β, min and max loaded as
 * vectors, rows tiled so that narrow rows still fill whole vectors. Each support mode has its own loop
 * ({@link #everywhere}, {@link #sourceRange}): with one loop and the mode tested inside it, C2 compiles the loop
 * once for the profile of both modes after both have been used, and both then ran at 0.3–0.5× their one-mode speed.
 */
public final class VectorTransportApply implements CpuTransportKernels.Apply {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
  /** Largest repeated parameter tile (floats per parameter): four of them stay in L1/L2. */
  private static final int MAX_TILE = 4096;

  @Override
  public void apply(MemorySegment data, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
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
    // The rows that do not fill a last tile: the first channels of the tile's parameters serve them.
    long done = tiles * tile;
    long rest = rows * channels - done;
    if (everywhere) {
      CpuParallel.forRange(tiles, Math.max(1, CpuTransportParams.rowGrain(tile)),
          (from, to) -> everywhere(data, from * tile, (to - from) * tile, tile, p, strength));
      everywhere(data, done, rest, tile, p, strength);
    } else {
      CpuParallel.forRange(tiles, Math.max(1, CpuTransportParams.rowGrain(tile)),
          (from, to) -> sourceRange(data, from * tile, (to - from) * tile, tile, p, strength));
      sourceRange(data, done, rest, tile, p, strength);
    }
  }

  /**
   * {@code Support.EVERYWHERE} on {@code count} floats from element {@code start} (a tile boundary; count may end
   * inside a tile).
   */
  private static void everywhere(MemorySegment data, long start, long count, int tile, CpuTransportParams p,
      float strength) {
    float[] omega = p.omega();
    float[] beta = p.beta();
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
        FloatVector t = v.mul(FloatVector.fromArray(SPECIES, omega, c)).add(FloatVector.fromArray(SPECIES, beta, c));
        v.blend(v.add(lambda.mul(t.sub(v))), in).intoMemorySegment(data, offset, ORDER);
      }
      for (; c < width; c++) {
        data.setAtIndex(FLOAT, t0 + c, p.transport(data.getAtIndex(FLOAT, t0 + c), c, strength, true));
      }
    }
  }

  /** {@code Support.SOURCE_RANGE}, as {@link #everywhere} plus the test supportMin_c ≤ x ≤ supportMax_c. */
  private static void sourceRange(MemorySegment data, long start, long count, int tile, CpuTransportParams p,
      float strength) {
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
        // NaN fails both comparisons; the |v| < ∞ test keeps ±∞ unchanged also against an unbounded support.
        VectorMask<Float> in = v.compare(VectorOperators.GE, FloatVector.fromArray(SPECIES, min, c))
            .and(v.compare(VectorOperators.LE, FloatVector.fromArray(SPECIES, max, c)))
            .and(v.abs().compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
        FloatVector t = v.mul(FloatVector.fromArray(SPECIES, omega, c)).add(FloatVector.fromArray(SPECIES, beta, c));
        v.blend(v.add(lambda.mul(t.sub(v))), in).intoMemorySegment(data, offset, ORDER);
      }
      for (; c < width; c++) {
        data.setAtIndex(FLOAT, t0 + c, p.transport(data.getAtIndex(FLOAT, t0 + c), c, strength, false));
      }
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
