package io.jkernels.validation.transport;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.LinearTransportEstimator;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.TransportReference;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The exact promises of the transport API: each throws {@link AssertionError} saying what broke. */
final class SemanticChecks {
  private SemanticChecks() {}

  /** Values that arithmetic would disturb: signed zeros, NaN payloads, infinities, extremes, subnormals. */
  static float[] awkwardValues() {
    return new float[] {-0.0f, 0.0f, Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xffc00001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, 3e38f, -1e30f,
        Float.MIN_VALUE, -Float.MIN_NORMAL, 1.0f, -2.5f, 0.1f, 7e-39f};
  }

  static double zeroStrength(KernelContext context, SplittableRandom random) {
    float[] values = awkwardValues();
    int channels = 5;
    int rows = 41;
    float[] x = new float[rows * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3) == 0 ? (float) random.nextDouble(-5, 5) : values[random.nextInt(values.length)];
    }
    TransportMap map = TransportMap.affine(TransportChecks.uniform(random, channels, -3, 3),
        TransportChecks.uniform(random, channels, -3, 3));
    for (float lambda : new float[] {0.0f, -0.0f}) {
      for (Support support : Support.values()) {
        float[] y = x.clone();
        context.transport().apply(map, y, rows, lambda, support);
        requireSameBits("array apply with λ=" + lambda + " " + support, x, y);
        float[] z = TransportChecks.viaResident(context, x,
            resident -> context.transport().apply(map, resident, rows, lambda, support));
        requireSameBits("FloatArray apply with λ=" + lambda + " " + support, x, z);
      }
    }
    return 0;
  }

  static double nonFinitePassThrough(KernelContext context, SplittableRandom random) {
    int channels = 3;
    int rows = 67;
    float[] special = {Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xffc00001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    float[] x = new float[rows * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4 == 0 ? special[random.nextInt(special.length)] : (float) random.nextDouble(-3, 3);
    }
    // A map supported on the whole line (±∞ inside [−∞, ∞]) and one with a finite support.
    float[] omega = {0.5f, 2f, -1f};
    float[] beta = {1f, -1f, 0.25f};
    TransportMap[] maps = {TransportMap.affine(omega, beta),
        TransportMap.of(omega, beta, new float[] {-1, -2, -3}, new float[] {1, 2, 3})};
    double worst = 0;
    for (TransportMap map : maps) {
      for (Support support : Support.values()) {
        float[] y = x.clone();
        context.transport().apply(map, y, rows, 0.6f, support);
        for (int i = 0; i < x.length; i++) {
          if (!Float.isFinite(x[i]) && Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(x[i])) {
            throw new AssertionError(support + ", map " + (map == maps[0] ? "affine" : "bounded") + ": element " + i
                + " was " + x[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])) + "), became "
                + y[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(y[i])) + ")");
          }
        }
        worst = Math.max(worst, TransportChecks.applyError(y, x, rows, map, 0.6f, support == Support.EVERYWHERE));
      }
    }
    requireWithin("finite values beside non-finite ones", worst);
    return 0;
  }

  static double supportBounds(KernelContext context, SplittableRandom random) {
    int channels = 2;
    float[] min = {-1f, 0.5f};
    float[] max = {2f, 0.75f};
    TransportMap map = TransportMap.of(new float[] {1.5f, -0.5f}, new float[] {0.25f, 3f}, min, max);
    float[] x = {-1f, 0.5f, 2f, 0.75f, Math.nextDown(-1f), Math.nextDown(0.5f), Math.nextUp(2f), Math.nextUp(0.75f),
        -1e20f, 1e20f, 0.5f, 0.6f, (float) random.nextDouble(-1, 2), (float) random.nextDouble(0.5, 0.75)};
    int rows = x.length / channels;
    double worst = 0;
    for (Support support : Support.values()) {
      float[] y = x.clone();
      context.transport().apply(map, y, rows, 0.5f, support);
      for (int i = 0; i < x.length; i++) {
        int c = i % channels;
        boolean inside = min[c] <= x[i] && x[i] <= max[c];
        boolean same = Float.floatToRawIntBits(y[i]) == Float.floatToRawIntBits(x[i]);
        if (support == Support.SOURCE_RANGE && !inside && !same) {
          throw new AssertionError("SOURCE_RANGE: element " + i + " = " + x[i] + " lies outside [" + min[c] + ", "
              + max[c] + "] but became " + y[i]);
        }
        if ((inside || support == Support.EVERYWHERE) && same) {
          throw new AssertionError(support + ": element " + i + " = " + x[i] + " should be transported (support ["
              + min[c] + ", " + max[c] + "], bounds inclusive) but was left unchanged");
        }
      }
      worst = Math.max(worst, TransportChecks.applyError(y, x, rows, map, 0.5f, support == Support.EVERYWHERE));
    }
    requireWithin("transported values", worst);
    return 0;
  }

  static double residentEqualsArray(KernelContext context, SplittableRandom random) {
    int rows = 4097;
    int channels = 3;
    float[] x = TransportChecks.uniform(random, rows * channels, -4, 4);
    TransportMap map = TransportMap.of(TransportChecks.uniform(random, channels, -2, 2),
        TransportChecks.uniform(random, channels, -1, 1), new float[] {-3, -2, -1}, new float[] {3, 2, 1});
    for (Support support : Support.values()) {
      float[] y = x.clone();
      context.transport().apply(map, y, rows, 0.8f, support);
      float[] z = TransportChecks.viaResident(context, x,
          resident -> context.transport().apply(map, resident, (long) rows, 0.8f, support));
      requireSameBits("FloatArray apply vs array apply, " + support, y, z);
    }
    return 0;
  }

  static double residentFitEqualsArray(KernelContext context, SplittableRandom random) {
    int channels = 33;
    float[] source = TransportChecks.uniform(random, 255 * channels, -2, 5);
    float[] target = TransportChecks.uniform(random, 100 * channels, -1, 1);
    TransportMap expected = LinearTransport.fit(context, source, target, channels);
    try (FloatArray a = context.upload(source); FloatArray b = context.upload(target)) {
      requireEqual("FloatArray fit vs array fit", expected, LinearTransport.fit(context, a, b, channels));
    }
    return 0;
  }

  static double estimatorEqualsOneShot(KernelContext context, SplittableRandom random) {
    int channels = 7;
    float[] source = TransportChecks.uniform(random, 2500 * channels, -3, 3);
    float[] target = TransportChecks.gaussianSamples(random, 1300, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.5, 2));
    try (LinearTransportEstimator estimator = new LinearTransportEstimator(context, channels)) {
      int[] sourceCuts = {0, 1, 1, 301, 1100, 1101, 2500};
      int[] targetCuts = {0, 17, 700, 1300};
      feed(context, estimator, source, sourceCuts, channels, true);
      feed(context, estimator, target, targetCuts, channels, false);
      requireEqual("estimator in batches vs one-shot fit", LinearTransport.fit(context, source, target, channels),
          estimator.fit());
      // More data after a fit: the estimator keeps everything and fits again.
      float[] more = TransportChecks.uniform(random, 40 * channels, -9, 9);
      estimator.addSource(more);
      float[] all = TransportChecks.concat(source, more);
      requireEqual("estimator after a second batch round", LinearTransport.fit(context, all, target, channels),
          estimator.fit());
    }
    return 0;
  }

  /** Feeds rows [cuts[i], cuts[i+1]) as batches, every other one as a resident FloatArray. */
  private static void feed(KernelContext context, LinearTransportEstimator estimator, float[] data, int[] cuts,
      int channels, boolean source) {
    for (int i = 0; i + 1 < cuts.length; i++) {
      float[] batch = Arrays.copyOfRange(data, cuts[i] * channels, cuts[i + 1] * channels);
      if (i % 2 == 1) {
        try (FloatArray resident = context.upload(batch)) {
          if (source) {
            estimator.addSource(resident);
          } else {
            estimator.addTarget(resident);
          }
        }
      } else if (source) {
        estimator.addSource(batch);
      } else {
        estimator.addTarget(batch);
      }
    }
  }

  static double degenerateChannels(KernelContext context, SplittableRandom random) {
    int channels = 4;
    int rows = 50;
    float[] source = TransportChecks.uniform(random, rows * channels, -1, 1);
    for (int r = 0; r < rows; r++) {
      source[r * channels + 1] = 2.5f;
      source[r * channels + 3] = 0.1f;
    }
    float[] target = TransportChecks.uniform(random, 60 * channels, 3, 4);
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    requireDegenerate(map, TransportReference.fit(source, target, channels), new int[] {1, 3});
    // One source row: every channel is constant.
    float[] oneRow = Arrays.copyOf(source, channels);
    TransportMap single = LinearTransport.fit(context, oneRow, target, channels);
    requireDegenerate(single, TransportReference.fit(oneRow, target, channels), new int[] {0, 1, 2, 3});
    return 0;
  }

  private static void requireDegenerate(TransportMap map, TransportReference.Fit ref, int[] expected) {
    if (!Arrays.equals(map.degenerateChannels(), expected)) {
      throw new AssertionError("degenerate channels " + Arrays.toString(map.degenerateChannels()) + ", expected "
          + Arrays.toString(expected));
    }
    for (int c : expected) {
      if (map.omega()[c] != 1f) {
        throw new AssertionError("degenerate channel " + c + " has ω = " + map.omega()[c] + ", expected exactly 1");
      }
    }
    requireWithin("fit with degenerate channels", TransportChecks.compareFit(map, ref));
  }

  static double factories(KernelContext context, SplittableRandom random) {
    int channels = 6;
    int rows = 33;
    float[] x = TransportChecks.uniform(random, rows * channels, -3, 3);
    float[] sourceMean = TransportChecks.uniform(random, channels, -1, 1);
    float[] targetMean = TransportChecks.uniform(random, channels, -1, 1);
    float[] factors = TransportChecks.uniform(random, channels, 0, 1);
    TransportMap[] maps = {TransportMap.meanShift(sourceMean, targetMean), TransportMap.shift(targetMean),
        TransportMap.dampen(factors), TransportMap.detZero(channels, new int[] {0, 4}),
        TransportMap.identity(channels)};
    double worst = 0;
    for (TransportMap map : maps) {
      float[] y = x.clone();
      context.transport().apply(map, y, rows, 1f, Support.SOURCE_RANGE);
      worst = Math.max(worst, TransportChecks.applyError(y, x, rows, map, 1f, false));
    }
    // Det0 at full strength sets its units to exactly zero.
    float[] y = x.clone();
    context.transport().apply(maps[3], y, rows, 1f, Support.SOURCE_RANGE);
    for (int r = 0; r < rows; r++) {
      if (y[r * channels] != 0f || y[r * channels + 4] != 0f) {
        throw new AssertionError("detZero at λ = 1 left unit 0 or 4 of row " + r + " non-zero");
      }
    }
    return worst;
  }

  private static void requireWithin(String what, double error) {
    if (!(error <= TransportChecks.APPLY_TOLERANCE)) {
      throw new AssertionError(what + ": relative error " + error + " > " + TransportChecks.APPLY_TOLERANCE);
    }
  }

  private static void requireSameBits(String what, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError(what + ": element " + i + " is " + actual[i] + " (bits "
            + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + "), expected " + expected[i] + " (bits "
            + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + ")");
      }
    }
  }

  private static void requireEqual(String what, TransportMap expected, TransportMap actual) {
    if (!expected.equals(actual)) {
      throw new AssertionError(what + ": maps differ (ω " + Arrays.toString(actual.omega()) + " vs "
          + Arrays.toString(expected.omega()) + ")");
    }
  }
}
