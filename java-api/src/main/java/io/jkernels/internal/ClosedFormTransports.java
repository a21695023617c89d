package io.jkernels.internal;

import io.jkernels.KernelContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.transport.TransportMap;
import java.util.Arrays;

/**
 * The closed-form estimators of the transport family other than Linear-AcT (Gaussian-AcT, Mean-AcT, AurA, mean
 * difference directions), behind their public classes. Per-channel moments and ranks are reductions in double on the
 * host; the source's support and quantiles come from the backend's fit (its sort), so every estimator's map carries
 * the same bands as a Linear-AcT map. Not API.
 */
public final class ClosedFormTransports {
  private ClosedFormTransports() {}

  /** Per-channel mean and unbiased standard deviation (torch.std's default), two passes in double. */
  record Moments(double[] mean, double[] std) {
    static Moments of(float[] data, int channels) {
      int rows = data.length / channels;
      double[] mean = new double[channels];
      double[] std = new double[channels];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < channels; c++) {
          mean[c] += data[r * channels + c];
        }
      }
      for (int c = 0; c < channels; c++) {
        mean[c] /= rows;
      }
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < channels; c++) {
          double d = data[r * channels + c] - mean[c];
          std[c] += d * d;
        }
      }
      for (int c = 0; c < channels; c++) {
        // One row has no spread to estimate: NaN as torch.std gives, which fails every σ > ε test below.
        std[c] = rows > 1 ? Math.sqrt(std[c] / (rows - 1)) : Double.NaN;
      }
      return new Moments(mean, std);
    }
  }

  /**
   * Gaussian-AcT ({@code meanOnly == false}: ω = σ_b/σ_a, β = μ_b − ω μ_a) or Mean-AcT ({@code meanOnly}: ω = 1,
   * β = μ_b − μ_a), with ml-act's mask: a unit whose σ_a or σ_b is not above {@code stdEps} is not transported
   * (ω = 1, β = 0, empty support). The others' support is the source range; the source quantiles are kept.
   */
  public static TransportMap moments(KernelContext context, float[] source, float[] target, int channels,
      double stdEps, boolean meanOnly) {
    if (!(stdEps >= 0) || Double.isInfinite(stdEps)) {
      throw new IllegalArgumentException("stdEps must be finite and >= 0, got " + stdEps);
    }
    ChannelFits sorted = checkedSort(context, source, target, channels);
    Moments a = Moments.of(source, channels);
    Moments b = Moments.of(target, channels);
    float[] omega = new float[channels];
    float[] beta = new float[channels];
    float[] min = sorted.sourceMin().clone();
    float[] max = sorted.sourceMax().clone();
    for (int c = 0; c < channels; c++) {
      if (!(a.std[c] > stdEps && b.std[c] > stdEps)) {
        omega[c] = 1;
        min[c] = Float.POSITIVE_INFINITY; // masked: an empty support, nothing transported (ml-act's mask)
        max[c] = Float.NEGATIVE_INFINITY;
        continue;
      }
      double w = meanOnly ? 1 : b.std[c] / a.std[c];
      omega[c] = (float) w;
      beta[c] = (float) (b.mean[c] - w * a.mean[c]);
      if (!Float.isFinite(omega[c]) || !Float.isFinite(beta[c])) {
        throw new ArithmeticException("channel " + c + ": the fitted map overflows float32 (omega=" + w + ")");
      }
    }
    return TransportMap.of(omega, beta, min, max, new int[0], sorted.quantiles());
  }

  /**
   * AurA (Suau et al. 2024): per unit the AUROC of the unit's value as a classifier of source (positive) against
   * target samples, ties counted ½ (as scikit-learn's roc_auc_score); ω = 1 − Gini = 2 − 2·AUROC where AUROC &gt; ½,
   * else 1; β = 0, on the whole real line (AurA dampens every value).
   */
  public static TransportMap aura(KernelContext context, float[] source, float[] target, int channels) {
    TransportArguments.context(context);
    checkSamples(source, target, channels);
    int na = source.length / channels;
    int nb = target.length / channels;
    float[] omega = new float[channels];
    float[] a = new float[na];
    float[] b = new float[nb];
    for (int c = 0; c < channels; c++) {
      for (int r = 0; r < na; r++) {
        a[r] = source[r * channels + c];
      }
      for (int r = 0; r < nb; r++) {
        b[r] = target[r * channels + c];
      }
      Arrays.sort(a);
      Arrays.sort(b);
      double auroc = auroc(a, b);
      omega[c] = (float) (auroc > 0.5 ? 1 - 2 * (auroc - 0.5) : 1);
    }
    return TransportMap.affine(omega, new float[channels]);
  }

  /** P(a &gt; b) + ½ P(a = b) for sorted samples, by one merge: Σ over a of (#b below + ½ #b equal). */
  static double auroc(float[] a, float[] b) {
    int lo = 0;
    int hi = 0;
    double wins = 0;
    for (float v : a) {
      while (lo < b.length && b[lo] < v) {
        lo++;
      }
      hi = Math.max(hi, lo);
      while (hi < b.length && b[hi] == v) {
        hi++;
      }
      wins += lo + 0.5 * (hi - lo);
    }
    return wins / ((double) a.length * b.length);
  }

  /**
   * A mean-difference direction (CAA, Rimsky et al. 2024; ActAdd with one row per side): ω = 1,
   * β = multiplier·(μ_b − μ_a), on the whole real line.
   */
  public static TransportMap meanDifference(float[] source, float[] target, int channels, float multiplier) {
    checkSamples(source, target, channels);
    if (!Float.isFinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite, got " + multiplier);
    }
    Moments a = Moments.of(source, channels);
    Moments b = Moments.of(target, channels);
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      shift[c] = (float) (multiplier * (b.mean[c] - a.mean[c]));
    }
    float[] omega = new float[channels];
    Arrays.fill(omega, 1);
    return TransportMap.affine(omega, shift);
  }

  private static void checkSamples(float[] source, float[] target, int channels) {
    Arguments.notNull(source, "source");
    Arguments.notNull(target, "target");
    TransportArguments.requireChannels(channels);
    TransportArguments.sampleRows("source", source.length, channels);
    TransportArguments.sampleRows("target", target.length, channels);
    TransportArguments.requireFinite("source", source, channels, 0);
    TransportArguments.requireFinite("target", target, channels, 0);
  }

  /** The backend's sort of both sides (support and source quantiles), after every check. */
  private static ChannelFits checkedSort(KernelContext context, float[] source, float[] target, int channels) {
    BackendContext ctx = TransportArguments.context(context);
    checkSamples(source, target, channels);
    KernelBackend kernels = ctx.kernels();
    try (Buffer a = kernels.bindArray(source); Buffer b = kernels.bindArray(target)) {
      return kernels.transport().fit(a, source.length / channels, b, target.length / channels, channels);
    }
  }
}
