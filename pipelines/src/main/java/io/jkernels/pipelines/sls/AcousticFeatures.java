package io.jkernels.pipelines.sls;

/**
 * Per-band acoustic labels in Spatial LibriSpeech's units ({@code acoustics/*}: 33 third-octave bands, times in
 * milliseconds, ratios in dB); NaN where a band's decay does not reach the range a parameter needs.
 */
public record AcousticFeatures(double[] frequencies, double[] t30Ms, double[] t20Ms, double[] edtMs, double[] c50Db,
    double[] drrDb) {
  public AcousticFeatures {
    int n = frequencies.length;
    if (n == 0 || t30Ms.length != n || t20Ms.length != n || edtMs.length != n || c50Db.length != n
        || drrDb.length != n) {
      throw new IllegalArgumentException("acoustic features: expected equal, non-empty band arrays");
    }
  }

  /** All-NaN labels on {@code frequencies} (a renderer that has no room, or a band set it cannot label). */
  public static AcousticFeatures undefined(double[] frequencies) {
    double[] nan = new double[frequencies.length];
    java.util.Arrays.fill(nan, Double.NaN);
    return new AcousticFeatures(frequencies.clone(), nan, nan.clone(), nan.clone(), nan.clone(), nan.clone());
  }
}
