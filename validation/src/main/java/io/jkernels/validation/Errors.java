package io.jkernels.validation;

/** Error metrics of the conformance suite (DESIGN.md §3). */
public final class Errors {
  private Errors() {}

  /** ‖out − ref‖₂ / ‖ref‖₂ (absolute ‖out‖₂ when ref is all zeros); NaN in out where ref has none gives +∞. */
  public static double relative(float[] out, double[] ref) {
    if (out.length != ref.length) {
      throw new AssertionError("output has length " + out.length + ", reference " + ref.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = out[i] - ref[i];
      diff += d * d;
      norm += ref[i] * ref[i];
    }
    if (Double.isNaN(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  /** As {@link #relative(float[], double[])} for a float64 output. */
  public static double relative(double[] out, double[] ref) {
    if (out.length != ref.length) {
      throw new AssertionError("output has length " + out.length + ", reference " + ref.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = out[i] - ref[i];
      diff += d * d;
      norm += ref[i] * ref[i];
    }
    if (Double.isNaN(diff)) {
      return Double.POSITIVE_INFINITY;
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }
}
