package io.jkernels.pcr;

import java.util.Objects;

/**
 * A square MLP {@code x_l = act(W_l x_{l-1} + c_l)}, l = 0..layers−1, weights layers×width×width row-major
 * ({@code W_l[i][j]} at {@code (l*width + i)*width + j}), biases layers×width. The arrays are copied.
 */
public final class Mlp {
  private final Activation activation;
  private final int layers;
  private final int width;
  private final float[] weights;
  private final float[] biases;

  private Mlp(Activation activation, int layers, int width, float[] weights, float[] biases) {
    this.activation = activation;
    this.layers = layers;
    this.width = width;
    this.weights = weights;
    this.biases = biases;
  }

  /**
   * An MLP of {@code layers} square layers of {@code width} units; the arrays are copied.
   *
   * @param activation the elementwise activation of every layer
   * @param layers number of layers L, at least 1
   * @param width units per layer (inputs and outputs of every layer), at least 1
   * @param weights L×width×width row-major: {@code W_l[i][j]} at {@code (l*width + i)*width + j}, finite
   * @param biases L×width: {@code c_l[i]} at {@code l*width + i}, finite
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if a size is below 1, a length differs from the shape, or a parameter is not
   *     finite (the message names the argument and the expected shape)
   */
  public static Mlp of(Activation activation, int layers, int width, float[] weights, float[] biases) {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(biases, "biases");
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if ((long) layers * width * width != weights.length) {
      throw new IllegalArgumentException("weights has length " + weights.length + ", expected layers×width×width = "
          + layers + "×" + width + "×" + width + " = " + ((long) layers * width * width));
    }
    if ((long) layers * width != biases.length) {
      throw new IllegalArgumentException("biases has length " + biases.length + ", expected layers×width = "
          + layers + "×" + width + " = " + ((long) layers * width));
    }
    checkFinite(weights, "weights");
    checkFinite(biases, "biases");
    return new Mlp(activation, layers, width, weights.clone(), biases.clone());
  }

  private static void checkFinite(float[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + "; parameters must be finite");
      }
    }
  }

  /** The activation of every layer. */
  public Activation activation() {
    return activation;
  }

  /** The number of layers L. */
  public int layers() {
    return layers;
  }

  /** Units per layer. */
  public int width() {
    return width;
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of the biases. */
  public float[] biases() {
    return biases.clone();
  }

}
