package io.jkernels.validation.ambisonics;

import io.jkernels.ambisonics.Hrtf;

/**
 * A synthetic, exactly mirror-symmetric head for the binaural checks: directions on four elevation rings
 * (±20°, ±60°, 12 azimuths 30° apart, symmetric under φ → −φ) plus both poles; the left response of (φ, θ) is a
 * smooth function of the direction (an impulse whose delay and gain follow the interaural axis y = sin φ cos θ,
 * with a weaker second tap), and the right response of (φ, θ) is the left one of (−φ, θ).
 */
final class SymmetricHead {
  static final int TAPS = 24;
  static final double RATE = 16000;

  private SymmetricHead() {}

  static Hrtf hrtf() {
    int ringSize = 12;
    double[] rings = {-60, -20, 20, 60};
    int count = rings.length * ringSize + 2;
    double[] az = new double[count];
    double[] el = new double[count];
    int d = 0;
    for (double ring : rings) {
      for (int k = 0; k < ringSize; k++) {
        az[d] = Math.toRadians(30 * k - 150);
        el[d++] = Math.toRadians(ring);
      }
    }
    el[d++] = Math.PI / 2;
    el[d] = -Math.PI / 2;
    float[][] left = new float[count][];
    float[][] right = new float[count][];
    for (int i = 0; i < count; i++) {
      left[i] = ear(az[i], el[i]);
      right[i] = ear(-az[i], el[i]);
    }
    return Hrtf.of(RATE, az, el, left, right, "synthetic symmetric head");
  }

  /** The left ear of direction (φ, θ): louder and earlier when the source is on the left (y &gt; 0). */
  static float[] ear(double azimuth, double elevation) {
    double y = Math.sin(azimuth) * Math.cos(elevation);
    double x = Math.cos(azimuth) * Math.cos(elevation);
    float[] h = new float[TAPS];
    double delay = 6 - 4 * y;
    for (int t = 0; t < TAPS; t++) {
      // a band-limited impulse at a fractional delay (sinc, Hann-windowed), gain 1 + 0.5y, plus a front reflection
      double u = t - delay;
      double window = 0.5 + 0.5 * Math.cos(Math.PI * Math.max(-1, Math.min(1, u / 6)));
      h[t] = (float) ((1 + 0.5 * y) * sinc(u) * window + 0.2 * (1 + x) * (t == 14 ? 1 : 0));
    }
    return h;
  }

  private static double sinc(double u) {
    return Math.abs(u) < 1e-12 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
  }
}
