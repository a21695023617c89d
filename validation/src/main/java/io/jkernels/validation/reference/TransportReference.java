package io.jkernels.validation.reference;

import java.util.Arrays;

/**
 * The sequential float64 truth for the transport family (AcT, Rodriguez et al. 2024, arXiv:2410.23054), written to
 * read like the paper, never for speed.
 */
public final class TransportReference {
  private TransportReference() {}

  /** A per-channel affine map and its support, in double, plus the channels whose source had zero variance. */
  public record Fit(double[] omega, double[] beta, double[] supportMin, double[] supportMax, boolean[] degenerate) {}

  /**
   * Eq. 1, AcT's interpolated transport: y = (1 − λ)·x + λ·T(x) = x + λ(T(x) − x) with T(x) = ω_c x + β_c, for the
   * values inside the support (all finite values when {@code everywhere}); the others, and every non-finite value,
   * are returned as they are.
   */
  public static double[] apply(double[] omega, double[] beta, double[] supportMin, double[] supportMax, float[] x,
      int rows, double lambda, boolean everywhere) {
    int channels = omega.length;
    double[] y = new double[rows * channels];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        double a = x[r * channels + c];
        boolean inSupport = everywhere || (supportMin[c] <= a && a <= supportMax[c]);
        if (Double.isFinite(a) && inSupport) {
          double transported = omega[c] * a + beta[c];
          y[r * channels + c] = a + lambda * (transported - a);
        } else {
          y[r * channels + c] = a;
        }
      }
    }
    return y;
  }

  /**
   * The magnitude of the terms each output of {@link #apply} is rounded from: |x| + |λ|(|ωx| + |β| + |x|) where x
   * is transported, |x| elsewhere (0 for non-finite x). float32 evaluation errs by a few ε times this, whatever
   * cancellation makes of the output itself, so it is the scale apply's error is measured against.
   */
  public static double[] applyTermScale(float[] omega, float[] beta, float[] supportMin, float[] supportMax,
      float[] x, int rows, double lambda, boolean everywhere) {
    int channels = omega.length;
    double[] scale = new double[rows * channels];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        double a = x[r * channels + c];
        boolean inSupport = everywhere || (supportMin[c] <= a && a <= supportMax[c]);
        if (!Double.isFinite(a)) {
          scale[r * channels + c] = 0;
        } else if (inSupport) {
          scale[r * channels + c] = Math.abs(a) + Math.abs(lambda) * (Math.abs(omega[c] * a) + Math.abs(beta[c])
              + Math.abs(a));
        } else {
          scale[r * channels + c] = Math.abs(a);
        }
      }
    }
    return scale;
  }

  /** {@link #apply(double[], double[], double[], double[], float[], int, double, boolean)} for float32 parameters. */
  public static double[] apply(float[] omega, float[] beta, float[] supportMin, float[] supportMax, float[] x,
      int rows, double lambda, boolean everywhere) {
    return apply(widen(omega), widen(beta), widen(supportMin), widen(supportMax), x, rows, lambda, everywhere);
  }

  /**
   * Def. 3.1, Linear-AcT: for each channel, the affine map that best sends the sorted source samples onto the sorted
   * target samples in least squares, ω = Σ ã_(i) b̃_(i) / Σ ã_(i)², β = m_b − ω m_a (ã, b̃ centred). Unequal sample
   * counts are matched at K = min(n_a, n_b) common quantile levels (k + ½)/K. A constant source gets ω = 1,
   * β = m_b − m_a. The support is the source's [min, max].
   */
  public static Fit fit(float[] source, float[] target, int channels) {
    int na = source.length / channels;
    int nb = target.length / channels;
    int count = Math.min(na, nb);
    Fit fit = new Fit(new double[channels], new double[channels], new double[channels], new double[channels],
        new boolean[channels]);
    for (int c = 0; c < channels; c++) {
      double[] a = sortedColumn(source, na, channels, c);
      double[] b = sortedColumn(target, nb, channels, c);
      double[] matchedA = new double[count];
      double[] matchedB = new double[count];
      for (int k = 0; k < count; k++) {
        double level = (k + 0.5) / count;
        matchedA[k] = quantile(a, level);
        matchedB[k] = quantile(b, level);
      }
      double meanA = mean(matchedA);
      double meanB = mean(matchedB);
      double cross = 0;
      double squares = 0;
      for (int k = 0; k < count; k++) {
        cross += (matchedA[k] - meanA) * (matchedB[k] - meanB);
        squares += (matchedA[k] - meanA) * (matchedA[k] - meanA);
      }
      fit.supportMin()[c] = a[0];
      fit.supportMax()[c] = a[na - 1];
      if (a[0] == a[na - 1]) {
        fit.degenerate()[c] = true;
        fit.omega()[c] = 1;
        fit.beta()[c] = meanB - a[0];
      } else {
        fit.omega()[c] = cross / squares;
        fit.beta()[c] = meanB - fit.omega()[c] * meanA;
      }
    }
    return fit;
  }

  /**
   * The empirical quantile of sorted {@code s} at level p: order statistics sit at levels (i + ½)/n, linear in
   * between, constant beyond the first and last.
   */
  public static double quantile(double[] s, double p) {
    int n = s.length;
    double pos = Math.clamp(p * n - 0.5, 0, n - 1);
    int lower = (int) Math.floor(pos);
    int upper = Math.min(lower + 1, n - 1);
    return s[lower] + (pos - lower) * (s[upper] - s[lower]);
  }

  /**
   * torch.quantile's default ("linear") estimate, as ml-act computes its support bands: the order statistics of
   * sorted {@code s} sit at levels i/(n − 1); pos = q·(n − 1), linear between the two around it.
   */
  public static double linearQuantile(double[] s, double q) {
    double pos = q * (s.length - 1);
    int lower = (int) Math.floor(pos);
    int upper = (int) Math.ceil(pos);
    return s[lower] + (pos - lower) * (s[upper] - s[lower]);
  }

  /**
   * ml-act's transport of diffusion activations [batch, channels, plane]: per (b, c) the spatial mean m, its
   * transport m' = m + λ(ωm + β − m) where m is inside the support, and x − m + m' at every position there.
   */
  public static double[] spatialMeanApply(float[] omega, float[] beta, float[] min, float[] max, float[] x,
      int batch, int plane, double lambda) {
    int channels = omega.length;
    double[] y = new double[x.length];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        int base = (b * channels + c) * plane;
        double m = 0;
        for (int i = 0; i < plane; i++) {
          m += x[base + i];
        }
        m /= plane;
        boolean inside = min[c] <= (float) m && (float) m <= max[c];
        double moved = m + lambda * (omega[c] * m + beta[c] - m);
        for (int i = 0; i < plane; i++) {
          y[base + i] = inside ? x[base + i] - m + moved : x[base + i];
        }
      }
    }
    return y;
  }

  /** Mean of column {@code c} of a rows×channels array, in double. */
  public static double columnMean(float[] data, int channels, int c) {
    int rows = data.length / channels;
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += data[r * channels + c];
    }
    return sum / rows;
  }

  /** Unbiased standard deviation of column {@code c} (torch.std's default), in double. */
  public static double columnStd(float[] data, int channels, int c) {
    int rows = data.length / channels;
    double mean = columnMean(data, channels, c);
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += (data[r * channels + c] - mean) * (data[r * channels + c] - mean);
    }
    return Math.sqrt(sum / (rows - 1));
  }

  /** AUROC of a (positives) against b, by its definition: the share of pairs with a &gt; b, ties counted ½. */
  public static double auroc(double[] a, double[] b) {
    double wins = 0;
    for (double x : a) {
      for (double y : b) {
        wins += x > y ? 1 : x == y ? 0.5 : 0;
      }
    }
    return wins / ((double) a.length * b.length);
  }

  /** Column {@code c} of a rows×channels sample array, sorted ascending, in double. */
  public static double[] sortedColumn(float[] data, int rows, int channels, int c) {
    double[] column = new double[rows];
    for (int r = 0; r < rows; r++) {
      column[r] = data[r * channels + c];
    }
    Arrays.sort(column);
    return column;
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static double[] widen(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
