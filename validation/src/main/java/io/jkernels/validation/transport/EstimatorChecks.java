package io.jkernels.validation.transport;

import io.jkernels.KernelContext;
import io.jkernels.transport.AuraTransport;
import io.jkernels.transport.DirectionTransport;
import io.jkernels.transport.GaussianTransport;
import io.jkernels.transport.MeanTransport;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.TransportReference;
import java.util.SplittableRandom;

/**
 * The other estimators of the family (Gaussian-AcT, Mean-AcT, AurA, mean-difference directions) against the float64
 * reference, and their maps applied against ml-act's own formulas.
 */
final class EstimatorChecks {
  private EstimatorChecks() {}

  /** ω, β of Gaussian-AcT (or Mean-AcT) against μ and σ in double; one constant channel must come out masked. */
  static double moments(KernelContext context, SplittableRandom random, int rows, int channels, boolean meanOnly) {
    float[] source = TransportChecks.gaussianSamples(random, rows, TransportChecks.uniform(random, channels, -3, 3),
        TransportChecks.uniform(random, channels, 0.1, 4));
    float[] target = TransportChecks.gaussianSamples(random, rows + 5, TransportChecks.uniform(random, channels, -3, 3),
        TransportChecks.uniform(random, channels, 0.1, 4));
    int constant = channels - 1; // masked: σ_a = 0
    for (int r = 0; r < rows; r++) {
      source[r * channels + constant] = 1.25f;
    }
    double eps = GaussianTransport.DEFAULT_STD_EPS;
    TransportMap map = meanOnly ? MeanTransport.fit(context, source, target, channels, eps)
        : GaussianTransport.fit(context, source, target, channels, eps);
    double[] omega = new double[channels];
    double[] beta = new double[channels];
    for (int c = 0; c < channels; c++) {
      double sa = TransportReference.columnStd(source, channels, c);
      double sb = TransportReference.columnStd(target, channels, c);
      if (!(sa > eps && sb > eps)) {
        omega[c] = 1;
        if (map.supportMin()[c] <= map.supportMax()[c]) {
          throw new AssertionError("channel " + c + " has σ_a=" + sa + ", σ_b=" + sb + " but is not masked");
        }
        continue;
      }
      omega[c] = meanOnly ? 1 : sb / sa;
      beta[c] = TransportReference.columnMean(target, channels, c) - omega[c]
          * TransportReference.columnMean(source, channels, c);
    }
    if (!map.hasSourceQuantiles()) {
      throw new AssertionError("a moment fit must keep the source quantiles");
    }
    return Errors.relative(TransportChecks.concat(map.omega(), map.beta()), TransportChecks.concat(omega, beta));
  }

  /**
   * The Gaussian map applied with strength s against ml-act's GaussianOTHook.forward in double:
   * (1 − s)·z + s·(σ_b/σ_a·(z − μ_a) + μ_b) inside the support, z outside (masked units untouched).
   */
  static double gaussianAgainstMlActFormula(KernelContext context, SplittableRandom random) {
    int channels = 13;
    int rows = 300;
    float[] source = TransportChecks.gaussianSamples(random, rows, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.5, 2));
    float[] target = TransportChecks.gaussianSamples(random, rows, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.5, 2));
    TransportMap map = GaussianTransport.fit(context, source, target, channels, 1e-4).withMlActSupport("q_all");
    float s = 0.8f;
    float[] y = source.clone();
    context.transport().apply(map, y, rows, s, Support.SOURCE_RANGE);
    double[] ref = new double[y.length];
    double[] scale = new double[y.length];
    for (int c = 0; c < channels; c++) {
      double mu1 = TransportReference.columnMean(source, channels, c);
      double mu2 = TransportReference.columnMean(target, channels, c);
      double ratio = TransportReference.columnStd(target, channels, c) / TransportReference.columnStd(source,
          channels, c);
      for (int r = 0; r < rows; r++) {
        double z = source[r * channels + c];
        double ot = ratio * (z - mu1) + mu2;
        ref[r * channels + c] = (1 - s) * z + s * ot;
        scale[r * channels + c] = Math.abs(z) + Math.abs(ratio * z) + Math.abs(mu2 - ratio * mu1);
      }
    }
    return Errors.relativeToScale(y, ref, scale);
  }

  /** AurA's ω against the AUROC by its pairwise definition; values rounded to a coarse grid so ties occur. */
  static double aura(KernelContext context, SplittableRandom random, int sourceRows, int targetRows, int channels) {
    float[] source = new float[sourceRows * channels];
    float[] target = new float[targetRows * channels];
    float[] shift = TransportChecks.uniform(random, channels, -1, 2);
    for (int i = 0; i < source.length; i++) {
      source[i] = Math.round(4 * (random.nextGaussian() + shift[i % channels])) / 4f;
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = Math.round(4 * random.nextGaussian()) / 4f;
    }
    TransportMap map = AuraTransport.fit(context, source, target, channels);
    double[] omega = new double[channels];
    for (int c = 0; c < channels; c++) {
      double auroc = TransportReference.auroc(column(source, channels, c), column(target, channels, c));
      omega[c] = auroc > 0.5 ? 1 - 2 * (auroc - 0.5) : 1;
      if (map.beta()[c] != 0 || map.supportMin()[c] != Float.NEGATIVE_INFINITY) {
        throw new AssertionError("AurA must have β = 0 on the whole line; channel " + c);
      }
    }
    return Errors.relative(map.omega(), omega);
  }

  /** Analytic AurA: a unit that separates perfectly gets ω = 0, one that does not tell the sides apart ω = 1. */
  static double auraAnalytic(KernelContext context, SplittableRandom random) {
    float[] source = {5, 1, 6, 2, 7, 3};  // channel 0 above every target value; channel 1 equal to the target
    float[] target = {-1, 1, -2, 2, -3, 3};
    TransportMap map = AuraTransport.fit(context, source, target, 2);
    if (map.omega()[0] != 0f || map.omega()[1] != 1f) {
      throw new AssertionError("AurA ω " + java.util.Arrays.toString(map.omega()) + ", expected [0, 1]");
    }
    return 0;
  }

  /** β of the mean-difference direction against the means in double. */
  static double meanDifference(KernelContext context, SplittableRandom random) {
    int channels = 31;
    float[] source = TransportChecks.gaussianSamples(random, 40, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.5, 2));
    float[] target = TransportChecks.gaussianSamples(random, 23, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.5, 2));
    float multiplier = 2.5f;
    TransportMap map = DirectionTransport.meanDifference(source, target, channels, multiplier);
    double[] beta = new double[channels];
    for (int c = 0; c < channels; c++) {
      beta[c] = multiplier * (TransportReference.columnMean(target, channels, c)
          - TransportReference.columnMean(source, channels, c));
    }
    float[] y = source.clone();
    context.transport().apply(map, y, 40, 1f, Support.SOURCE_RANGE);
    return Math.max(Errors.relative(map.beta(), beta), TransportChecks.applyError(y, source, 40, map, 1f, false));
  }

  private static double[] column(float[] data, int channels, int c) {
    int rows = data.length / channels;
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = data[r * channels + c];
    }
    return out;
  }
}
