package io.jkernels.validation.transport;

import io.jkernels.KernelContext;
import io.jkernels.transport.Boundary;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.QuantileBand;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.reference.TransportReference;
import java.util.SplittableRandom;

/**
 * Source-quantile supports (ml-act's {@code quantiles_src} bands): the quantiles a fit keeps against the float64
 * linear-quantile reference, and the strict and inclusive band tests on values exactly at the band's ends.
 */
final class QuantileChecks {
  private QuantileChecks() {}

  /**
   * Every stored quantile of a random fit against {@link TransportReference#linearQuantile}, as the largest error
   * relative to the channel's largest |sample| (the scale the float32 rounding of the result is taken at).
   */
  static double fitQuantiles(KernelContext context, SplittableRandom random, int rows, int channels) {
    float[] source = TransportChecks.gaussianSamples(random, rows, TransportChecks.uniform(random, channels, -3, 3),
        TransportChecks.uniform(random, channels, 0.1, 4));
    float[] target = TransportChecks.gaussianSamples(random, rows + 3, TransportChecks.uniform(random, channels, -1, 1),
        TransportChecks.uniform(random, channels, 0.1, 4));
    TransportMap map = LinearTransport.fit(context, source, target, channels);
    double worst = 0;
    for (QuantileBand band : QuantileBand.values()) {
      for (double level : new double[] {band.lower(), band.upper()}) {
        float[] got = map.sourceQuantile(level);
        for (int c = 0; c < channels; c++) {
          double[] column = TransportReference.sortedColumn(source, rows, channels, c);
          double scale = Math.max(Math.abs(column[0]), Math.abs(column[rows - 1]));
          double expected = TransportReference.linearQuantile(column, level);
          worst = Math.max(worst, Math.abs(got[c] - expected) / Math.max(scale, Double.MIN_NORMAL));
        }
      }
    }
    return worst;
  }

  /**
   * A band's ends under both boundaries: with STRICT (ml-act) a value equal to lo or hi passes unchanged and the
   * floats just inside are transported; with INCLUSIVE the ends are transported too. Exact: throws on a difference.
   */
  static double bandEnds(KernelContext context, SplittableRandom random) {
    int channels = 3;
    int rows = 101;
    float[] source = TransportChecks.gaussianSamples(random, rows, new float[] {0, 1, -2}, new float[] {1, 2, 0.5f});
    float[] target = TransportChecks.gaussianSamples(random, rows, new float[] {3, -1, 0}, new float[] {2, 1, 1});
    TransportMap fitted = LinearTransport.fit(context, source, target, channels);
    for (QuantileBand band : new QuantileBand[] {QuantileBand.Q_0_100, QuantileBand.Q_5_95, QuantileBand.Q_40_60}) {
      float[] lo = fitted.sourceQuantile(band.lower());
      float[] hi = fitted.sourceQuantile(band.upper());
      for (Boundary boundary : Boundary.values()) {
        TransportMap map = fitted.withSupport(band, boundary);
        // One row per probe: lo, just above lo, just below hi, hi, below lo, above hi.
        float[][] probes = {lo, up(lo), down(hi), hi, down(lo), up(hi)};
        float[] x = new float[probes.length * channels];
        for (int p = 0; p < probes.length; p++) {
          System.arraycopy(probes[p], 0, x, p * channels, channels);
        }
        float[] y = x.clone();
        context.transport().apply(map, y, probes.length, 1f, Support.SOURCE_RANGE);
        for (int p = 0; p < probes.length; p++) {
          for (int c = 0; c < channels; c++) {
            float v = x[p * channels + c];
            boolean inside = boundary == Boundary.STRICT ? lo[c] < v && v < hi[c] : lo[c] <= v && v <= hi[c];
            float expected = inside ? v + (fitted.omega()[c] * v + fitted.beta()[c] - v) : v;
            if (Float.floatToRawIntBits(y[p * channels + c]) != Float.floatToRawIntBits(expected)) {
              throw new AssertionError(band + " " + boundary + " probe " + p + " channel " + c + ": x=" + v
                  + " band [" + lo[c] + ", " + hi[c] + "] gave " + y[p * channels + c] + ", expected " + expected);
            }
          }
        }
      }
    }
    return 0;
  }

  /** ml-act's q_all rule: −10⁶ &lt; x &lt; 10⁶ strictly, so ±10⁶ themselves pass unchanged. Exact. */
  static double mlActAll(KernelContext context, SplittableRandom random) {
    TransportMap map = TransportMap.affine(new float[] {2f}, new float[] {1f}).withMlActSupport("q_all");
    float[] x = {1e6f, -1e6f, Math.nextDown(1e6f), Math.nextUp(-1e6f), 0.5f, 3e6f};
    float[] y = x.clone();
    context.transport().apply(map, y, x.length, 1f, Support.SOURCE_RANGE);
    float[] expected = {1e6f, -1e6f, 2 * Math.nextDown(1e6f) + 1, 2 * Math.nextUp(-1e6f) + 1, 2f, 3e6f};
    for (int i = 0; i < x.length; i++) {
      if (y[i] != expected[i]) {
        throw new AssertionError("q_all: x=" + x[i] + " gave " + y[i] + ", expected " + expected[i]);
      }
    }
    return 0;
  }

  private static float[] up(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.nextUp(v[i]);
    }
    return out;
  }

  private static float[] down(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.nextDown(v[i]);
    }
    return out;
  }
}
