package io.jkernels.pipelines.sls;

import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;

/**
 * The anechoic scene: each source reaches the receiver by its direct path only, delayed by {@code d/c} (rounded to
 * the nearest sample) with gain {@code 1/d} and encoded (ACN/SN3D) from its direction of arrival. The room drawn
 * for the sample is recorded but has no walls here, so the acoustic labels are NaN. It is exact, which is what the
 * convention checks need (the labels must point where the B-format points), and it renders at memory speed, since
 * every response has a single tap per channel.
 */
public final class FreeFieldRenderer implements SceneRenderer {
  private static final double C = 343.0;
  /** The 33 third-octave centres of the labels (base-ten, 10^(b/10) steps ending at 8 kHz, the 16 kHz Nyquist band). */
  static final double[] BANDS = bands();

  private static double[] bands() {
    double[] f = new double[33];
    for (int b = 0; b < 33; b++) {
      f[b] = 8000 * Math.pow(10, (b - 32) / 10.0);
    }
    return f;
  }

  @Override
  public String name() {
    return "free-field";
  }

  @Override
  public String directivity(Conditions conditions) {
    return "omni";
  }

  @Override
  public Responses responses(Conditions c, int sampleRate, double seconds, int order, boolean array) {
    double maxD = Math.max(c.distance(), c.noiseDistance());
    int len = (int) Math.ceil(maxD / C * sampleRate) + 2;
    float[] speech = encode(c.source(), c.receiver(), order, sampleRate, len);
    float[] noise = encode(c.noise(), c.receiver(), order, sampleRate, len);
    float[] omni = new float[len];
    double d = c.distance();
    omni[(int) Math.round(d / C * sampleRate)] = (float) (1 / d);
    return new Responses(speech, noise, omni, null, len);
  }

  private static float[] encode(double[] src, double[] rcv, int order, int fs, int len) {
    double[] v = Conditions.sub(src, rcv);
    double d = Conditions.norm(v);
    double[] y = SphericalHarmonics.real(order, Math.atan2(v[1], v[0]), Math.atan2(v[2], Math.hypot(v[0], v[1])),
        Normalization.SN3D);
    float[] out = new float[y.length * len];
    int tap = (int) Math.round(d / C * fs);
    for (int ch = 0; ch < y.length; ch++) {
      out[ch * len + tap] = (float) (y[ch] / d);
    }
    return out;
  }

  /** Sparse convolution: only the non-zero taps of each response cost anything. */
  @Override
  public float[][] convolve(float[] signal, float[][] responses) {
    float[][] out = new float[responses.length][];
    for (int r = 0; r < responses.length; r++) {
      float[] h = responses[r];
      float[] y = new float[signal.length + h.length - 1];
      for (int k = 0; k < h.length; k++) {
        float g = h[k];
        if (g != 0) {
          for (int t = 0; t < signal.length; t++) {
            y[t + k] += g * signal[t];
          }
        }
      }
      out[r] = y;
    }
    return out;
  }

  @Override
  public AcousticFeatures labels(float[] omniResponse, int sampleRate) {
    return AcousticFeatures.undefined(BANDS);
  }
}
