package io.jkernels.validation.transport;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Check;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.TransportReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The transport family's conformance cases: apply and fit on fresh random data of awkward sizes against
 * {@link TransportReference}, analytic fits, and the exact semantics (λ = 0, NaN, ±∞, support, degenerate channels,
 * resident data, streaming estimator).
 */
public final class TransportChecks {
  static final int[] ROWS = {1, 7, 15, 16, 17, 255, 4097};
  static final int[] CHANNELS = {1, 3, 2304};
  /** Above this many floats a case is left out of the emulated CUDA run (it runs every GPU thread on the CPU). */
  static final long LARGE = 1 << 20;

  static final double APPLY_TOLERANCE = 1e-6;
  static final String APPLY_REASON = "each output is a few float32 roundings (ε = 6e-8) of terms whose magnitude"
      + " the error is measured against (‖y − ref‖ / ‖|x| + |λ|(|ωx| + |β| + |x|)‖)";
  static final double FIT_TOLERANCE = 1e-6;
  static final String FIT_REASON = "ω and β are accumulated in double and rounded once to float32 (6e-8);"
      + " the margin covers another summation order";
  static final double ANALYTIC_TOLERANCE = 1e-5;
  static final String ANALYTIC_REASON = "exact in real arithmetic; the float32 rounding of the samples (6e-8 of"
      + " values up to ~10σ) perturbs ω and β at that order";
  static final double QUANTILE_TOLERANCE = 1.2e-7;
  static final String QUANTILE_REASON = "interpolated in double and rounded once to float32: half an ulp (6e-8) of"
      + " the value, measured against the column's largest |sample|";
  static final String EXACT = "exact semantics: the check throws on any difference";

  private TransportChecks() {}

  /** A transport case: the family's name on the one {@link Check} record. */
  private static Check check(String operation, String caseName, double tolerance, String toleranceReason,
      boolean large, BiFunction<KernelContext, SplittableRandom, Double> body) {
    return new Check("transport", operation, caseName, tolerance, toleranceReason, large, body);
  }


  /**
   * A fit of random Gaussian columns, {@code sourceRows} against {@code targetRows}, against the float64 reference
   * (also the cost survey's case for the global bitonic steps, which only columns longer than one sort tile take).
   */
  public static ConformanceCheck unequalFit(int sourceRows, int targetRows, int channels) {
    return check("fit", "unequal counts " + sourceRows + " source, " + targetRows + " target, channels=" + channels,
        FIT_TOLERANCE, FIT_REASON, false, (ctx, rnd) -> fitRandom(ctx, rnd, sourceRows, targetRows, channels));
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    for (int rows : ROWS) {
      for (int channels : CHANNELS) {
        boolean large = (long) rows * channels > LARGE;
        checks.add(check("apply", "rows=" + rows + " channels=" + channels + " random SOURCE_RANGE",
            APPLY_TOLERANCE, APPLY_REASON, large, (ctx, rnd) -> applyRandom(ctx, rnd, rows, channels,
                Support.SOURCE_RANGE, (float) rnd.nextDouble(0.05, 1))));
        checks.add(check("apply", "rows=" + rows + " channels=" + channels + " random EVERYWHERE",
            APPLY_TOLERANCE, APPLY_REASON, large, (ctx, rnd) -> applyRandom(ctx, rnd, rows, channels,
                Support.EVERYWHERE, (float) rnd.nextDouble(-1, 2))));
        checks.add(check("fit", "rows=" + rows + " channels=" + channels + " random",
            FIT_TOLERANCE, FIT_REASON, large, (ctx, rnd) -> fitRandom(ctx, rnd, rows, rows, channels)));
      }
    }
    checks.add(unequalFit(255, 1000, 3));
    checks.add(unequalFit(4097, 17, 17));
    checks.add(check("fit", "unequal counts 1 source, 16 target, channels=3 (degenerate)",
        FIT_TOLERANCE, FIT_REASON, false, (ctx, rnd) -> fitRandom(ctx, rnd, 1, 16, 3)));
    checks.add(check("apply", "λ = 1, rows=255 channels=3 (full transport)", APPLY_TOLERANCE,
        APPLY_REASON, false, (ctx, rnd) -> applyRandom(ctx, rnd, 255, 3, Support.SOURCE_RANGE, 1f)));
    checks.add(check("apply", "λ = 3.5, rows=17 channels=35 (extrapolation)", APPLY_TOLERANCE * 4,
        "as the other apply cases, with terms up to |λ| = 3.5 times larger than the output",
        false, (ctx, rnd) -> applyRandom(ctx, rnd, 17, 35, Support.EVERYWHERE, 3.5f)));
    checks.add(check("apply", "fitted map, rows=1000 channels=19", APPLY_TOLERANCE, APPLY_REASON,
        false, TransportChecks::applyFitted));
    checks.add(check("fit", "Gaussian quantile grid, n=1000, channels=5 (ω = σt/σs)",
        ANALYTIC_TOLERANCE, ANALYTIC_REASON, false, (ctx, rnd) -> AnalyticFits.gaussianGrid(ctx, rnd, 1000, 5)));
    checks.add(check("fit", "uniform grids of unequal counts 1000 vs 337, channels=4 (ω = wt/ws)",
        ANALYTIC_TOLERANCE, ANALYTIC_REASON, false, (ctx, rnd) -> AnalyticFits.uniformGrids(ctx, rnd, 1000, 337, 4)));
    checks.add(check("fit", "uniform grids of unequal counts 337 vs 1000, channels=4 (ω = wt/ws)",
        ANALYTIC_TOLERANCE, ANALYTIC_REASON, false, (ctx, rnd) -> AnalyticFits.uniformGrids(ctx, rnd, 337, 1000, 4)));
    checks.add(check("fit", "mean shift: target = source + δ gives ω = 1, β = δ", ANALYTIC_TOLERANCE,
        ANALYTIC_REASON, false, AnalyticFits::pureShift));
    checks.add(check("fit", "degenerate channels (constant source columns, one row)", 0, EXACT,
        false, SemanticChecks::degenerateChannels));
    checks.add(check("apply", "λ = 0 leaves x bit for bit (−0.0, NaN payloads, ±∞, huge, subnormal)",
        0, EXACT, false, SemanticChecks::zeroStrength));
    checks.add(check("apply", "NaN stays NaN and ±∞ passes, under SOURCE_RANGE and EVERYWHERE", 0,
        EXACT, false, SemanticChecks::nonFinitePassThrough));
    checks.add(check("apply", "outside the support unchanged bit for bit, bounds inclusive", 0, EXACT,
        false, SemanticChecks::supportBounds));
    checks.add(check("apply", "FloatArray apply equals array apply, rows=4097 channels=3", 0, EXACT,
        false, SemanticChecks::residentEqualsArray));
    checks.add(check("fit", "FloatArray fit equals array fit, rows=255/100 channels=33", 0, EXACT,
        false, SemanticChecks::residentFitEqualsArray));
    checks.add(check("fit", "estimator in uneven batches equals one-shot fit", 0, EXACT, false,
        SemanticChecks::estimatorEqualsOneShot));
    checks.add(check("apply", "Table 1 factories: meanShift, shift, dampen, detZero, identity",
        APPLY_TOLERANCE, APPLY_REASON, false, SemanticChecks::factories));
    for (int[] shape : new int[][] {{1, 3}, {2, 1}, {7, 5}, {200, 17}, {1001, 3}}) {
      checks.add(check("fit", "source quantiles rows=" + shape[0] + " channels=" + shape[1], QUANTILE_TOLERANCE,
          QUANTILE_REASON, false, (ctx, rnd) -> QuantileChecks.fitQuantiles(ctx, rnd, shape[0], shape[1])));
    }
    checks.add(check("apply", "quantile bands: STRICT leaves the ends, INCLUSIVE transports them", 0, EXACT,
        false, QuantileChecks::bandEnds));
    checks.add(check("apply", "ml-act q_all: -1e6 < x < 1e6 strictly", 0, EXACT, false, QuantileChecks::mlActAll));
    for (int[] shape : new int[][] {{2, 2}, {17, 3}, {255, 33}}) {
      checks.add(check("fit", "Gaussian-AcT rows=" + shape[0] + " channels=" + shape[1] + " (one masked)",
          FIT_TOLERANCE, FIT_REASON, false, (ctx, rnd) -> EstimatorChecks.moments(ctx, rnd, shape[0], shape[1],
              false)));
      checks.add(check("fit", "Mean-AcT rows=" + shape[0] + " channels=" + shape[1] + " (one masked)",
          FIT_TOLERANCE, FIT_REASON, false, (ctx, rnd) -> EstimatorChecks.moments(ctx, rnd, shape[0], shape[1],
              true)));
    }
    checks.add(check("apply", "Gaussian-AcT map against ml-act's GaussianOTHook formula, strength 0.8",
        APPLY_TOLERANCE, APPLY_REASON, false, EstimatorChecks::gaussianAgainstMlActFormula));
    checks.add(check("fit", "AurA ω = 1 − Gini against the pairwise AUROC, ties, 97 vs 31 rows, channels=7",
        FIT_TOLERANCE, FIT_REASON, false, (ctx, rnd) -> EstimatorChecks.aura(ctx, rnd, 97, 31, 7)));
    checks.add(check("fit", "AurA ω = 1 − Gini, 1 vs 1 row, channels=3", FIT_TOLERANCE, FIT_REASON, false,
        (ctx, rnd) -> EstimatorChecks.aura(ctx, rnd, 1, 1, 3)));
    checks.add(check("fit", "AurA analytic: separating unit ω = 0, uninformative ω = 1", 0, EXACT, false,
        EstimatorChecks::auraAnalytic));
    checks.add(check("apply", "tokens [5, 7, 19]: LAST transports only the last position", APPLY_TOLERANCE,
        APPLY_REASON, false, TensorChecks::lastToken));
    for (int[] s : new int[][] {{1, 1, 1, 1}, {2, 3, 5, 7}, {3, 17, 8, 8}}) {
      checks.add(check("apply", "diffusion [" + s[0] + ", " + s[1] + ", " + s[2] + ", " + s[3] + "]: spatial mean"
          + " transported, difference added", APPLY_TOLERANCE, APPLY_REASON, false,
          (ctx, rnd) -> TensorChecks.spatialMean(ctx, rnd, s[0], s[1], s[2], s[3])));
    }
    checks.add(check("fit", "pooling: masked mean, max, min, last of [4, 9, 5]", FIT_TOLERANCE,
        "the mean is accumulated in double and rounded once (6e-8)", false, TensorChecks::pooling));
    for (io.jkernels.transport.TransportFold.Layout layout : io.jkernels.transport.TransportFold.Layout.values()) {
      checks.add(check("apply", "Q_∞ map folded into its layer (" + layout + ") equals layer then map",
          APPLY_TOLERANCE, APPLY_REASON, false, (ctx, rnd) -> FoldChecks.foldedEqualsHooked(ctx, rnd, layout)));
    }
    checks.add(check("fit", "mean-difference direction (CAA/ActAdd) and its apply", FIT_TOLERANCE, FIT_REASON,
        false, EstimatorChecks::meanDifference));
    return checks;
  }

  // ---- random cases -----------------------------------------------------------------------------------------

  /** Random per-channel Gaussians: channel c ~ N(mean[c], scale[c]) with means and scales drawn per channel. */
  static float[] gaussianSamples(SplittableRandom random, int rows, float[] mean, float[] scale) {
    int channels = mean.length;
    float[] out = new float[rows * channels];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        out[r * channels + c] = (float) (mean[c] + scale[c] * gaussian(random));
      }
    }
    return out;
  }

  static double gaussian(SplittableRandom random) {
    return random.nextGaussian();
  }

  static float[] uniform(SplittableRandom random, int n, double from, double to) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextDouble(from, to);
    }
    return out;
  }

  /** A random map with finite support around each channel's mean; x straddles it so both branches are taken. */
  private static double applyRandom(KernelContext context, SplittableRandom random, int rows, int channels,
      Support support, float lambda) {
    float[] mean = uniform(random, channels, -2, 2);
    float[] scale = uniform(random, channels, 0.5f, 3);
    float[] min = new float[channels];
    float[] max = new float[channels];
    for (int c = 0; c < channels; c++) {
      min[c] = mean[c] - 1.5f * scale[c];
      max[c] = mean[c] + 1.5f * scale[c];
    }
    TransportMap map = TransportMap.of(uniform(random, channels, 0.3, 2.5), uniform(random, channels, -2, 2), min,
        max);
    float[] x = gaussianSamples(random, rows, mean, scale);
    float[] y = x.clone();
    context.transport().apply(map, y, rows, lambda, support);
    return applyError(y, x, rows, map, lambda, support == Support.EVERYWHERE);
  }

  private static double applyFitted(KernelContext context, SplittableRandom random) {
    int channels = 19;
    float[] source = gaussianSamples(random, 1000, uniform(random, channels, -1, 1), uniform(random, channels, 1, 2));
    float[] target = gaussianSamples(random, 800, uniform(random, channels, -1, 1), uniform(random, channels, 1, 2));
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    float[] y = source.clone();
    context.transport().apply(map, y, 1000, 0.7f, Support.SOURCE_RANGE);
    return applyError(y, source, 1000, map, 0.7f, false);
  }

  /**
   * apply's error: ‖y − ref‖ over the magnitude of the terms each output is rounded from
   * ({@link TransportReference#applyTermScale}), so a case whose outputs cancel towards 0 is held to the rounding
   * of its inputs rather than to its tiny result.
   */
  static double applyError(float[] y, float[] x, int rows, TransportMap map, float lambda, boolean everywhere) {
    double[] ref = TransportReference.apply(map.omega(), map.beta(), map.supportMin(), map.supportMax(), x, rows,
        lambda, everywhere);
    double[] scale = TransportReference.applyTermScale(map.omega(), map.beta(), map.supportMin(), map.supportMax(),
        x, rows, lambda, everywhere);
    return Errors.relativeToScale(y, ref, scale);
  }

  /** ω, β against the reference ([ω; β] relative error); support and degenerate channels must match exactly. */
  static double fitRandom(KernelContext context, SplittableRandom random, int sourceRows, int targetRows,
      int channels) {
    float[] source = gaussianSamples(random, sourceRows, uniform(random, channels, -3, 3),
        uniform(random, channels, 0.1, 4));
    float[] target = gaussianSamples(random, targetRows, uniform(random, channels, -3, 3),
        uniform(random, channels, 0.1, 4));
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    TransportReference.Fit ref = TransportReference.fit(source, target, channels);
    return compareFit(map, ref);
  }

  static double compareFit(TransportMap map, TransportReference.Fit ref) {
    int channels = map.channels();
    float[] min = map.supportMin();
    float[] max = map.supportMax();
    List<Integer> expectedDegenerate = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      if (min[c] != ref.supportMin()[c] || max[c] != ref.supportMax()[c]) {
        throw new AssertionError("channel " + c + ": support [" + min[c] + ", " + max[c] + "], expected ["
            + ref.supportMin()[c] + ", " + ref.supportMax()[c] + "]");
      }
      if (ref.degenerate()[c]) {
        expectedDegenerate.add(c);
      }
    }
    int[] expected = expectedDegenerate.stream().mapToInt(Integer::intValue).toArray();
    if (!Arrays.equals(map.degenerateChannels(), expected)) {
      throw new AssertionError("degenerate channels " + Arrays.toString(map.degenerateChannels()) + ", expected "
          + Arrays.toString(expected));
    }
    return Errors.relative(concat(map.omega(), map.beta()), concat(ref.omega(), ref.beta()));
  }

  static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Uploads, runs, and always closes the resident copy. */
  static float[] viaResident(KernelContext context, float[] data, java.util.function.Consumer<FloatArray> body) {
    try (FloatArray resident = context.upload(data)) {
      body.accept(resident);
      return resident.toArray();
    }
  }
}
