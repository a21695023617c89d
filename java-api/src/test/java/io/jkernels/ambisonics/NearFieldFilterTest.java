package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NearFieldFilterTest {
  @Test
  void reverseBesselRoots() {
    // θ_1 = z + 1, θ_2 = z² + 3z + 3 (roots −3/2 ± i√3/2).
    assertEquals(-1, NearFieldFilter.besselRoots(1)[0][0], 1e-14);
    double[][] r = NearFieldFilter.besselRoots(2);
    assertEquals(-1.5, r[0][0], 1e-13);
    assertEquals(-1.5, r[0][1], 1e-13);
    assertEquals(Math.sqrt(3) / 2, Math.abs(r[1][0]), 1e-13);
    // every root of a higher degree in the left half plane, and their product = θ_n(0) up to sign: (2n)!/(n!2ⁿ)
    for (int n = 3; n <= 20; n++) {
      double[][] z = NearFieldFilter.besselRoots(n);
      double pr = 1;
      double pi = 0;
      for (int q = 0; q < n; q++) {
        if (!(z[0][q] < 0)) {
          throw new AssertionError("degree " + n + " root " + q + " = " + z[0][q] + " + " + z[1][q] + "i");
        }
        double t = pr * z[0][q] - pi * z[1][q];
        pi = pr * z[1][q] + pi * z[0][q];
        pr = t;
      }
      double c = 1;
      for (int j = n + 1; j <= 2 * n; j++) {
        c *= j / 2.0;
      }
      // The roots of θ_n are ill-conditioned at high degree (the product drifts by ~2e-7 at n = 20), so the
      // product is held to 1e-6 and the backward error, |θ_n(z)| over Σ|c_j||z|^(n−j), to 1e-12.
      assertEquals(c, Math.abs(pr), 1e-6 * c, "degree " + n);
      double[] coefficients = new double[n + 1];
      coefficients[0] = 1;
      for (int j = 1; j <= n; j++) {
        coefficients[j] = coefficients[j - 1] * (n + j) * (n - j + 1) / (2.0 * j);
      }
      for (int q = 0; q < n; q++) {
        double vr = 1;
        double vi = 0;
        double scale = 1;
        double mag = Math.hypot(z[0][q], z[1][q]);
        for (int j = 1; j <= n; j++) {
          double t = vr * z[0][q] - vi * z[1][q] + coefficients[j];
          vi = vr * z[1][q] + vi * z[0][q];
          vr = t;
          scale = scale * mag + coefficients[j];
        }
        assertEquals(0, Math.hypot(vr, vi) / scale, 1e-12, "degree " + n + " root " + q);
      }
    }
  }

  @Test
  void planeWaveCompensationIsAHighPassTowardsUnity() {
    NearFieldFilter f = NearFieldFilter.design(3, 2, Double.POSITIVE_INFINITY, 48000);
    assertEquals(0, f.digitalMagnitude(0, 48000), 1e-12);
    assertEquals(1, f.digitalMagnitude(24000, 48000), 1e-12);
    assertEquals(f.analogMagnitude(100), f.digitalMagnitude(100, 48000), 1e-3 * f.analogMagnitude(100));
  }

  @Test
  void rejectsBadGeometry() {
    assertThrows(IllegalArgumentException.class, () -> NearFieldFilter.design(2, 0, 1, 48000));
    assertThrows(IllegalArgumentException.class, () -> NearFieldFilter.design(2, Double.POSITIVE_INFINITY, 1, 48000));
    assertThrows(IllegalArgumentException.class, () -> NearFieldFilter.design(2, 1, -1, 48000));
    assertThrows(IllegalArgumentException.class, () -> NearFieldFilter.design(2, 1, 1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> NearFieldFilter.design(-1, 1, 1, 48000));
  }
}
