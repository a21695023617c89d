package io.jkernels.validation.reference;

/**
 * The float64 sequential reference of a training step's loss and update (the resident DeepPCR calls, issue 13),
 * written as the equations: {@code L = Σ (y − t)² / n}, {@code ∂L/∂y = 2 (y − t) / n}, {@code θ ← θ − η g}.
 */
public final class TrainingReference {
  private TrainingReference() {}

  /** The loss and its gradient with respect to the outputs. */
  public record Loss(double value, double[] gradient) {}

  /** Mean squared error of {@code y} against {@code t} (same length n ≥ 1) and ∂L/∂y. */
  public static Loss meanSquaredError(double[] y, double[] t) {
    int n = y.length;
    double sum = 0;
    double[] gradient = new double[n];
    for (int i = 0; i < n; i++) {
      double d = y[i] - t[i];
      sum += d * d;
      gradient[i] = 2 * d / n;
    }
    return new Loss(sum / n, gradient);
  }

  /** θ − η g, elementwise, in a new array. */
  public static double[] sgd(double[] theta, double[] gradient, double rate) {
    double[] out = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      out[i] = theta[i] - rate * gradient[i];
    }
    return out;
  }
}
