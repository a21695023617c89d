package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {
  private static final double HALF_PI = Math.PI / 2;

  @Test
  void goldenValuesAtAzimuthNinety() {
    // The values DESIGN/issue 10 publish for a source at the left (az 90°, el 0); exact to double rounding.
    assertArrayEquals(new double[] {1, 1, 0, 0}, SphericalHarmonics.real(1, HALF_PI, 0, Normalization.SN3D), 1e-15);
    assertArrayEquals(new double[] {1, Math.sqrt(3), 0, 0},
        SphericalHarmonics.real(1, HALF_PI, 0, Normalization.N3D), 1e-15);
    assertArrayEquals(new double[] {0.28209479177387814, 0.4886025119029199, 0, 0},
        SphericalHarmonics.real(1, HALF_PI, 0, Normalization.ORTHONORMAL), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(0.5), 0, 1, 0},
        SphericalHarmonics.real(1, HALF_PI, 0, Normalization.FUMA), 1e-15);
  }

  @Test
  void secondOrderClosedForms() {
    // SN3D closed forms (no Condon–Shortley phase): ACN 4..8 = √3/2 cos²θ sin2φ, √3/2 sin2θ sinφ, (3 sin²θ − 1)/2,
    // √3/2 sin2θ cosφ, √3/2 cos²θ cos2φ.
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 50; i++) {
      double az = rnd.nextDouble(-Math.PI, Math.PI);
      double el = rnd.nextDouble(-HALF_PI, HALF_PI);
      double[] y = SphericalHarmonics.real(2, az, el, Normalization.SN3D);
      double c = Math.cos(el);
      double s = Math.sin(el);
      double r3 = Math.sqrt(3) / 2;
      double[] expected = {1, Math.sin(az) * c, s, Math.cos(az) * c, r3 * c * c * Math.sin(2 * az),
          r3 * Math.sin(2 * el) * Math.sin(az), (3 * s * s - 1) / 2, r3 * Math.sin(2 * el) * Math.cos(az),
          r3 * c * c * Math.cos(2 * az)};
      assertArrayEquals(expected, y, 1e-14);
    }
  }

  @Test
  void orthonormalUpToOrderTwentyFiveByQuadrature() {
    // Gauss–Legendre in sin θ (exact for polynomials of degree < 2·points) × equiangular in φ integrates products of
    // harmonics of order ≤ 25 exactly; the Gram matrix must be the identity to double rounding.
    int order = 25;
    int k = (order + 1) * (order + 1);
    int points = order + 1;
    double[][] gl = gaussLegendre(points);
    int azimuths = 2 * order + 2;
    double[] gram = new double[k * k];
    for (int i = 0; i < points; i++) {
      double el = Math.asin(gl[0][i]);
      for (int j = 0; j < azimuths; j++) {
        double az = 2 * Math.PI * j / azimuths;
        double[] y = SphericalHarmonics.real(order, az, el, Normalization.ORTHONORMAL);
        double w = gl[1][i] * 2 * Math.PI / azimuths;
        for (int a = 0; a < k; a++) {
          for (int b = 0; b < k; b++) {
            gram[a * k + b] += w * y[a] * y[b];
          }
        }
      }
    }
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        assertEquals(a == b ? 1 : 0, gram[a * k + b], 1e-12, "Gram entry " + a + "," + b);
      }
    }
  }

  @Test
  void polesHaveOnlyZonalTermsAtHighOrder() {
    double[] y = SphericalHarmonics.real(40, 0.3, HALF_PI, Normalization.N3D);
    for (int n = 0; n <= 40; n++) {
      for (int m = -n; m <= n; m++) {
        double expected = m == 0 ? Math.sqrt(2 * n + 1) : 0; // P_n(1) = 1
        assertEquals(expected, y[n * n + n + m], 1e-9 * Math.sqrt(2 * n + 1), "n=" + n + " m=" + m);
      }
    }
  }

  @Test
  void fumaConversionReordersAndScales() {
    int samples = 3;
    float[] sn3d = new float[4 * samples];
    for (int i = 0; i < sn3d.length; i++) {
      sn3d[i] = i + 1;
    }
    float[] fuma = SphericalHarmonics.convert(sn3d, 1, Normalization.SN3D, Normalization.FUMA);
    assertEquals((float) (1 / Math.sqrt(2)), fuma[0], 1e-7f); // W scaled
    assertEquals(sn3d[3 * samples], fuma[samples]); // X = ACN 3
    assertEquals(sn3d[samples], fuma[2 * samples]); // Y = ACN 1
    assertEquals(sn3d[2 * samples], fuma[3 * samples]); // Z = ACN 2
    assertArrayEquals(sn3d, SphericalHarmonics.convert(fuma, 1, Normalization.FUMA, Normalization.SN3D), 1e-6f);
  }

  @Test
  void badInput() {
    assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.real(-1, 0, 0, Normalization.SN3D));
    assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.real(2, 0, 0, Normalization.FUMA));
    assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.real(1, Double.NaN, 0, Normalization.N3D));
    assertThrows(NullPointerException.class, () -> SphericalHarmonics.real(1, 0, 0, null));
    assertThrows(IllegalArgumentException.class,
        () -> SphericalHarmonics.convert(new float[5], 1, Normalization.SN3D, Normalization.N3D));
  }

  /** Nodes (row 0) and weights (row 1) of n-point Gauss–Legendre on [−1, 1], by Newton on P_n. */
  static double[][] gaussLegendre(int n) {
    double[][] r = new double[2][n];
    for (int i = 0; i < n; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double dp = 0;
      for (int it = 0; it < 100; it++) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= n; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        dp = n * (x * p1 - p0) / (x * x - 1);
        double dx = p1 / dp;
        x -= dx;
        if (Math.abs(dx) < 1e-16) {
          break;
        }
      }
      r[0][i] = x;
      r[1][i] = 2 / ((1 - x * x) * dp * dp);
    }
    return r;
  }
}
