package io.jkernels.pcr;

import java.util.Objects;

/**
 * A square MLP {@code x_l = act(W_l x_{l-1} + c_l)}, l = 0..layers−1, weights layers×width×width row-major
 * ({@code W_l[i][j]} at {@code (l*width + i)*width + j}), biases layers×width. The arrays are copied.
 *
 * <p>A <em>residual</em> MLP ({@link #residual}) makes every layer a residual block of the same width,
 * {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)}, {@code x_{-1}} = the input (the blocks of the paper's ResNet
 * experiment). Its layer Jacobian is {@code J_l = I + diag(act′(z_l)) W_l}; with small weights (a ResNet at
 * initialisation) every J_l is near the identity and nearly constant in x, so the Newton iteration of
 * {@link Pcr#deepPcrForward} converges in a few steps even at a depth of a thousand layers. Backpropagation of a
 * residual block adds the skip path: {@code y_{l-1} = y_l + W_lᵀ (act′(z_l) ⊙ y_l)}. Every {@link Pcr} MLP call
 * accepts either kind with the same layouts.
 *
 * <p>Parameters in float64: {@link #of(Activation, int, int, double[], double[])} and
 * {@link #residual(Activation, int, int, double[], double[])} keep double parameters for the float64 calls
 * ({@link Pcr#deepPcrForward(Mlp, double[], int, NewtonOptions)} and its twins), which read {@link #weights64()};
 * the float32 calls read {@link #weights()}, the same values rounded to float32 (a value beyond float32's range
 * rounds to ±∞). A float-built Mlp widens exactly: its {@link #weights64()} are its float weights as doubles.
 */
public final class Mlp {
  private final Activation activation;
  private final int layers;
  private final int width;
  private final float[] weights;
  private final float[] biases;
  private final boolean residual;
  /** The float64 parameters when built from doubles; null for a float-built Mlp (then the floats widened). */
  private final double[] weights64;
  private final double[] biases64;

  private Mlp(Activation activation, int layers, int width, float[] weights, float[] biases, boolean residual) {
    this(activation, layers, width, weights, biases, residual, null, null);
  }

  private Mlp(Activation activation, int layers, int width, float[] weights, float[] biases, boolean residual,
      double[] weights64, double[] biases64) {
    this.weights64 = weights64;
    this.biases64 = biases64;
    this.residual = residual;
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
    return checked(activation, layers, width, weights, biases, false);
  }

  /**
   * A residual MLP of {@code layers} blocks {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)} of {@code width}
   * units (see the class comment); same layouts and checks as {@link #of}, the arrays are copied.
   *
   * @param activation the elementwise activation of every block
   * @param layers number of blocks L, at least 1
   * @param width units per block (inputs and outputs of every block: a residual block keeps its width), at least 1
   * @param weights L×width×width row-major: {@code W_l[i][j]} at {@code (l*width + i)*width + j}, finite
   * @param biases L×width: {@code c_l[i]} at {@code l*width + i}, finite
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if a size is below 1, a length differs from the shape (a block of another
   *     width), or a parameter is not finite (the message names the argument and the expected shape)
   */
  public static Mlp residual(Activation activation, int layers, int width, float[] weights, float[] biases) {
    return checked(activation, layers, width, weights, biases, true);
  }

  private static Mlp checked(Activation activation, int layers, int width, float[] weights, float[] biases,
      boolean residual) {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(biases, "biases");
    checkShape(layers, width, weights.length, biases.length, residual);
    checkFinite(weights, "weights");
    checkFinite(biases, "biases");
    return new Mlp(activation, layers, width, weights.clone(), biases.clone(), residual);
  }

  /** The shape rules of both parameter types, in the same words. */
  private static void checkShape(int layers, int width, int weightsLength, int biasesLength, boolean residual) {
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    String kind = residual ? " (every residual block maps width to width)" : "";
    if ((long) layers * width * width != weightsLength) {
      throw new IllegalArgumentException("weights has length " + weightsLength + ", expected layers×width×width = "
          + layers + "×" + width + "×" + width + " = " + ((long) layers * width * width) + kind);
    }
    if ((long) layers * width != biasesLength) {
      throw new IllegalArgumentException("biases has length " + biasesLength + ", expected layers×width = "
          + layers + "×" + width + " = " + ((long) layers * width) + kind);
    }
  }

  /**
   * An MLP with float64 parameters (for the float64 calls; see the class comment), otherwise as
   * {@link #of(Activation, int, int, float[], float[])}; the arrays are copied.
   *
   * @param activation the elementwise activation of every layer
   * @param layers number of layers L, at least 1
   * @param width units per layer, at least 1
   * @param weights L×width×width doubles row-major: {@code W_l[i][j]} at {@code (l*width + i)*width + j}, finite
   * @param biases L×width doubles: {@code c_l[i]} at {@code l*width + i}, finite
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if a size is below 1, a length differs from the shape, or a parameter is not
   *     finite (the message names the argument and the expected shape)
   */
  public static Mlp of(Activation activation, int layers, int width, double[] weights, double[] biases) {
    return checked(activation, layers, width, weights, biases, false);
  }

  /**
   * A residual MLP with float64 parameters: as {@link #residual(Activation, int, int, float[], float[])}, the
   * parameters as {@link #of(Activation, int, int, double[], double[])}; the arrays are copied.
   *
   * @param activation the elementwise activation of every block
   * @param layers number of blocks L, at least 1
   * @param width units per block, at least 1
   * @param weights L×width×width doubles row-major: {@code W_l[i][j]} at {@code (l*width + i)*width + j}, finite
   * @param biases L×width doubles: {@code c_l[i]} at {@code l*width + i}, finite
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if a size is below 1, a length differs from the shape (a block of another
   *     width), or a parameter is not finite (the message names the argument and the expected shape)
   */
  public static Mlp residual(Activation activation, int layers, int width, double[] weights, double[] biases) {
    return checked(activation, layers, width, weights, biases, true);
  }

  private static Mlp checked(Activation activation, int layers, int width, double[] weights, double[] biases,
      boolean residual) {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(biases, "biases");
    checkShape(layers, width, weights.length, biases.length, residual);
    checkFinite(weights, "weights");
    checkFinite(biases, "biases");
    return new Mlp(activation, layers, width, narrow(weights), narrow(biases), residual, weights.clone(),
        biases.clone());
  }

  private static float[] narrow(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] widen(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static void checkFinite(double[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + "; parameters must be finite");
      }
    }
  }

  private static void checkFinite(float[] values, String name) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + "; parameters must be finite");
      }
    }
  }

  /** Whether every layer is a residual block {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)} ({@link #residual}). */
  public boolean isResidual() {
    return residual;
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

  /** A copy of the weights in float64: as given to a double factory, else the float weights widened exactly. */
  public double[] weights64() {
    return weights64 != null ? weights64.clone() : widen(weights);
  }

  /** A copy of the biases in float64: as given to a double factory, else the float biases widened exactly. */
  public double[] biases64() {
    return biases64 != null ? biases64.clone() : widen(biases);
  }

}
