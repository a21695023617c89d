package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.ResidentMlp;

/**
 * A {@link ResidentMlp}: the shape and kind of an {@link Mlp} and its parameters as two resident arrays of one
 * context (registered with it like any {@link FloatArray}, so closing the context closes them).
 */
final class ResidentNetwork implements ResidentMlp {
  private final BackendContext owner;
  private final Activation activation;
  private final int layers;
  private final int width;
  private final boolean residual;
  private final FloatArray weights;
  private final FloatArray biases;
  private volatile boolean closed;

  private ResidentNetwork(BackendContext owner, Mlp mlp, boolean residual, FloatArray weights, FloatArray biases) {
    this.owner = owner;
    this.activation = mlp.activation();
    this.layers = mlp.layers();
    this.width = mlp.width();
    this.residual = residual;
    this.weights = weights;
    this.biases = biases;
  }

  /** Uploads {@code mlp}'s parameters to {@code context}; nothing stays allocated when it fails. */
  static ResidentNetwork upload(BackendContext context, Mlp mlp) {
    FloatArray w = context.upload(mlp.weights());
    try {
      return new ResidentNetwork(context, mlp, residual(mlp), w, context.upload(mlp.biases()));
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** The one place the network's kind is read from an {@link Mlp}. */
  private static boolean residual(Mlp mlp) {
    return mlp.isResidual();
  }

  BackendContext owner() {
    return owner;
  }

  /**
   * The network as the solver sees it, for a call that received it as {@code argument}: its parameters' buffers
   * (IllegalStateException naming the argument when the network, an array or the context is closed).
   */
  DeepPcrSolver.Network network(String argument) {
    if (closed) {
      throw new IllegalStateException(argument + ": ResidentMlp is closed");
    }
    return new DeepPcrSolver.Network(ActivationKind.valueOf(activation.name()),
        owner.bufferOf(weights, argument + ".weights"), owner.bufferOf(biases, argument + ".biases"), layers, width,
        residual);
  }

  @Override
  public Activation activation() {
    return activation;
  }

  @Override
  public int layers() {
    return layers;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public boolean isResidual() {
    return residual;
  }

  @Override
  public FloatArray weights() {
    return weights;
  }

  @Override
  public FloatArray biases() {
    return biases;
  }

  @Override
  public Mlp toMlp() {
    if (closed) {
      throw new IllegalStateException("ResidentMlp is closed");
    }
    float[] w = weights.toArray();
    float[] c = biases.toArray();
    return residual ? Mlp.residual(activation, layers, width, w, c) : Mlp.of(activation, layers, width, w, c);
  }

  @Override
  public void close() {
    closed = true;
    weights.close();
    biases.close();
  }

  @Override
  public String toString() {
    return "ResidentMlp[" + activation + ", layers=" + layers + ", width=" + width + (residual ? ", residual" : "")
        + (closed ? ", closed" : "") + "]";
  }
}
