package io.jkernels.ambisonics;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, in double: A = U·diag(λ)·Uᵀ. Slow
 * (O(n³) per sweep) and very accurate, which is what decoder design wants; n is (N+1)² ≤ a few hundred.
 */
final class SymmetricEigen {
  final double[] values;
  /** Column j of U is the eigenvector of values[j]; row-major n×n. */
  final double[] vectors;
  final int n;

  private SymmetricEigen(int n, double[] values, double[] vectors) {
    this.n = n;
    this.values = values;
    this.vectors = vectors;
  }

  static SymmetricEigen of(double[] symmetric, int n) {
    double[] a = symmetric.clone();
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1.0;
    }
    double norm = 0;
    for (double x : a) {
      norm += x * x;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p * n + q] * a[p * n + q];
        }
      }
      if (off <= 1e-30 * norm || off == 0) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p * n + q];
          if (apq == 0) {
            continue;
          }
          double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i * n + i];
    }
    return new SymmetricEigen(n, values, v);
  }

  /** U·diag(f(λ))·Uᵀ. */
  double[] function(java.util.function.DoubleUnaryOperator f) {
    double[] out = new double[n * n];
    double[] fl = new double[n];
    for (int j = 0; j < n; j++) {
      fl[j] = f.applyAsDouble(values[j]);
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += vectors[i * n + j] * fl[j] * vectors[k * n + j];
        }
        out[i * n + k] = s;
      }
    }
    return out;
  }

  double min() {
    double m = Double.POSITIVE_INFINITY;
    for (double x : values) {
      m = Math.min(m, x);
    }
    return m;
  }

  double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : values) {
      m = Math.max(m, x);
    }
    return m;
  }
}
