package io.jkernels.pipelines.deeppcr;

import java.util.Random;

/**
 * The learned part m(x, t) of {@link DdimSampler}'s denoiser: a 2-hidden-layer tanh MLP shared by all steps and
 * conditioned on t by a sinusoidal embedding, {@code m = W3 h2 + b3}, {@code h2 = tanh(W2 h1 + b2)},
 * {@code h1 = tanh(W1 x + b1 + e_t)} (W1 hidden×width, W2 hidden×hidden, W3 width×hidden), with
 * {@code e_t[2i] = ½ sin(t ω_i)}, {@code e_t[2i+1] = ½ cos(t ω_i)}, {@code ω_i = 10000^(−2i/hidden)} (the
 * Transformer's embedding of the integer timestep). Its Jacobian is {@code ∂m/∂x = W3 diag(1 − h2²) W2 diag(1 − h1²)
 * W1}. Weights drawn N(0, 1/fan-in) (W3 scaled by {@link #OUTPUT_SCALE}), biases N(0, 0.1²). All arithmetic in
 * double.
 */
final class DdimDenoiser {
  /**
   * W3's scale. Random Gaussian weights have ‖W1‖ ≈ 1 + √(hidden/width), ‖W2‖ ≈ 2, ‖W3‖ ≈ 0.5(1 + √(width/hidden)),
   * so ‖∂m/∂x‖ is at most about 4.5 at hidden 64, width 16 (tanh′ ≤ 1); at random points it measured ≤ 0.75 (tanh′
   * &lt; 1, random directions): a perturbation of the skip term's contraction, not a new scale.
   */
  static final double OUTPUT_SCALE = 0.5;

  final int width;
  final int hidden;
  final double[] w1;
  final double[] b1;
  final double[] w2;
  final double[] b2;
  final double[] w3;
  final double[] b3;
  /** Per step k: e_t (hidden), already added to b1. */
  final double[] bias1ByStep;

  DdimDenoiser(int width, int hidden, int[] times, Random random) {
    this.width = width;
    this.hidden = hidden;
    w1 = gaussian(random, hidden * width, 1 / Math.sqrt(width));
    b1 = gaussian(random, hidden, 0.1);
    w2 = gaussian(random, hidden * hidden, 1 / Math.sqrt(hidden));
    b2 = gaussian(random, hidden, 0.1);
    w3 = gaussian(random, width * hidden, OUTPUT_SCALE / Math.sqrt(hidden));
    b3 = gaussian(random, width, 0.1);
    bias1ByStep = new double[times.length * hidden];
    for (int k = 0; k < times.length; k++) {
      for (int j = 0; j < hidden; j++) {
        double omega = Math.pow(10000, -2.0 * (j / 2) / hidden);
        double angle = times[k] * omega;
        bias1ByStep[k * hidden + j] = b1[j] + 0.5 * (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
  }

  static double[] gaussian(Random random, int n, double sd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sd * random.nextGaussian();
    }
    return x;
  }

  /** {@code out = m(x, t_k)} (width); h1 and h2 (hidden each) receive the activations. */
  void evaluate(int k, double[] x, double[] out, double[] h1, double[] h2) {
    for (int i = 0; i < hidden; i++) {
      double pre = bias1ByStep[k * hidden + i];
      for (int j = 0; j < width; j++) {
        pre += w1[i * width + j] * x[j];
      }
      h1[i] = Math.tanh(pre);
    }
    for (int i = 0; i < hidden; i++) {
      double pre = b2[i];
      for (int l = 0; l < hidden; l++) {
        pre += w2[i * hidden + l] * h1[l];
      }
      h2[i] = Math.tanh(pre);
    }
    for (int r = 0; r < width; r++) {
      double sum = b3[r];
      for (int i = 0; i < hidden; i++) {
        sum += w3[r * hidden + i] * h2[i];
      }
      out[r] = sum;
    }
  }

  /** {@code jacobian = ∂m/∂x (x, t_k)}, width×width row-major, from the activations h1, h2 at x. */
  void jacobian(double[] h1, double[] h2, double[] jacobian) {
    // P = diag(1 − h1²) W1 (hidden×width), then Q = diag(1 − h2²) W2 P, then J = W3 Q: O(h²w + w²h).
    double[] p = new double[hidden * width];
    for (int i = 0; i < hidden; i++) {
      double g = 1 - h1[i] * h1[i];
      for (int j = 0; j < width; j++) {
        p[i * width + j] = g * w1[i * width + j];
      }
    }
    double[] q = new double[hidden * width];
    for (int i = 0; i < hidden; i++) {
      double g = 1 - h2[i] * h2[i];
      for (int l = 0; l < hidden; l++) {
        double w = g * w2[i * hidden + l];
        for (int j = 0; j < width; j++) {
          q[i * width + j] += w * p[l * width + j];
        }
      }
    }
    for (int r = 0; r < width; r++) {
      for (int j = 0; j < width; j++) {
        double sum = 0;
        for (int i = 0; i < hidden; i++) {
          sum += w3[r * hidden + i] * q[i * width + j];
        }
        jacobian[r * width + j] = sum;
      }
    }
  }
}
