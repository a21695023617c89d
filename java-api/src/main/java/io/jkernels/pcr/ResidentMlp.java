package io.jkernels.pcr;

import io.jkernels.FloatArray;

/**
 * An {@link Mlp} whose parameters live on a backend (device memory on CUDA, off-heap memory on the CPU), made by
 * {@link Pcr#upload(Mlp)}: the resident MLP calls of {@link Pcr} read them in place, and
 * {@link Pcr#sgdUpdate(ResidentMlp, FloatArray, FloatArray, float)} updates them in place, so a training loop moves no
 * parameters between steps. Shape, activation and kind are fixed; the values change only through the context's
 * calls or the user's own writes to {@link #weights()} and {@link #biases()}.
 *
 * <p>The parameter arrays belong to the context that made this network; closing the network closes them, and so
 * does closing the context. A closed network (or one whose parameter array the user closed) is refused by every call
 * with {@link IllegalStateException} naming it. Thread safety: as {@link FloatArray}.
 */
public interface ResidentMlp extends AutoCloseable {
  /** The activation of every layer. */
  Activation activation();

  /** The number of layers L. */
  int layers();

  /** Units per layer. */
  int width();

  /**
   * Whether every layer is a residual block {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)} (as the uploaded
   * {@link Mlp}).
   */
  boolean isResidual();

  /**
   * The weights, L×width×width row-major ({@code W_l[i][j]} at {@code (l*width + i)*width + j}), resident: read them
   * with {@link FloatArray#toArray()}; writing them changes the network (keep them finite: the calls refuse non-finite
   * parameters). The same array on every call; do not close it (close the network).
   */
  FloatArray weights();

  /** The biases, L×width ({@code c_l[i]} at {@code l*width + i}), resident; as {@link #weights()}. */
  FloatArray biases();

  /**
   * A host copy of the network as it is now.
   *
   * @return an {@link Mlp} with the current weights and biases
   * @throws IllegalStateException if this network or its context is closed
   * @throws IllegalArgumentException if a parameter is no longer finite (e.g. after a diverging update); the
   *     message names it
   * @throws io.jkernels.kernels.KernelException if the backend's copy fails
   */
  Mlp toMlp();

  /** Frees the parameters (closes {@link #weights()} and {@link #biases()}). Closing twice is harmless. */
  @Override
  void close();
}
