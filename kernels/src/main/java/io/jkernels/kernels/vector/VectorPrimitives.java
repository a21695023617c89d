package io.jkernels.kernels.vector;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuPrimitives;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuPrimitives} over the Vector API: {@code loopBound} plus a scalar tail. The species is one
 * {@code static final} constant (so C2 folds it): the preferred one, or the width forced with
 * {@code -Djkernels.vector.bits=128|256|512} (Lucene's {@code tests.vectorsize}), which the tests use to run the
 * vector bodies at several widths on one machine. Multiplies and adds stay separate (no FMA) so that elementwise
 * results equal the scalar primitives' bit for bit.
 */
public final class VectorPrimitives implements CpuPrimitives {
  /** The species every vector body of the library uses. */
  public static final VectorSpecies<Float> SPECIES = species();
  public static final int LANES = SPECIES.length();
  public static final ByteOrder ORDER = ByteOrder.nativeOrder();
  public static final VectorPrimitives INSTANCE = new VectorPrimitives();

  private VectorPrimitives() {}

  private static VectorSpecies<Float> species() {
    String forced = System.getProperty("jkernels.vector.bits");
    if (forced == null || forced.isBlank()) {
      return FloatVector.SPECIES_PREFERRED;
    }
    int bits = Integer.parseInt(forced.trim());
    if (bits < 64 || bits > FloatVector.SPECIES_MAX.vectorBitSize() || Integer.bitCount(bits) != 1) {
      throw new IllegalArgumentException("-Djkernels.vector.bits=" + bits + ": expected a power of two in [64, "
          + FloatVector.SPECIES_MAX.vectorBitSize() + "] on this CPU");
    }
    return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
  }

  public static FloatVector load(MemorySegment m, long index) {
    return FloatVector.fromMemorySegment(SPECIES, m, index * Float.BYTES, ORDER);
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public int vectorBitSize() {
    return SPECIES.vectorBitSize();
  }

  @Override
  public float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n) {
    // Two accumulators hide the add latency; one reduceLanes at the end.
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int k = 0;
    int bound2 = n - 2 * LANES + 1;
    for (; k < bound2; k += 2 * LANES) {
      acc0 = acc0.add(load(a, ai + k).mul(load(b, bi + k)));
      acc1 = acc1.add(load(a, ai + k + LANES).mul(load(b, bi + k + LANES)));
    }
    for (; k < SPECIES.loopBound(n); k += LANES) {
      acc0 = acc0.add(load(a, ai + k).mul(load(b, bi + k)));
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; k < n; k++) {
      sum += a.getAtIndex(JAVA_FLOAT, ai + k) * b.getAtIndex(JAVA_FLOAT, bi + k);
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(y, yi + k).add(load(x, xi + k).mul(alpha)).intoMemorySegment(y, (yi + k) * Float.BYTES, ORDER);
    }
    for (; k < n; k++) {
      y.setAtIndex(JAVA_FLOAT, yi + k, y.getAtIndex(JAVA_FLOAT, yi + k) + alpha * x.getAtIndex(JAVA_FLOAT, xi + k));
    }
  }

  @Override
  public void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(src, si + k).mul(alpha).intoMemorySegment(dst, (di + k) * Float.BYTES, ORDER);
    }
    for (; k < n; k++) {
      dst.setAtIndex(JAVA_FLOAT, di + k, alpha * src.getAtIndex(JAVA_FLOAT, si + k));
    }
  }

  @Override
  public void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi,
      MemorySegment out, long oi, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(a, ai + k).mul(load(v, vi + k)).add(load(b, bi + k)).intoMemorySegment(out, (oi + k) * Float.BYTES,
          ORDER);
    }
    for (; k < n; k++) {
      out.setAtIndex(JAVA_FLOAT, oi + k,
          a.getAtIndex(JAVA_FLOAT, ai + k) * v.getAtIndex(JAVA_FLOAT, vi + k) + b.getAtIndex(JAVA_FLOAT, bi + k));
    }
  }

  @Override
  public double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to) {
    double result = 0;
    // int-indexed chunks: C2 optimises counted int loops (range checks hoisted, vector ops intrinsified) far
    // better than long-indexed ones
    for (long base = from; base < to; base += 1 << 20) {
      double chunk = maxAbsDifference(x, y, base, (int) Math.min(1 << 20, to - base));
      if (Double.isNaN(chunk)) {
        return Double.NaN;
      }
      result = Math.max(result, chunk);
    }
    return result;
  }

  private static double maxAbsDifference(MemorySegment x, MemorySegment y, long base, int n) {
    FloatVector max = FloatVector.zero(SPECIES);
    // x − x is 0 for finite x and NaN for NaN or ±∞: summing it flags any non-finite entry in one lane op.
    FloatVector poison = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      FloatVector xv = load(x, base + k);
      FloatVector yv = load(y, base + k);
      max = max.max(xv.sub(yv).abs());
      poison = poison.add(xv.sub(xv)).add(yv.sub(yv));
    }
    if (Float.isNaN(poison.reduceLanes(VectorOperators.ADD))) {
      return Double.NaN;
    }
    return CpuPrimitives.maxAbsDifference(x, y, base + k, base + n, max.reduceLanes(VectorOperators.MAX));
  }
}
