package io.jkernels.kernels.transport;

/**
 * The source quantiles a transport fit keeps per channel: the eighteen levels of ml-act's nine support bands
 * ({@code act/utils/quantiles.py}: 0–100 %, 0.5–99.5 %, 1–99 %, 2–98 %, 5–95 %, 10–90 %, 20–80 %, 30–70 %,
 * 40–60 %), estimated from the sorted source column that the fit sorts anyway.
 *
 * <p>The estimator is {@code torch.quantile}'s default ("linear"): for a sorted column s of n values and level q,
 * pos = q·(n − 1), below = ⌊pos⌋, above = ⌈pos⌉, w = pos − below, and the value is torch's lerp of s[below] and
 * s[above] by w (w &lt; 0.5: s_b + w·(s_a − s_b), else s_a − (s_a − s_b)·(1 − w)), all in double as ml-act's
 * Gaussian and Mean hooks compute it, then rounded to float32. Every backend gathers the two order statistics of
 * each level and calls {@link #value}, so all backends agree bit for bit.
 */
public final class SourceQuantiles {
  /** The levels, ascending; band k (k = 0..8) is [LEVELS[k], LEVELS[17 − k]]. */
  public static final double[] LEVELS = {
    0.0, 0.005, 0.01, 0.02, 0.05, 0.10, 0.20, 0.30, 0.40, 0.60, 0.70, 0.80, 0.90, 0.95, 0.98, 0.99, 0.995, 1.0
  };

  public static final int COUNT = LEVELS.length;

  private SourceQuantiles() {}

  /** Index of the lower order statistic of level {@code level} in a sorted column of {@code n} values. */
  public static long below(long n, int level) {
    return (long) Math.floor(LEVELS[level] * (n - 1));
  }

  /** Index of the upper order statistic of level {@code level}. */
  public static long above(long n, int level) {
    return (long) Math.ceil(LEVELS[level] * (n - 1));
  }

  /** The quantile of level {@code level} from its two order statistics (see the class comment). */
  public static float value(float below, float above, long n, int level) {
    double pos = LEVELS[level] * (n - 1);
    double w = pos - Math.floor(pos);
    double b = below;
    double a = above;
    return (float) (w < 0.5 ? b + w * (a - b) : a - (a - b) * (1 - w));
  }

  /** Fills level-major {@code out[level·channels + c]} for channel c from its sorted column {@code s[0..n)}. */
  public static void fill(float[] s, int n, int c, int channels, float[] out) {
    for (int level = 0; level < COUNT; level++) {
      out[level * channels + c] = value(s[(int) below(n, level)], s[(int) above(n, level)], n, level);
    }
  }
}
