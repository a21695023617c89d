package io.jkernels.validation.reference;

import io.jkernels.pcr.Activation;

/**
 * float64 sequential references of the PCR family (Danieli et al., NeurIPS 2023): plain loops that read like the
 * equations, written for clarity, never speed. Layouts as {@code io.jkernels.pcr.Pcr}.
 */
public final class PcrReference {
  private PcrReference() {}

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  /**
   * Thomas' algorithm for one system (rows at s·n): forward sweep c′_i = u_i / (d_i − l_i c′_{i−1}),
   * d′_i = (r_i − l_i d′_{i−1}) / (d_i − l_i c′_{i−1}); back substitution x_i = d′_i − c′_i x_{i+1}. Only safe for
   * diagonally dominant systems (no pivoting).
   */
  public static double[] thomas(double[] l, double[] d, double[] u, double[] r, int n, int s) {
    double[] c = new double[n];
    double[] x = new double[n];
    int o = s * n;
    for (int i = 0; i < n; i++) {
      double li = i == 0 ? 0 : l[o + i];
      double ui = i == n - 1 ? 0 : u[o + i];
      double m = d[o + i] - li * (i == 0 ? 0 : c[i - 1]);
      c[i] = ui / m;
      x[i] = (r[o + i] - li * (i == 0 ? 0 : x[i - 1])) / m;
    }
    for (int i = n - 2; i >= 0; i--) {
      x[i] -= c[i] * x[i + 1];
    }
    return x;
  }

  /**
   * Gaussian elimination with partial pivoting on the band (lower bandwidth 1, upper bandwidth 2 after fill-in)
   * for one system; correct for any non-singular system. Throws {@link ArithmeticException} on an exactly zero
   * pivot.
   */
  public static double[] bandedLu(double[] l, double[] d, double[] u, double[] r, int n, int s) {
    // Row i holds A[i][i-1..i+2] in a[i][0..3] (index = column − i + 1).
    double[][] a = new double[n][4];
    double[] b = new double[n];
    int o = s * n;
    for (int i = 0; i < n; i++) {
      a[i][0] = i == 0 ? 0 : l[o + i];
      a[i][1] = d[o + i];
      a[i][2] = i == n - 1 ? 0 : u[o + i];
      b[i] = r[o + i];
    }
    for (int k = 0; k < n; k++) {
      // Candidates for the pivot in column k: A[k][k] (a[k][1]) and A[k+1][k] (a[k+1][0]).
      if (k + 1 < n && Math.abs(a[k + 1][0]) > Math.abs(a[k][1])) {
        // swap rows k and k+1, aligned on columns k..k+2
        double[] rowK = {a[k][1], a[k][2], a[k][3]};
        double[] rowK1 = {a[k + 1][0], a[k + 1][1], a[k + 1][2]};
        a[k][1] = rowK1[0];
        a[k][2] = rowK1[1];
        a[k][3] = rowK1[2];
        a[k + 1][0] = rowK[0];
        a[k + 1][1] = rowK[1];
        a[k + 1][2] = rowK[2];
        double t = b[k];
        b[k] = b[k + 1];
        b[k + 1] = t;
      }
      if (a[k][1] == 0) {
        throw new ArithmeticException("singular at column " + k);
      }
      if (k + 1 < n) {
        double f = a[k + 1][0] / a[k][1];
        a[k + 1][0] = 0;
        a[k + 1][1] -= f * a[k][2];
        a[k + 1][2] -= f * a[k][3];
        b[k + 1] -= f * b[k];
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = b[i];
      if (i + 1 < n) {
        sum -= a[i][2] * x[i + 1];
      }
      if (i + 2 < n) {
        sum -= a[i][3] * x[i + 2];
      }
      x[i] = sum / a[i][1];
    }
    return x;
  }

  /** Every system of a batch by {@link #bandedLu}. */
  public static double[] solveTridiagonal(double[] l, double[] d, double[] u, double[] r, int n, int batch) {
    double[] x = new double[n * batch];
    for (int s = 0; s < batch; s++) {
      System.arraycopy(bandedLu(l, d, u, r, n, s), 0, x, s * n, n);
    }
    return x;
  }

  /**
   * The backward residual of a computed solution, max over systems of ‖Ax − b‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞): what LU with
   * partial pivoting and Thomas on dominant systems keep at a few ε whatever the conditioning.
   */
  public static double backwardResidual(double[] l, double[] d, double[] u, double[] r, float[] x, int n,
      int batch) {
    return backwardResidual(l, d, u, r, i -> x[i], n, batch);
  }

  /** As {@link #backwardResidual(double[], double[], double[], double[], float[], int, int)} for a float64 x. */
  public static double backwardResidual(double[] l, double[] d, double[] u, double[] r, double[] x, int n,
      int batch) {
    return backwardResidual(l, d, u, r, i -> x[i], n, batch);
  }

  private static double backwardResidual(double[] l, double[] d, double[] u, double[] r,
      java.util.function.IntToDoubleFunction xs, int n, int batch) {
    double worst = 0;
    for (int s = 0; s < batch; s++) {
      int o = s * n;
      double res = 0;
      double normA = 0;
      double normX = 0;
      double normB = 0;
      for (int i = 0; i < n; i++) {
        double li = i == 0 ? 0 : l[o + i];
        double ui = i == n - 1 ? 0 : u[o + i];
        double ax = d[o + i] * xs.applyAsDouble(o + i) + (i == 0 ? 0 : li * xs.applyAsDouble(o + i - 1))
            + (i == n - 1 ? 0 : ui * xs.applyAsDouble(o + i + 1));
        res = Math.max(res, Math.abs(ax - r[o + i]));
        normA = Math.max(normA, Math.abs(li) + Math.abs(d[o + i]) + Math.abs(ui));
        normX = Math.max(normX, Math.abs(xs.applyAsDouble(o + i)));
        normB = Math.max(normB, Math.abs(r[o + i]));
      }
      double rel = res / (normA * normX + normB);
      if (Double.isNaN(rel)) {
        return Double.POSITIVE_INFINITY;
      }
      worst = Math.max(worst, rel);
    }
    return worst;
  }

  // ---- linear recurrences --------------------------------------------------------------------------------------

  /** x_0 = a_0 ⊙ x0 + b_0, x_l = a_l ⊙ x_{l−1} + b_l. */
  public static double[] diagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    double[] x = new double[steps * width];
    for (int l = 0; l < steps; l++) {
      for (int j = 0; j < width; j++) {
        double prev = l == 0 ? x0[j] : x[(l - 1) * width + j];
        x[l * width + j] = a[l * width + j] * prev + b[l * width + j];
      }
    }
    return x;
  }

  /** y_{L−1} = g_{L−1}, y_l = g_l + a_{l+1} ⊙ y_{l+1}. */
  public static double[] diagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    double[] y = new double[steps * width];
    for (int l = steps - 1; l >= 0; l--) {
      for (int j = 0; j < width; j++) {
        double next = l == steps - 1 ? 0 : a[(l + 1) * width + j] * y[(l + 1) * width + j];
        y[l * width + j] = g[l * width + j] + next;
      }
    }
    return y;
  }

  /** x_0 = A_0 x0 + b_0, x_l = A_l x_{l−1} + b_l (A_l row-major width×width). */
  public static double[] denseRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    double[] x = new double[steps * width];
    for (int l = 0; l < steps; l++) {
      for (int i = 0; i < width; i++) {
        double sum = b[l * width + i];
        for (int j = 0; j < width; j++) {
          double prev = l == 0 ? x0[j] : x[(l - 1) * width + j];
          sum += a[(l * width + i) * width + j] * prev;
        }
        x[l * width + i] = sum;
      }
    }
    return x;
  }

  /** y_{L−1} = g_{L−1}, y_l = g_l + A_{l+1}ᵀ y_{l+1}. */
  public static double[] denseRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    double[] y = new double[steps * width];
    for (int l = steps - 1; l >= 0; l--) {
      for (int j = 0; j < width; j++) {
        double sum = g[l * width + j];
        if (l < steps - 1) {
          for (int i = 0; i < width; i++) {
            sum += a[((l + 1) * width + i) * width + j] * y[(l + 1) * width + i];
          }
        }
        y[l * width + j] = sum;
      }
    }
    return y;
  }

  // ---- MLP -------------------------------------------------------------------------------------------------------

  private static final double GELU_K = Math.sqrt(2 / Math.PI);

  /** act(z); GELU is the tanh approximation ½ z (1 + tanh(√(2/π)(z + 0.044715 z³))). */
  public static double act(Activation activation, double z) {
    return switch (activation) {
      case TANH -> Math.tanh(z);
      case RELU -> Math.max(0, z);
      case GELU -> 0.5 * z * (1 + Math.tanh(GELU_K * (z + 0.044715 * z * z * z)));
      case IDENTITY -> z;
    };
  }

  /** act′(z) (ReLU′(0) = 0). */
  public static double actDerivative(Activation activation, double z) {
    return switch (activation) {
      case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
      case RELU -> z > 0 ? 1 : 0;
      case GELU -> {
        double t = Math.tanh(GELU_K * (z + 0.044715 * z * z * z));
        yield 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * z * z);
      }
      case IDENTITY -> 1;
    };
  }

  /**
   * The magnitude of the terms act′(z) is summed from, the scale its float32 evaluation errs against: GELU′ is the
   * sum of ½(1 + t) and ½ z (1 − t²) K (1 + 3·0.044715 z²), which cancel near z ≈ −0.75 (GELU′ = 0 there), so
   * |GELU′| alone would hold a float32 slope to a relative accuracy its two terms cannot give. The others are one
   * term each.
   */
  public static double actDerivativeMagnitude(Activation activation, double z) {
    if (activation == Activation.GELU) {
      double t = Math.tanh(GELU_K * (z + 0.044715 * z * z * z));
      return Math.abs(0.5 * (1 + t)) + Math.abs(0.5 * z * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * z * z));
    }
    return Math.abs(actDerivative(activation, z));
  }

  /** z_l = W_l x_{l−1} + c_l for one batch element, x_{−1} = the input. */
  public static double[] preActivation(double[] w, double[] c, double[] prev, int l, int width) {
    double[] z = new double[width];
    for (int i = 0; i < width; i++) {
      double sum = c[l * width + i];
      for (int j = 0; j < width; j++) {
        sum += w[(l * width + i) * width + j] * prev[j];
      }
      z[i] = sum;
    }
    return z;
  }

  /** The forward pass x_l = act(W_l x_{l−1} + c_l); states layers×batch×width. */
  public static double[] mlpForward(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      int batch) {
    return mlpForward(act, layers, width, w, c, inputs, batch, false);
  }

  /**
   * The forward pass x_l = act(W_l x_{l−1} + c_l), or of residual blocks x_l = x_{l−1} + act(W_l x_{l−1} + c_l)
   * when {@code residual}; states layers×batch×width.
   */
  public static double[] mlpForward(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      int batch, boolean residual) {
    double[] x = new double[layers * batch * width];
    for (int s = 0; s < batch; s++) {
      double[] prev = slice(inputs, s * width, width);
      for (int l = 0; l < layers; l++) {
        double[] z = preActivation(w, c, prev, l, width);
        for (int i = 0; i < width; i++) {
          prev[i] = (residual ? prev[i] : 0) + act(act, z[i]);
          x[(l * batch + s) * width + i] = prev[i];
        }
      }
    }
    return x;
  }

  /**
   * The Newton residual max_{l,s,i} |x_l − act(W_l x_{l−1} + c_l)| of given states (float states, double
   * evaluation): how far they are from a true forward pass, step by step.
   */
  public static double mlpResidual(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch) {
    return mlpResidual(act, layers, width, w, c, inputs, states, batch, false);
  }

  /** {@link #mlpResidual} of a plain or (when {@code residual}) residual-block MLP: |x_l − f_l(x_{l−1})|. */
  public static double mlpResidual(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch, boolean residual) {
    double worst = 0;
    for (int s = 0; s < batch; s++) {
      for (int l = 0; l < layers; l++) {
        double[] prev = new double[width];
        for (int j = 0; j < width; j++) {
          prev[j] = l == 0 ? inputs[s * width + j] : states[((l - 1) * batch + s) * width + j];
        }
        double[] z = preActivation(w, c, prev, l, width);
        for (int i = 0; i < width; i++) {
          double r = Math.abs(states[(l * batch + s) * width + i] - ((residual ? prev[i] : 0) + act(act, z[i])));
          if (Double.isNaN(r)) {
            return Double.POSITIVE_INFINITY;
          }
          worst = Math.max(worst, r);
        }
      }
    }
    return worst;
  }

  /** max over layers, batch and units of Σ_j |W_ij x_j| + |c_i|: the scale of a layer evaluation's rounding. */
  public static double mlpEvaluationScale(int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch) {
    return mlpEvaluationScale(layers, width, w, c, inputs, states, batch, false);
  }

  /** {@link #mlpEvaluationScale}, with the skip term |x_{l−1,i}| of a residual block when {@code residual}. */
  public static double mlpEvaluationScale(int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch, boolean residual) {
    double worst = 0;
    for (double term : mlpEvaluationTerms(layers, width, w, c, inputs, states, batch, residual)) {
      worst = Math.max(worst, term);
    }
    return worst;
  }

  /**
   * Σ_j |W_ij x_j| + |c_i| for every layer, batch element and unit (layers×batch×width, x_{−1} = inputs): the size of
   * the terms each pre-activation is summed from. A float32 layer evaluation errs by about (w + 2)·ε times this,
   * however much the terms cancel, so forward states' errors are measured against it.
   */
  public static double[] mlpEvaluationTerms(int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch) {
    return mlpEvaluationTerms(layers, width, w, c, inputs, states, batch, false);
  }

  /** {@link #mlpEvaluationTerms}, plus the skip term |x_{l−1,i}| of a residual block when {@code residual}. */
  public static double[] mlpEvaluationTerms(int layers, int width, double[] w, double[] c, double[] inputs,
      float[] states, int batch, boolean residual) {
    double[] terms = new double[layers * batch * width];
    for (int s = 0; s < batch; s++) {
      for (int l = 0; l < layers; l++) {
        for (int i = 0; i < width; i++) {
          double sum = Math.abs(c[l * width + i]);
          if (residual) {
            sum += Math.abs(l == 0 ? inputs[s * width + i] : states[((l - 1) * batch + s) * width + i]);
          }
          for (int j = 0; j < width; j++) {
            double prev = l == 0 ? inputs[s * width + j] : states[((l - 1) * batch + s) * width + j];
            sum += Math.abs(w[(l * width + i) * width + j] * prev);
          }
          terms[(l * batch + s) * width + i] = sum;
        }
      }
    }
    return terms;
  }

  /** Gradients of a loss: inputs, weights, biases (the layouts of {@code MlpGradients}). */
  public record Gradients(double[] inputs, double[] weights, double[] biases) {}

  /**
   * Ordinary backpropagation from given states: y_{L−1} = g, δ_l = act′(z_l) ⊙ y_l, y_{l−1} = W_lᵀ δ_l,
   * dW_l = Σ_s δ_l x_{l−1}ᵀ, dc_l = Σ_s δ_l, d input = W_0ᵀ δ_0.
   */
  public static Gradients mlpBackward(Activation act, int layers, int width, double[] w, double[] c,
      double[] inputs, double[] states, double[] outputGradient, int batch) {
    return backpropagate(act, layers, width, w, c, inputs, states, outputGradient, batch, false, false);
  }

  /**
   * {@link #mlpBackward} of a plain or (when {@code residual}) residual-block MLP, whose blocks pass the adjoint
   * through the skip path as well: y_{l−1} = y_l + W_lᵀ δ_l, d input = y_0 + W_0ᵀ δ_0.
   */
  public static Gradients mlpBackward(Activation act, int layers, int width, double[] w, double[] c,
      double[] inputs, double[] states, double[] outputGradient, int batch, boolean residual) {
    return backpropagate(act, layers, width, w, c, inputs, states, outputGradient, batch, false, residual);
  }

  /**
   * {@link #mlpBackward} on the magnitudes of every factor (|g|, |act′|, |W|, |x|): the size of the terms each
   * gradient entry is summed from. float32 backpropagation errs by about (w + 2)·L·ε times this, however much the
   * terms cancel, so it is the scale the gradients' error is measured against.
   */
  public static Gradients mlpBackwardMagnitudes(Activation act, int layers, int width, double[] w, double[] c,
      double[] inputs, double[] states, double[] outputGradient, int batch) {
    return backpropagate(act, layers, width, w, c, inputs, states, outputGradient, batch, true, false);
  }

  /** {@link #mlpBackwardMagnitudes} of a plain or (when {@code residual}) residual-block MLP. */
  public static Gradients mlpBackwardMagnitudes(Activation act, int layers, int width, double[] w, double[] c,
      double[] inputs, double[] states, double[] outputGradient, int batch, boolean residual) {
    return backpropagate(act, layers, width, w, c, inputs, states, outputGradient, batch, true, residual);
  }

  private static Gradients backpropagate(Activation act, int layers, int width, double[] w, double[] c,
      double[] inputs, double[] states, double[] outputGradient, int batch, boolean magnitudes, boolean residual) {
    java.util.function.DoubleUnaryOperator m = magnitudes ? Math::abs : v -> v;
    double[] dIn = new double[batch * width];
    double[] dW = new double[layers * width * width];
    double[] dc = new double[layers * width];
    for (int s = 0; s < batch; s++) {
      double[] y = slice(outputGradient, s * width, width);
      for (int i = 0; i < width; i++) {
        y[i] = m.applyAsDouble(y[i]);
      }
      for (int l = layers - 1; l >= 0; l--) {
        double[] prev = l == 0 ? slice(inputs, s * width, width) : slice(states, ((l - 1) * batch + s) * width, width);
        double[] z = preActivation(w, c, prev, l, width);
        double[] delta = new double[width];
        for (int i = 0; i < width; i++) {
          delta[i] = (magnitudes ? actDerivativeMagnitude(act, z[i]) : actDerivative(act, z[i])) * y[i];
          dc[l * width + i] += delta[i];
          for (int j = 0; j < width; j++) {
            dW[(l * width + i) * width + j] += delta[i] * m.applyAsDouble(prev[j]);
          }
        }
        double[] yPrev = residual ? y.clone() : new double[width];
        for (int j = 0; j < width; j++) {
          for (int i = 0; i < width; i++) {
            yPrev[j] += m.applyAsDouble(w[(l * width + i) * width + j]) * delta[i];
          }
        }
        y = yPrev;
      }
      System.arraycopy(y, 0, dIn, s * width, width);
    }
    return new Gradients(dIn, dW, dc);
  }

  /** The loss Σ g ⊙ x_{L−1} whose gradients the backward passes compute (for finite differences). */
  public static double linearLoss(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      double[] outputGradient, int batch) {
    return linearLoss(act, layers, width, w, c, inputs, outputGradient, batch, false);
  }

  /** {@link #linearLoss} of a plain or (when {@code residual}) residual-block MLP. */
  public static double linearLoss(Activation act, int layers, int width, double[] w, double[] c, double[] inputs,
      double[] outputGradient, int batch, boolean residual) {
    double[] x = mlpForward(act, layers, width, w, c, inputs, batch, residual);
    double loss = 0;
    int last = (layers - 1) * batch * width;
    for (int k = 0; k < batch * width; k++) {
      loss += outputGradient[k] * x[last + k];
    }
    return loss;
  }

  private static double[] slice(double[] a, int from, int n) {
    double[] out = new double[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }
}
