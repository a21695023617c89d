package io.jkernels.validation;

import java.util.function.IntToDoubleFunction;

/** Error metrics of the conformance suite (DESIGN.md §3). */
public final class Errors {
  private Errors() {}

  /** ‖out − ref‖₂ / ‖ref‖₂ (absolute ‖out‖₂ when ref is all zeros); NaN in out where ref has none gives +∞. */
  public static double relative(float[] out, double[] ref) {
    requireSameLength(out.length, ref.length);
    return relative(i -> out[i], ref);
  }

  /** As {@link #relative(float[], double[])} for a float64 output. */
  public static double relative(double[] out, double[] ref) {
    requireSameLength(out.length, ref.length);
    return relative(i -> out[i], ref);
  }

  private static double relative(IntToDoubleFunction out, double[] ref) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = out.applyAsDouble(i) - ref[i];
      diff += d * d;
      norm += ref[i] * ref[i];
    }
    if (Double.isNaN(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  private static void requireSameLength(int out, int ref) {
    if (out != ref) {
      throw new AssertionError("output has length " + out + ", reference " + ref);
    }
  }

  /**
   * ‖out − ref‖₂ / ‖scale‖₂: the forward error measured against the magnitude of the terms the output is computed
   * from (for elementwise kernels, where cancellation can make ‖ref‖ much smaller than the rounding it carries).
   * Elements where out and ref are the same non-finite value count as exact.
   */
  public static double relativeToScale(float[] out, double[] ref, double[] scale) {
    if (out.length != ref.length || out.length != scale.length) {
      throw new AssertionError("lengths differ: output " + out.length + ", reference " + ref.length + ", scale "
          + scale.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      if (!Double.isFinite(ref[i]) && Double.compare(out[i], ref[i]) == 0) {
        continue;
      }
      double d = out[i] - ref[i];
      diff += d * d;
      norm += scale[i] * scale[i];
    }
    if (Double.isNaN(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }
}
