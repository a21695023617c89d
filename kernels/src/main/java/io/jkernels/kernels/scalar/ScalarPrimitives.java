package io.jkernels.kernels.scalar;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuPrimitives;
import java.lang.foreign.MemorySegment;

/** {@link CpuPrimitives} as plain float32 loops: the always-available seam, and the truth the vector one matches. */
public final class ScalarPrimitives implements CpuPrimitives {
  public static final ScalarPrimitives INSTANCE = new ScalarPrimitives();

  private ScalarPrimitives() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int vectorBitSize() {
    return 0;
  }

  @Override
  public float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n) {
    float sum = 0;
    for (int k = 0; k < n; k++) {
      sum += a.getAtIndex(JAVA_FLOAT, ai + k) * b.getAtIndex(JAVA_FLOAT, bi + k);
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n) {
    for (int k = 0; k < n; k++) {
      y.setAtIndex(JAVA_FLOAT, yi + k, y.getAtIndex(JAVA_FLOAT, yi + k) + alpha * x.getAtIndex(JAVA_FLOAT, xi + k));
    }
  }

  @Override
  public void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n) {
    for (int k = 0; k < n; k++) {
      dst.setAtIndex(JAVA_FLOAT, di + k, alpha * src.getAtIndex(JAVA_FLOAT, si + k));
    }
  }

  @Override
  public void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi,
      MemorySegment out, long oi, int n) {
    for (int k = 0; k < n; k++) {
      out.setAtIndex(JAVA_FLOAT, oi + k,
          a.getAtIndex(JAVA_FLOAT, ai + k) * v.getAtIndex(JAVA_FLOAT, vi + k) + b.getAtIndex(JAVA_FLOAT, bi + k));
    }
  }

  @Override
  public double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to) {
    return CpuPrimitives.maxAbsDifference(x, y, from, to, 0);
  }
}
