package io.jkernels.transport;

import io.jkernels.internal.Arguments;

/**
 * Folds a transport map into the affine layer whose output it transports (the AcT paper's zero-overhead form):
 * with the layer y = W x + c and a map of unbounded support (Q_∞: every supportMin = −∞ and supportMax = +∞) applied
 * at strength λ, the steered output x + λ(ω y + β − y) = a ⊙ y + λβ with a = 1 − λ + λω, so
 * <pre>
 *   W'[o][i] = a_o · W[o][i],     c'[o] = a_o · c[o] + λ β_o        (a, products in double, rounded once)
 * </pre>
 * and the model runs without a hook. ml-act's hooks sit on a module's output (e.g. {@code mlp.c_proj}), which is
 * this layer. Only non-finite outputs behave differently (the hook passes them; the folded layer maps them).
 * Weights are row-major float32, {@link Layout#OUT_IN} as {@code torch.nn.Linear.weight} [out, in], or
 * {@link Layout#IN_OUT} as Hugging Face GPT-2's {@code Conv1D.weight} [in, out].
 */
public final class TransportFold {
  /** How the weight matrix is stored. */
  public enum Layout {
    /** [out, in] (torch.nn.Linear). */
    OUT_IN,
    /** [in, out] (GPT-2's Conv1D). */
    IN_OUT
  }

  /** A folded layer: its weight in the input's layout, and its bias [out]. */
  public record Folded(float[] weight, float[] bias) {}

  private TransportFold() {}

  /**
   * The folded weight and bias; the map's channels are the layer's outputs.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the map's support is not unbounded, the bias is not [channels], the weight
   *     is not a positive multiple of channels, or the strength or a folded value is not finite
   */
  public static Folded intoLayer(TransportMap map, float strength, float[] weight, float[] bias, Layout layout) {
    Arguments.notNull(map, "map");
    Arguments.notNull(weight, "weight");
    Arguments.notNull(bias, "bias");
    Arguments.notNull(layout, "layout");
    int out = map.channels();
    float[] min = map.supportMin();
    float[] max = map.supportMax();
    for (int o = 0; o < out; o++) {
      if (min[o] != Float.NEGATIVE_INFINITY || max[o] != Float.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("map must have an unbounded support (Q_∞) to fold; channel " + o
            + " has [" + min[o] + ", " + max[o] + "] (use map.withSupport(lo, hi, ...) with ±∞, or keep the hook)");
      }
    }
    if (bias.length != out) {
      throw new IllegalArgumentException("bias must have length channels=" + out + " (the map's), got "
          + bias.length);
    }
    if (weight.length == 0 || weight.length % out != 0) {
      throw new IllegalArgumentException("weight must be out×in or in×out with out=" + out + ", got length "
          + weight.length);
    }
    if (!Float.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be finite, got " + strength);
    }
    int in = weight.length / out;
    float[] omega = map.omega();
    float[] beta = map.beta();
    float[] w = new float[weight.length];
    float[] c = new float[out];
    for (int o = 0; o < out; o++) {
      double a = 1 - (double) strength + (double) strength * omega[o];
      c[o] = finite((float) (a * bias[o] + (double) strength * beta[o]), "bias", o);
      for (int i = 0; i < in; i++) {
        int at = layout == Layout.OUT_IN ? o * in + i : i * out + o;
        w[at] = finite((float) (a * weight[at]), "weight", at);
      }
    }
    return new Folded(w, c);
  }

  private static float finite(float v, String name, int index) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException("folded " + name + " overflows float32 at index " + index);
    }
    return v;
  }
}
