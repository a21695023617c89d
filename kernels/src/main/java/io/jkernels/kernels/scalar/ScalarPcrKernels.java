package io.jkernels.kernels.scalar;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuPcrKernels;
import java.lang.foreign.MemorySegment;

/** PCR family on the CPU with plain float32 loops; the shared structure is in {@link CpuPcrKernels}. */
public final class ScalarPcrKernels extends CpuPcrKernels {
  @Override
  protected float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n) {
    float sum = 0;
    for (int k = 0; k < n; k++) {
      sum += a.getAtIndex(JAVA_FLOAT, ai + k) * b.getAtIndex(JAVA_FLOAT, bi + k);
    }
    return sum;
  }

  @Override
  protected void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n) {
    for (int k = 0; k < n; k++) {
      y.setAtIndex(JAVA_FLOAT, yi + k, y.getAtIndex(JAVA_FLOAT, yi + k) + alpha * x.getAtIndex(JAVA_FLOAT, xi + k));
    }
  }

  @Override
  protected void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n) {
    for (int k = 0; k < n; k++) {
      dst.setAtIndex(JAVA_FLOAT, di + k, alpha * src.getAtIndex(JAVA_FLOAT, si + k));
    }
  }

  @Override
  protected void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi,
      MemorySegment out, long oi, int n) {
    for (int k = 0; k < n; k++) {
      out.setAtIndex(JAVA_FLOAT, oi + k,
          a.getAtIndex(JAVA_FLOAT, ai + k) * v.getAtIndex(JAVA_FLOAT, vi + k) + b.getAtIndex(JAVA_FLOAT, bi + k));
    }
  }

  @Override
  protected double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to) {
    return scalarMaxAbsDifference(x, y, from, to, 0);
  }

  @Override
  protected void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long from, long to, byte[] kinds) {
    float[] scratch = new float[n];
    for (long s = from; s < to; s++) {
      solveOneFastSystem(lower, diag, upper, rhs, x, n, s, kinds, scratch);
    }
  }
}
