package io.jkernels.pipelines.act;

/**
 * Per-channel mean and standard deviation of a rows×channels stream, accumulated block by block in double
 * (Welford's update per channel, so long streams of large values lose no digits). Non-finite values are skipped.
 */
public final class ChannelStats {
  private final int channels;
  private final long[] count;
  private final double[] mean;
  private final double[] m2;

  public ChannelStats(int channels) {
    this.channels = channels;
    this.count = new long[channels];
    this.mean = new double[channels];
    this.m2 = new double[channels];
  }

  /** Adds {@code rows} rows from {@code block} (row-major). */
  public void add(float[] block, int rows) {
    for (int r = 0; r < rows; r++) {
      int base = r * channels;
      for (int c = 0; c < channels; c++) {
        float x = block[base + c];
        if (Float.isFinite(x)) {
          long n = ++count[c];
          double d = x - mean[c];
          mean[c] += d / n;
          m2[c] += d * (x - mean[c]);
        }
      }
    }
  }

  public int channels() {
    return channels;
  }

  public double mean(int c) {
    return mean[c];
  }

  /** Population standard deviation (0 for fewer than two values). */
  public double std(int c) {
    return count[c] > 1 ? Math.sqrt(m2[c] / count[c]) : 0;
  }

  /** Mean over channels of |mean_c − other.mean_c|. */
  public double meanGap(ChannelStats other) {
    double s = 0;
    for (int c = 0; c < channels; c++) {
      s += Math.abs(mean[c] - other.mean[c]);
    }
    return s / channels;
  }

  /** Mean over channels of |std_c − other.std_c|. */
  public double stdGap(ChannelStats other) {
    double s = 0;
    for (int c = 0; c < channels; c++) {
      s += Math.abs(std(c) - other.std(c));
    }
    return s / channels;
  }
}
