package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShRotationTest {
  @Test
  void equivarianceInDoubleToOrderTwenty() {
    // M(R)·y(u) = y(R·u) in double: the recurrence's error grows slowly with the order (1e-12 at 20 here).
    SplittableRandom rnd = new SplittableRandom(3);
    for (int order : new int[] {1, 2, 7, 20}) {
      int k = (order + 1) * (order + 1);
      for (int it = 0; it < 5; it++) {
        double yaw = rnd.nextDouble(-3, 3);
        double pitch = rnd.nextDouble(-1.5, 1.5);
        double roll = rnd.nextDouble(-3, 3);
        double[] m = ShRotation.matrix(order, yaw, pitch, roll);
        double[] r = ShRotation.rotation3(yaw, pitch, roll);
        double az = rnd.nextDouble(-Math.PI, Math.PI);
        double el = Math.asin(rnd.nextDouble(-1, 1));
        double[] u = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            v[i] += r[i * 3 + j] * u[j];
          }
        }
        double[] y = SphericalHarmonics.real(order, az, el, Normalization.N3D);
        double[] expected = SphericalHarmonics.real(order, Math.atan2(v[1], v[0]), Math.asin(v[2]), Normalization.N3D);
        for (int i = 0; i < k; i++) {
          double s = 0;
          for (int j = 0; j < k; j++) {
            s += m[i * k + j] * y[j];
          }
          assertEquals(expected[i], s, 1e-11 * Math.sqrt(2 * order + 1), "order " + order + " row " + i);
        }
      }
    }
  }

  @Test
  void yawOnlyClosedFormEqualsTheRecurrence() {
    double[] fast = ShRotation.matrix(9, 0.7, 0, 0);
    double[] general = ShRotation.matrix(9, ShRotation.rotation3(0.7, 0, 0));
    for (int i = 0; i < fast.length; i++) {
      assertEquals(general[i], fast[i], 1e-14);
    }
  }

  @Test
  void yawMovesAzimuthLeft() {
    // Front source, yaw +90°: heard at the left (+y), i.e. ACN 1 (Y) = 1 in SN3D.
    double[] m = ShRotation.matrix(1, Math.PI / 2, 0, 0);
    double[] front = SphericalHarmonics.real(1, 0, 0, Normalization.SN3D);
    double y = 0;
    for (int j = 0; j < 4; j++) {
      y += m[4 + j] * front[j];
    }
    assertEquals(1, y, 1e-15);
  }

  @Test
  void rejectsNonRotations() {
    assertThrows(IllegalArgumentException.class, () -> ShRotation.matrix(2, new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}));
    assertThrows(IllegalArgumentException.class, () -> ShRotation.matrix(2, new double[] {2, 0, 0, 0, 1, 0, 0, 0, 1}));
    assertThrows(IllegalArgumentException.class, () -> ShRotation.matrix(-1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ShRotation.matrix(1, Double.NaN, 0, 0));
  }
}
