package io.jkernels.internal.room;

/**
 * The energy decay curve of an impulse response by Schroeder's backward integration (Schroeder 1965), with the
 * noise floor handled as Lundeby et al. (1995) propose, simplified: (1) the squared response is averaged in 10 ms
 * windows from the onset; (2) the noise level is the mean square of the last 10 %; (3) a line is fitted (least
 * squares, dB over time) to the window levels from the first window down to 10 dB above the noise; (4) the
 * truncation point t₁ is where that line meets the noise level; (5) the noise is re-estimated from 5 dB of decay
 * past t₁ to the end (at least the last 10 %) and steps 3–5 repeat until t₁ moves by less than a window (at most
 * 5 times). The integral is truncated at t₁ and the energy the fitted exponential would have had after t₁ is
 * added back (Lundeby's compensation C). Without a noise floor the last 10 % is just the decay's own tail, t₁
 * lands near the end and C restores what the truncation of the response itself cut. Not API.
 */
public final class SchroederDecay {
  private static final double WINDOW_SECONDS = 0.010;

  /** EDC in dB re its value at the onset, from the onset to t₁ (index 0 = onset). */
  public final double[] decibels;
  public final int onset;
  public final int truncation;
  public final int sampleRate;

  private SchroederDecay(double[] decibels, int onset, int truncation, int sampleRate) {
    this.decibels = decibels;
    this.onset = onset;
    this.truncation = truncation;
    this.sampleRate = sampleRate;
  }

  /** Onset by ISO 3382-1 A.3.4: the first sample whose energy is within 20 dB of the peak's; −1 if all zero. */
  public static int onset(float[] h) {
    double peak = 0;
    for (float v : h) {
      peak = Math.max(peak, (double) v * v);
    }
    if (peak == 0) {
      return -1;
    }
    for (int t = 0; t < h.length; t++) {
      if ((double) h[t] * h[t] >= peak * 0.01) {
        return t;
      }
    }
    return -1;
  }

  /** The decay of {@code h}, or null when the response is silent. */
  public static SchroederDecay of(float[] h, int sampleRate) {
    int onset = onset(h);
    if (onset < 0) {
      return null;
    }
    int n = h.length - onset;
    int window = Math.max(1, (int) Math.round(WINDOW_SECONDS * sampleRate));
    int windows = n / window;
    int truncation = h.length;
    double compensation = 0;
    if (windows >= 4) {
      double[] level = new double[windows];
      for (int k = 0; k < windows; k++) {
        double sum = 0;
        for (int t = 0; t < window; t++) {
          double v = h[onset + k * window + t];
          sum += v * v;
        }
        level[k] = 10 * Math.log10(Math.max(sum / window, Double.MIN_NORMAL));
      }
      int tail = Math.max(1, n / 10);
      double noise = meanSquareDb(h, h.length - tail, h.length);
      double slope = Double.NaN;
      double intercept = Double.NaN;
      int previous = -1;
      for (int iteration = 0; iteration < 5; iteration++) {
        int last = 0;
        while (last + 1 < windows && level[last + 1] > noise + 10) {
          last++;
        }
        if (last < 1) {
          break; // the decay is buried in noise from the start: no truncation point
        }
        double[] fit = line(level, 0, last + 1, window);
        if (!(fit[0] < 0)) {
          break;
        }
        slope = fit[0]; // dB per sample
        intercept = fit[1];
        int crossing = (int) Math.round((noise - intercept) / slope);
        crossing = Math.max(window, Math.min(n, crossing));
        truncation = onset + crossing;
        if (previous >= 0 && Math.abs(crossing - previous) < window) {
          break;
        }
        previous = crossing;
        int from = Math.min(onset + crossing + (int) Math.round(-5 / slope), h.length - tail);
        noise = meanSquareDb(h, Math.max(onset, from), h.length);
      }
      if (slope < 0 && truncation < h.length) {
        // Energy of the fitted exponential E(t) = 10^((intercept + slope·t)/10) per sample after t₁.
        double k = -slope * Math.log(10) / 10;
        double atTruncation = Math.pow(10, (intercept + slope * (truncation - onset)) / 10);
        compensation = atTruncation / k;
      } else if (slope < 0) {
        double k = -slope * Math.log(10) / 10;
        compensation = Math.pow(10, (intercept + slope * n) / 10) / k;
      }
    }
    double[] edc = new double[truncation - onset];
    double sum = compensation;
    for (int t = truncation - 1; t >= onset; t--) {
      double v = h[t];
      sum += v * v;
      edc[t - onset] = sum;
    }
    double total = edc[0];
    double[] db = new double[edc.length];
    for (int t = 0; t < edc.length; t++) {
      db[t] = 10 * Math.log10(edc[t] / total);
    }
    return new SchroederDecay(db, onset, truncation, sampleRate);
  }

  /**
   * Decay time extrapolated to 60 dB from a least-squares line through the EDC between {@code upperDb} and
   * {@code lowerDb} (e.g. −5 and −35 for T30; 0 and −10 for EDT); NaN when the EDC does not reach {@code lowerDb}
   * before the truncation point.
   */
  public double decayTime(double upperDb, double lowerDb) {
    int from = -1;
    int to = -1;
    for (int t = 0; t < decibels.length; t++) {
      if (from < 0 && decibels[t] <= upperDb) {
        from = t;
      }
      if (decibels[t] < lowerDb) {
        to = t;
        break;
      }
    }
    if (from < 0 || to < 0 || to - from < 2) {
      return Double.NaN;
    }
    double[] fit = line(decibels, from, to, 1);
    return fit[0] < 0 ? -60 / (fit[0] * sampleRate) : Double.NaN;
  }

  /** Least-squares slope and intercept of y[k] over x = k·spacing + spacing/2·(spacing > 1), k in [from, to). */
  private static double[] line(double[] y, int from, int to, int spacing) {
    double offset = spacing > 1 ? spacing / 2.0 : 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int m = to - from;
    for (int k = from; k < to; k++) {
      double x = (double) k * spacing + offset;
      sx += x;
      sy += y[k];
      sxx += x * x;
      sxy += x * y[k];
    }
    double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    return new double[] {slope, (sy - slope * sx) / m};
  }

  private static double meanSquareDb(float[] h, int from, int to) {
    double sum = 0;
    for (int t = from; t < to; t++) {
      sum += (double) h[t] * h[t];
    }
    return 10 * Math.log10(Math.max(sum / Math.max(1, to - from), Double.MIN_NORMAL));
  }
}
