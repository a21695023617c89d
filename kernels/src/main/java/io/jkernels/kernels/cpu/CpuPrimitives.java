package io.jkernels.kernels.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * The CPU primitive seam (jvector's {@code VectorUtilSupport}): the few inner loops every CPU kernel body is built
 * from, as plain scalar loops or over the Vector API. A family's CPU body is written once over this interface;
 * only where the loop shape itself differs (the fused transport apply, the interleaved Thomas sweep) does a
 * vector-only body exist, picked with {@link #vectorOnly}. Indices and lengths count floats.
 */
public interface CpuPrimitives {
  /** "scalar" or "vector". */
  String name();

  /** Width of the vectors the primitives use, in bits; 0 for scalar loops. */
  int vectorBitSize();

  /** Σ_k a[ai+k]·b[bi+k], k &lt; n, float32 accumulation (several accumulators on the vector side). */
  float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n);

  /** y[yi+k] += alpha·x[xi+k]. */
  void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n);

  /** dst[di+k] = alpha·src[si+k]. */
  void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n);

  /** out[oi+k] = a[ai+k]·v[vi+k] + b[bi+k]. */
  void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi, MemorySegment out,
      long oi, int n);

  /**
   * max |x[k]−y[k]| over k in [from, to), or NaN when any x[k] or y[k] there is NaN or infinite (a residual and its
   * non-finite detector in one pass).
   */
  double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to);

  /**
   * The plain loop of {@link #maxAbsDifference}, starting from {@code max}: the scalar primitives' whole loop and
   * the vector primitives' tail.
   */
  static double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to, float max) {
    for (long i = from; i < to; i++) {
      float xi = x.getAtIndex(ValueLayout.JAVA_FLOAT, i);
      float yi = y.getAtIndex(ValueLayout.JAVA_FLOAT, i);
      if (!Float.isFinite(xi) || !Float.isFinite(yi)) {
        return Double.NaN;
      }
      max = Math.max(max, Math.abs(xi - yi));
    }
    return max;
  }

  /**
   * A family's vector-only kernel set when {@code primitives} are vectorised (the class is loaded by name, so no
   * Vector API class loads before the provider's checks passed), else {@code scalar.get()}. The named class has a
   * public constructor taking {@code CpuPrimitives}, or a public no-argument one.
   */
  @SuppressWarnings("unchecked")
  static <K> K vectorOnly(CpuPrimitives primitives, String vectorClass, Supplier<? extends K> scalar) {
    if (primitives.vectorBitSize() == 0) {
      return scalar.get();
    }
    try {
      Class<?> type = Class.forName(vectorClass);
      try {
        return (K) type.getConstructor(CpuPrimitives.class).newInstance(primitives);
      } catch (NoSuchMethodException e) {
        return (K) type.getConstructor().newInstance();
      }
    } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("vector kernels " + vectorClass + " could not be created", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("vector kernels " + vectorClass + " failed to initialise", e.getCause());
    }
  }
}
