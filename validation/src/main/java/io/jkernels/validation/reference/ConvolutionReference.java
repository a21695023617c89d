package io.jkernels.validation.reference;

/**
 * Sequential float64 references of the convolution and binaural operations: the direct sums, as written in the
 * javadoc of {@code Ambisonics.convolve} and {@code BinauralDecoder}.
 */
public final class ConvolutionReference {
  private ConvolutionReference() {}

  /** y[t] = Σ_s h[s]·x[t − s], t &lt; n + m − 1. */
  public static double[] convolve(float[] x, float[] h) {
    double[] y = new double[x.length + h.length - 1];
    for (int s = 0; s < h.length; s++) {
      for (int t = 0; t < x.length; t++) {
        y[t + s] += (double) h[s] * x[t];
      }
    }
    return y;
  }

  /**
   * {left, right}: ear_e = Σ_c F_e,c ∗ b_c over the channels of a planar B-format (channel c at
   * {@code c*samples + t}); {@code filters[e][c]} are the decoder's SH-domain filters.
   */
  public static double[][] binaural(float[][][] filters, float[] bformat) {
    int channels = filters[0].length;
    int samples = bformat.length / channels;
    int taps = filters[0][0].length;
    double[][] out = new double[2][samples + taps - 1];
    for (int e = 0; e < 2; e++) {
      for (int c = 0; c < channels; c++) {
        float[] channel = java.util.Arrays.copyOfRange(bformat, c * samples, (c + 1) * samples);
        double[] part = convolve(channel, filters[e][c]);
        for (int t = 0; t < part.length; t++) {
          out[e][t] += part[t];
        }
      }
    }
    return out;
  }
}
