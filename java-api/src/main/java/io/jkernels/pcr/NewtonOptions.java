package io.jkernels.pcr;

/**
 * Stopping rule of DeepPCR's Newton iteration: stop when max |x − f(x)| over all layers and units is at most
 * {@code tolerance}, or after {@code maxIterations} iterations (then the result is marked not converged).
 */
public record NewtonOptions(double tolerance, int maxIterations) {
  /**
   * @throws IllegalArgumentException if {@code tolerance} is negative, NaN or infinite, or {@code maxIterations} &lt; 1
   */
  public NewtonOptions {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
  }

  /** Tolerance 1e-5 (float32 agreement with the sequential pass) and at most 64 iterations. */
  public static NewtonOptions defaults() {
    return new NewtonOptions(1e-5, 64);
  }
}
