package io.jkernels.pcr;

/** Elementwise activation of an {@link Mlp} layer. GELU is the tanh approximation (as in GPT-2). */
public enum Activation {
  TANH,
  RELU,
  GELU,
  IDENTITY
}
