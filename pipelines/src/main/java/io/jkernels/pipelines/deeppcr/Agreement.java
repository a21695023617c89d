package io.jkernels.pipelines.deeppcr;

/**
 * How far a float32 result is from the one it should equal: {@code maxAbs = max |out − ref|} and
 * {@code relative = ‖out − ref‖₂ / ‖ref‖₂} (DESIGN.md §3; absolute ‖out‖₂ when ref is all zeros). A NaN or ∞
 * anywhere in out gives +∞ for both, so a non-finite result never looks like agreement.
 */
public record Agreement(double maxAbs, double relative) {

  /** Compares {@code out} with {@code ref} (same length). */
  public static Agreement of(float[] out, float[] ref) {
    if (out.length != ref.length) {
      throw new IllegalArgumentException("out has length " + out.length + ", ref " + ref.length);
    }
    double maxAbs = 0;
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < out.length; i++) {
      double d = (double) out[i] - ref[i];
      if (!Double.isFinite(d)) {
        return new Agreement(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
      }
      maxAbs = Math.max(maxAbs, Math.abs(d));
      diff += d * d;
      norm += (double) ref[i] * ref[i];
    }
    return new Agreement(maxAbs, norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm));
  }

  /** The worse of two agreements, component by component. */
  public Agreement worst(Agreement other) {
    return new Agreement(Math.max(maxAbs, other.maxAbs), Math.max(relative, other.relative));
  }

  /** Whether the relative error is at most {@code tolerance} (false for NaN). */
  public boolean within(double tolerance) {
    return relative <= tolerance;
  }
}
