package io.jkernels.kernels.pcr;

/**
 * The elementwise activation of an MLP layer as the kernels see it (the public {@code io.jkernels.pcr.Activation}
 * maps onto it one to one; CUDA passes {@link #ordinal()}). Derivatives at a kink take the right-hand value
 * except ReLU'(0) = 0, as PyTorch does.
 */
public enum ActivationKind {
  /** tanh z; derivative 1 − tanh² z. */
  TANH,
  /** max(0, z); derivative 1 for z &gt; 0, else 0. */
  RELU,
  /** GELU, tanh approximation: ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))). */
  GELU,
  /** z; derivative 1. */
  IDENTITY;

  private static final double GELU_K = Math.sqrt(2 / Math.PI);
  private static final double GELU_C = 0.044715;

  /** The activation, evaluated in double and rounded once (the CPU kernels and the references agree on it). */
  public double apply(double z) {
    return switch (this) {
      case TANH -> Math.tanh(z);
      case RELU -> z > 0 ? z : 0;
      case GELU -> 0.5 * z * (1 + Math.tanh(GELU_K * (z + GELU_C * z * z * z)));
      case IDENTITY -> z;
    };
  }

  /** d act / dz at z. */
  public double derivative(double z) {
    return switch (this) {
      case TANH -> {
        double t = Math.tanh(z);
        yield 1 - t * t;
      }
      case RELU -> z > 0 ? 1 : 0;
      case GELU -> {
        double t = Math.tanh(GELU_K * (z + GELU_C * z * z * z));
        yield 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_K * (1 + 3 * GELU_C * z * z);
      }
      case IDENTITY -> 1;
    };
  }
}
