package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * One tridiagonal system by Gaussian elimination with partial pivoting, float32, in the order of LAPACK's sgtsv
 * (Anderson et al., LAPACK Users' Guide): at each column the larger of the diagonal and the subdiagonal entry
 * becomes the pivot, and a row swap fills in a second superdiagonal. Backward stable for any non-singular system;
 * the CPU backends' pivoting path for systems the non-pivoting sweep must not take.
 */
final class TridiagonalLu {
  private TridiagonalLu() {}

  /**
   * Solves system {@code s} (rows at {@code s*n}) into x. Returns false when a pivot is exactly zero or the
   * solution is not finite (singular, or singular to float32 precision); x is then unspecified.
   */
  static boolean solve(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long s) {
    long base = s * n;
    // dl[i] = A[i+1][i], du[i] = A[i][i+1], du2[i] = A[i][i+2] (fill-in), d[i] = A[i][i]; b becomes the solution.
    float[] dl = new float[Math.max(n - 1, 0)];
    float[] du = new float[Math.max(n - 1, 0)];
    float[] du2 = new float[Math.max(n - 2, 0)];
    float[] d = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = diag.getAtIndex(JAVA_FLOAT, base + i);
      b[i] = rhs.getAtIndex(JAVA_FLOAT, base + i);
      if (i + 1 < n) {
        dl[i] = lower.getAtIndex(JAVA_FLOAT, base + i + 1);
        du[i] = upper.getAtIndex(JAVA_FLOAT, base + i);
      }
    }
    for (int i = 0; i < n - 1; i++) {
      if (Math.abs(d[i]) >= Math.abs(dl[i])) {
        // No interchange: eliminate A[i+1][i] with row i.
        if (d[i] == 0) {
          return false;
        }
        float fact = dl[i] / d[i];
        d[i + 1] -= fact * du[i];
        b[i + 1] -= fact * b[i];
        if (i < n - 2) {
          du2[i] = 0;
        }
      } else {
        // Interchange rows i and i+1, then eliminate.
        float fact = d[i] / dl[i];
        d[i] = dl[i];
        float temp = d[i + 1];
        d[i + 1] = du[i] - fact * temp;
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -fact * du2[i];
        }
        du[i] = temp;
        float bi = b[i];
        b[i] = b[i + 1];
        b[i + 1] = bi - fact * b[i + 1];
      }
    }
    if (d[n - 1] == 0) {
      return false;
    }
    b[n - 1] /= d[n - 1];
    if (n > 1) {
      b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / d[n - 2];
    }
    for (int i = n - 3; i >= 0; i--) {
      b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / d[i];
    }
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(b[i])) {
        return false;
      }
      x.setAtIndex(JAVA_FLOAT, base + i, b[i]);
    }
    return true;
  }
}
