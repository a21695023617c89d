package io.jkernels.pipelines.deeppcr;

/**
 * Whether a random MLP's layer maps contract or expand: each weight matrix is rescaled to this spectral norm.
 * With |act′| ≤ 1 (tanh, ReLU, identity; GELU's slope peaks at 1.13) a spectral norm below 1 makes every layer a
 * contraction, the case where Newton-PCR converges in a few iterations; above 1 perturbations grow layer by layer.
 */
public enum Regime {
  /** Spectral norm 0.5 per layer. */
  CONTRACTING(0.5),
  /** Spectral norm 2 per layer. */
  EXPANDING(2.0);

  private final double spectralNorm;

  Regime(double spectralNorm) {
    this.spectralNorm = spectralNorm;
  }

  /** The spectral norm ‖W_l‖₂ every layer's weights are scaled to. */
  public double spectralNorm() {
    return spectralNorm;
  }
}
