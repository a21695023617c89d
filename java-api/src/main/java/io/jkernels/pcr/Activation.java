package io.jkernels.pcr;

/** Elementwise activation of an {@link Mlp} layer. GELU is the tanh approximation (as in GPT-2). */
public enum Activation {
  /** {@code tanh(z)}. */
  TANH,
  /** {@code max(0, z)}; its derivative at 0 is taken as 0. */
  RELU,
  /** {@code 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))}, the tanh approximation. */
  GELU,
  /** {@code z}: a linear layer. */
  IDENTITY
}
