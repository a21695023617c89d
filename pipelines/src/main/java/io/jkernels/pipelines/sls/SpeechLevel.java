package io.jkernels.pipelines.sls;

/**
 * Active speech level, simplified from ITU-T P.56: the RMS over the 10 ms frames whose energy is within
 * {@value #RANGE_DB} dB of the loudest frame, so that pauses do not lower the level of a sparse utterance.
 */
final class SpeechLevel {
  static final double RANGE_DB = 40;

  private SpeechLevel() {}

  static double activeRms(float[] x, int sampleRate) {
    int frame = Math.max(1, sampleRate / 100);
    int frames = (x.length + frame - 1) / frame;
    double[] energy = new double[frames];
    double max = 0;
    for (int f = 0; f < frames; f++) {
      double e = 0;
      int end = Math.min(x.length, (f + 1) * frame);
      for (int t = f * frame; t < end; t++) {
        e += (double) x[t] * x[t];
      }
      energy[f] = e / (end - f * frame);
      max = Math.max(max, energy[f]);
    }
    double threshold = max * Math.pow(10, -RANGE_DB / 10);
    double sum = 0;
    long n = 0;
    for (int f = 0; f < frames; f++) {
      if (energy[f] >= threshold && energy[f] > 0) {
        int len = Math.min(x.length, (f + 1) * frame) - f * frame;
        sum += energy[f] * len;
        n += len;
      }
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }

  /** Mean square of channel {@code c} of a planar signal. */
  static double power(float[][] channels, int c) {
    double s = 0;
    for (float v : channels[c]) {
      s += (double) v * v;
    }
    return channels[c].length == 0 ? 0 : s / channels[c].length;
  }
}
