package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecoderTest {
  @Test
  void maxReRadiusIsTheLargestLegendreRoot() {
    // Closed forms: P_2 → 1/√3, P_3 → √(3/5), P_4 → √((3 + 2√(6/5))/7).
    assertEquals(1 / Math.sqrt(3), Decoder.maxReRadius(1), 1e-15);
    assertEquals(Math.sqrt(0.6), Decoder.maxReRadius(2), 1e-15);
    assertEquals(Math.sqrt((3 + 2 * Math.sqrt(1.2)) / 7), Decoder.maxReRadius(3), 1e-15);
    assertEquals(1, Decoder.maxReWeights(4)[0], 0);
  }

  @Test
  void tDesignsAreDesigns() {
    // Σ_l P_n(u_l·v) = 0 for 1 ≤ n ≤ t and any v: the defining property, checked for the tabulated sets.
    for (int t = 1; t <= 21; t++) {
      SpeakerLayout d = SpeakerLayout.tDesign(t);
      double[] v = {0.3, -0.5, Math.sqrt(1 - 0.34)};
      for (int n = 1; n <= t; n++) {
        double sum = 0;
        for (int l = 0; l < d.size(); l++) {
          double[] u = d.unitVector(l);
          double x = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
          double p0 = 1;
          double p1 = x;
          for (int j = 2; j <= n; j++) {
            double p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j;
            p0 = p1;
            p1 = p2;
          }
          sum += p1;
        }
        // Most tabulated sets are designs to 1e-10 (1e-13 to 16 digits for most); those of degree 15 to 18 and 21 only to about 3e-7 (as
        // published; SpeakerLayout.tDesign says so).
        double tolerance = (t >= 15 && t <= 18) || t == 21 ? 5e-7 : 1e-10;
        assertEquals(0, sum / d.size(), tolerance, "t-design " + t + " degree " + n);
      }
    }
  }

  @Test
  void modeMatchingReproducesTheField() {
    // Re-encoding the MMD feeds gives back the B-format: Y·D = I (in N3D), on an irregular but full-rank layout.
    SpeakerLayout layout = SpeakerLayout.tDesign(9); // 48 points, order 3 needs 16
    Decoder d = Decoder.modeMatching(layout, 3, Normalization.N3D);
    double[] y = SphericalHarmonics.real(3, layout.azimuths(), layout.elevations(), Normalization.N3D);
    for (int a = 0; a < 16; a++) {
      for (int b = 0; b < 16; b++) {
        double s = 0;
        for (int l = 0; l < layout.size(); l++) {
          s += y[l * 16 + a] * d.gain(l, b);
        }
        assertEquals(a == b ? 1 : 0, s, 1e-12);
      }
    }
  }

  @Test
  void allRadPansAFrontSourceToTheFront() {
    for (SpeakerLayout layout : new SpeakerLayout[] {SpeakerLayout.stereo(), SpeakerLayout.surround51(),
        SpeakerLayout.surround714(), SpeakerLayout.cube()}) {
      double[] g = Decoder.allRad(layout, 3).withMaxRe().gains(0, 0);
      double[] v = new double[3];
      for (int l = 0; l < g.length; l++) {
        double[] u = layout.unitVector(l);
        for (int c = 0; c < 3; c++) {
          v[c] += g[l] * g[l] * u[c];
        }
      }
      // The energy vector points forward: within 2° on these left/right-symmetric layouts (the virtual t-design
      // itself is not mirror-symmetric, so the balance is not exact).
      assertEquals(0, Math.atan2(v[1], v[0]), Math.toRadians(2), layout.name());
      assertEquals(true, v[0] > 0, layout.name());
    }
  }

  @Test
  void rejectsWhatCannotBeDecoded() {
    assertThrows(IllegalArgumentException.class, () -> Decoder.modeMatching(SpeakerLayout.quad(), 1));
    assertThrows(IllegalArgumentException.class, () -> Decoder.energyPreserving(SpeakerLayout.stereo(), 1));
    assertThrows(IllegalArgumentException.class, () -> Decoder.allRad(SpeakerLayout.cube(), 11));
    assertThrows(IllegalArgumentException.class,
        () -> Decoder.allRad(SpeakerLayout.of(new double[] {0}, new double[] {0}), 1));
    assertThrows(IllegalArgumentException.class, () -> Decoder.sampling(SpeakerLayout.cube(), 2, Normalization.FUMA));
    assertThrows(NullPointerException.class, () -> Decoder.sampling(null, 1));
    assertThrows(IllegalArgumentException.class,
        () -> SpeakerLayout.of(new double[] {0, 0}, new double[] {0.1, 0.1}));
  }
}
