package io.jkernels.ambisonics;

import java.util.Objects;

/**
 * Rotation matrices of real spherical harmonics (ACN order, any of SN3D / N3D / ORTHONORMAL: the matrices are the
 * same for all three, since they scale whole degrees). The sound field is rotated by the 3×3 matrix
 * <pre>
 *   R = Rz(yaw) · Ry(pitch) · Rx(roll)
 * </pre>
 * (right-handed, x front, y left, z up; each factor the right-hand-rule rotation about its axis: a positive yaw turns
 * front towards left, a positive pitch turns front down towards −z, a positive roll turns left up towards +z), so
 * that a source at unit direction u is heard at R·u: with y(u) the harmonics of u, {@code M(R)·y(u) = y(R·u)}.
 * A pure yaw moves azimuth φ to φ + yaw.
 *
 * <p>M is block-diagonal, one (2n+1)×(2n+1) block per degree n. Degree 1 is R itself in the (y, z, x) order of
 * ACN 1, 2, 3; higher degrees follow by the recurrence of Ivanic and Ruedenberg ("Rotation matrices for real
 * spherical harmonics. Direct determination by recursion", J. Phys. Chem. 100 (1996) 6342, with the corrections of
 * J. Phys. Chem. A 102 (1998) 9099), in double. A yaw-only rotation has the closed form
 * {@code [cos mψ, −sin mψ; sin mψ, cos mψ]} on each (m, −m) pair and is built directly (the cheap special case:
 * 2 non-zero terms per row, which the mixing kernel exploits).
 */
public final class ShRotation {
  private ShRotation() {}

  /** R = Rz(yaw)·Ry(pitch)·Rx(roll), row-major 3×3. */
  public static double[] rotation3(double yaw, double pitch, double roll) {
    checkAngle(yaw, "yaw");
    checkAngle(pitch, "pitch");
    checkAngle(roll, "roll");
    double cy = Math.cos(yaw), sy = Math.sin(yaw);
    double cp = Math.cos(pitch), sp = Math.sin(pitch);
    double cr = Math.cos(roll), sr = Math.sin(roll);
    return new double[] {
        cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
        sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
        -sp, cp * sr, cp * cr};
  }

  /**
   * The (order+1)² × (order+1)² matrix (row-major) rotating a B-format by yaw, pitch and roll in radians (the sense
   * of the class comment); yaw-only rotations take the closed form.
   *
   * @throws IllegalArgumentException if order is out of [0, {@link SphericalHarmonics#MAX_ORDER}] or an angle is
   *     not finite
   */
  public static double[] matrix(int order, double yaw, double pitch, double roll) {
    checkOrder(order);
    double[] r = rotation3(yaw, pitch, roll);
    return pitch == 0.0 && roll == 0.0 ? yawMatrix(order, yaw) : matrix(order, r);
  }

  /**
   * The harmonics' rotation matrix for any 3×3 rotation matrix {@code r} (row-major; orthonormal with determinant
   * +1 to 1e-9).
   */
  public static double[] matrix(int order, double[] r) {
    checkOrder(order);
    Objects.requireNonNull(r, "r");
    checkRotation(r);
    int k = (order + 1) * (order + 1);
    double[] out = new double[k * k];
    out[0] = 1.0;
    if (order == 0) {
      return out;
    }
    int[] axis = {1, 2, 0}; // m = −1, 0, 1 ↔ y, z, x
    double[][] r1 = new double[3][3];
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        r1[a][b] = r[axis[a] * 3 + axis[b]];
      }
    }
    place(out, k, 1, r1);
    double[][] prev = r1;
    for (int l = 2; l <= order; l++) {
      double[][] cur = new double[2 * l + 1][2 * l + 1];
      Recursion rec = new Recursion(r1, prev, l);
      for (int m = -l; m <= l; m++) {
        for (int n = -l; n <= l; n++) {
          cur[m + l][n + l] = rec.element(m, n);
        }
      }
      place(out, k, l, cur);
      prev = cur;
    }
    return out;
  }

  /** The closed-form matrix of a rotation by {@code yaw} about z. */
  static double[] yawMatrix(int order, double yaw) {
    int k = (order + 1) * (order + 1);
    double[] out = new double[k * k];
    for (int n = 0; n <= order; n++) {
      int c = n * n + n;
      out[c * k + c] = 1.0;
      for (int m = 1; m <= n; m++) {
        double cs = Math.cos(m * yaw);
        double sn = Math.sin(m * yaw);
        int p = c + m; // cos mφ
        int q = c - m; // sin mφ
        out[p * k + p] = cs;
        out[p * k + q] = -sn;
        out[q * k + q] = cs;
        out[q * k + p] = sn;
      }
    }
    return out;
  }

  private static void place(double[] out, int k, int l, double[][] block) {
    int base = l * l;
    for (int a = 0; a < 2 * l + 1; a++) {
      System.arraycopy(block[a], 0, out, (base + a) * k + base, 2 * l + 1);
    }
  }

  /** One degree of the Ivanic–Ruedenberg recurrence (their Table 2), from degree 1 and degree l − 1. */
  private static final class Recursion {
    private final double[][] r1;
    private final double[][] prev;
    private final int l;

    Recursion(double[][] r1, double[][] prev, int l) {
      this.r1 = r1;
      this.prev = prev;
      this.l = l;
    }

    private double r1(int i, int j) {
      return r1[i + 1][j + 1];
    }

    private double prev(int a, int b) {
      return prev[a + l - 1][b + l - 1];
    }

    private double p(int i, int a, int b) {
      if (b == l) {
        return r1(i, 1) * prev(a, l - 1) - r1(i, -1) * prev(a, -l + 1);
      }
      if (b == -l) {
        return r1(i, 1) * prev(a, -l + 1) + r1(i, -1) * prev(a, l - 1);
      }
      return r1(i, 0) * prev(a, b);
    }

    double element(int m, int n) {
      int am = Math.abs(m);
      double d = m == 0 ? 1.0 : 0.0;
      double denom = Math.abs(n) == l ? (2.0 * l) * (2.0 * l - 1.0) : (double) (l + n) * (l - n);
      double u = Math.sqrt((double) (l + m) * (l - m) / denom);
      double v = 0.5 * Math.sqrt((1.0 + d) * (l + am - 1.0) * (l + am) / denom) * (1.0 - 2.0 * d);
      double w = -0.5 * Math.sqrt((l - am - 1.0) * (l - am) / denom) * (1.0 - d);
      double sum = 0.0;
      if (u != 0.0) {
        sum += u * p(0, m, n);
      }
      if (v != 0.0) {
        sum += v * bigV(m, n);
      }
      if (w != 0.0) {
        sum += w * bigW(m, n);
      }
      return sum;
    }

    private double bigV(int m, int n) {
      if (m == 0) {
        return p(1, 1, n) + p(-1, -1, n);
      }
      if (m > 0) {
        double d = m == 1 ? 1.0 : 0.0;
        return p(1, m - 1, n) * Math.sqrt(1.0 + d) - p(-1, -m + 1, n) * (1.0 - d);
      }
      double d = m == -1 ? 1.0 : 0.0;
      return p(1, m + 1, n) * (1.0 - d) + p(-1, -m - 1, n) * Math.sqrt(1.0 + d);
    }

    private double bigW(int m, int n) {
      if (m > 0) {
        return p(1, m + 1, n) + p(-1, -m - 1, n);
      }
      return p(1, m - 1, n) - p(-1, -m + 1, n);
    }
  }

  private static void checkRotation(double[] r) {
    if (r.length != 9) {
      throw new IllegalArgumentException("r must be a row-major 3×3 matrix (9 values), got " + r.length);
    }
    for (int i = 0; i < 9; i++) {
      if (!Double.isFinite(r[i])) {
        throw new IllegalArgumentException("r[" + i + "] is " + r[i] + "; must be finite");
      }
    }
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        double dot = 0;
        for (int c = 0; c < 3; c++) {
          dot += r[a * 3 + c] * r[b * 3 + c];
        }
        if (Math.abs(dot - (a == b ? 1.0 : 0.0)) > 1e-9) {
          throw new IllegalArgumentException("r is not orthonormal (row " + a + "·row " + b + " = " + dot + ")");
        }
      }
    }
    double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
        + r[2] * (r[3] * r[7] - r[4] * r[6]);
    if (Math.abs(det - 1.0) > 1e-9) {
      throw new IllegalArgumentException("r has determinant " + det + "; a rotation has +1 (no reflections)");
    }
  }

  static void checkOrder(int order) {
    if (order < 0 || order > SphericalHarmonics.MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + SphericalHarmonics.MAX_ORDER + "], got " + order);
    }
  }

  private static void checkAngle(double angle, String name) {
    if (!Double.isFinite(angle)) {
      throw new IllegalArgumentException(name + " must be a finite angle in radians, got " + angle);
    }
  }
}
