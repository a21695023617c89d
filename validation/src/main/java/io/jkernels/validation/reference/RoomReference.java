package io.jkernels.validation.reference;

import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;

/**
 * The sequential float64 truth for the room family: the image-source method as Allen and Berkley (1979) write it,
 * by plain loops, and the impulse response as a direct sum of windowed sincs. Written to read like the paper,
 * never for speed.
 *
 * <p>Allen–Berkley: for q ∈ {0, 1}³ and n ∈ ℤ³, the image at R_q + R_n with R_q = ((1 − 2q_x)s_x, …) and
 * R_n = (2n_x l_x, …) reaches the receiver r over the distance d = |R_q + R_n − r| after |n_x − q_x| reflections
 * on the wall x = 0 and |n_x| on x = l_x (and so on), so its amplitude is Π β^(count) / d with β = √(1 − α).
 */
public final class RoomReference {
  private RoomReference() {}

  /** Hann-windowed sinc of half-width w (the contract of ImageSourceKernels). */
  public static double windowedSinc(double x, int w) {
    if (Math.abs(x) >= w) {
      return 0;
    }
    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return sinc * 0.5 * (1 + Math.cos(Math.PI * x / w));
  }

  /**
   * out[(b·channels + c)·samples + t] = Σ_i gains[b·N + i]·weights[i·channels + c]·h(t − delays[i]) for one room,
   * in double.
   */
  public static double[] synthesize(float[] delays, float[] gains, float[] weights, int images, int bands,
      int channels, int samples, int halfWidth) {
    double[] out = new double[bands * channels * samples];
    for (int i = 0; i < images; i++) {
      double delay = delays[i];
      // h vanishes outside |t − delay| < W: only those samples are summed.
      int from = Math.max(0, (int) Math.floor(delay) - halfWidth);
      int to = Math.min(samples, (int) Math.ceil(delay) + halfWidth + 1);
      for (int t = from; t < to; t++) {
        double h = windowedSinc(t - delay, halfWidth);
        for (int b = 0; b < bands; b++) {
          for (int c = 0; c < channels; c++) {
            out[(b * channels + c) * samples + t] += (double) gains[b * images + i] * weights[i * channels + c] * h;
          }
        }
      }
    }
    return out;
  }

  /**
   * The broadband response of a shoebox room (walls x=0, x=lx, y=0, y=ly, z=0, z=lz with energy absorption
   * {@code alpha}) for a source with cardioid-family directivity a + (1 − a)cos θ about {@code speaking} (a = 1:
   * omni), heard by an ambisonic receiver of {@code order} (or omni when {@code order} &lt; 0), images up to
   * reflection order {@code maxOrder} (all of them reach the output) and no high-pass, planar channels·samples.
   */
  public static double[] response(double[] size, double[] alpha, double[] source, double[] receiver, double a,
      double[] speaking, int order, Normalization normalization, int sampleRate, int samples, int halfWidth,
      int maxOrder) {
    int channels = order < 0 ? 1 : (order + 1) * (order + 1);
    double[] out = new double[channels * samples];
    double c = 343.0;
    for (int qx = 0; qx <= 1; qx++) {
      for (int qy = 0; qy <= 1; qy++) {
        for (int qz = 0; qz <= 1; qz++) {
          for (int nx = -maxOrder; nx <= maxOrder; nx++) {
            for (int ny = -maxOrder; ny <= maxOrder; ny++) {
              for (int nz = -maxOrder; nz <= maxOrder; nz++) {
                int[] q = {qx, qy, qz};
                int[] n = {nx, ny, nz};
                int reflections = 0;
                double amplitude = 1;
                double[] image = new double[3];
                for (int k = 0; k < 3; k++) {
                  image[k] = (1 - 2 * q[k]) * source[k] + 2 * n[k] * size[k];
                  int lower = Math.abs(n[k] - q[k]);
                  int upper = Math.abs(n[k]);
                  reflections += lower + upper;
                  amplitude *= Math.pow(Math.sqrt(1 - alpha[2 * k]), lower)
                      * Math.pow(Math.sqrt(1 - alpha[2 * k + 1]), upper);
                }
                if (reflections > maxOrder) {
                  continue;
                }
                double dx = image[0] - receiver[0];
                double dy = image[1] - receiver[1];
                double dz = image[2] - receiver[2];
                double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                // The real source emits along (receiver − image) mirrored in every axis with q = 1.
                double cos = ((1 - 2 * q[0]) * -dx * speaking[0] + (1 - 2 * q[1]) * -dy * speaking[1]
                    + (1 - 2 * q[2]) * -dz * speaking[2]) / d;
                double gain = amplitude * (a + (1 - a) * cos) / d;
                double delay = d * sampleRate / c;
                double[] weight = order < 0 ? new double[] {1}
                    : SphericalHarmonics.real(order, Math.atan2(dy, dx), Math.atan2(dz, Math.hypot(dx, dy)),
                        normalization);
                // h vanishes outside |t − delay| < W: only those samples are summed.
                int from = Math.max(0, (int) Math.floor(delay) - halfWidth);
                int to = Math.min(samples, (int) Math.ceil(delay) + halfWidth + 1);
                for (int t = from; t < to; t++) {
                  double h = windowedSinc(t - delay, halfWidth);
                  if (h != 0) {
                    for (int ch = 0; ch < channels; ch++) {
                      out[ch * samples + t] += gain * weight[ch] * h;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }
}
