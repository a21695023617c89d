package io.jkernels.validation.transport;

import io.jkernels.KernelContext;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Errors;
import java.util.SplittableRandom;

/** Fits whose answer is known in closed form: affine images of one grid give that affine map exactly. */
final class AnalyticFits {
  private AnalyticFits() {}

  /**
   * Source = μ_s + σ_s·z_k, target = μ_t + σ_t·z_k with z_k the standard normal quantiles at (k + ½)/n, each
   * column shuffled: the sorted pairs lie on one line, so ω = σ_t/σ_s and β = μ_t − ω·μ_s exactly.
   */
  static double gaussianGrid(KernelContext context, SplittableRandom random, int n, int channels) {
    double[] z = new double[n];
    for (int k = 0; k < n; k++) {
      z[k] = inverseNormal((k + 0.5) / n);
    }
    return affineImages(context, random, z, z, channels);
  }

  /**
   * Uniform grids u_k = (k + ½)/n of unequal sizes: source = a + w_s·u, target = b + w_t·u. Linear interpolation of
   * a linear quantile function is exact, so the quantile matching gives ω = w_t/w_s and β = b − ω·a exactly.
   */
  static double uniformGrids(KernelContext context, SplittableRandom random, int sourceRows, int targetRows,
      int channels) {
    return affineImages(context, random, grid(sourceRows), grid(targetRows), channels);
  }

  /** target = source + δ row by row (shuffled independently): ω = 1, β = δ. */
  static double pureShift(KernelContext context, SplittableRandom random) {
    int n = 513;
    double[] z = new double[n];
    for (int k = 0; k < n; k++) {
      z[k] = TransportChecks.gaussian(random);
    }
    int channels = 3;
    float[] source = new float[n * channels];
    float[] target = new float[n * channels];
    double[] expected = new double[2 * channels];
    for (int c = 0; c < channels; c++) {
      double delta = random.nextDouble(-4, 4);
      int[] order = permutation(random, n);
      for (int k = 0; k < n; k++) {
        source[k * channels + c] = (float) z[k];
        target[order[k] * channels + c] = (float) (z[k] + delta);
      }
      expected[c] = 1;
      expected[channels + c] = delta;
    }
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    return Errors.relative(TransportChecks.concat(map.omega(), map.beta()), expected);
  }

  private static double affineImages(KernelContext context, SplittableRandom random, double[] sourceGrid,
      double[] targetGrid, int channels) {
    int na = sourceGrid.length;
    int nb = targetGrid.length;
    float[] source = new float[na * channels];
    float[] target = new float[nb * channels];
    double[] expected = new double[2 * channels];
    for (int c = 0; c < channels; c++) {
      double muS = random.nextDouble(-2, 2);
      double sigmaS = random.nextDouble(0.5, 3);
      double muT = random.nextDouble(-2, 2);
      double sigmaT = random.nextDouble(0.5, 3) * (random.nextBoolean() ? 1 : 0.1);
      int[] orderA = permutation(random, na);
      int[] orderB = permutation(random, nb);
      for (int k = 0; k < na; k++) {
        source[orderA[k] * channels + c] = (float) (muS + sigmaS * sourceGrid[k]);
      }
      for (int k = 0; k < nb; k++) {
        target[orderB[k] * channels + c] = (float) (muT + sigmaT * targetGrid[k]);
      }
      double omega = sigmaT / sigmaS;
      expected[c] = omega;
      expected[channels + c] = muT - omega * muS;
    }
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    return Errors.relative(TransportChecks.concat(map.omega(), map.beta()), expected);
  }

  private static double[] grid(int n) {
    double[] u = new double[n];
    for (int k = 0; k < n; k++) {
      u[k] = (k + 0.5) / n;
    }
    return u;
  }

  private static int[] permutation(SplittableRandom random, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9). Its accuracy does not matter here:
   * source and target share the same z, so any z gives the stated ω and β exactly.
   */
  static double inverseNormal(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -inverseNormal(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
