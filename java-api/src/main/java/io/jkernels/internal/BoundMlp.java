package io.jkernels.internal;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.pcr.Mlp;

/**
 * An {@link Mlp}'s weights and biases bound to a backend for one array-form call, in float32 or float64 (the
 * parameters of that precision: {@code weights()} or {@code weights64()}); closing it frees both buffers.
 */
final class BoundMlp implements AutoCloseable {
  final DeepPcrSolver.Network network;

  BoundMlp(KernelBackend kb, Mlp mlp, boolean float64) {
    Buffer w = float64 ? kb.bindArray(mlp.weights64()) : kb.bindArray(mlp.weights());
    Buffer c;
    try {
      c = float64 ? kb.bindArray(mlp.biases64()) : kb.bindArray(mlp.biases());
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    network = new DeepPcrSolver.Network(ActivationKind.valueOf(mlp.activation().name()), w, c, mlp.layers(),
        mlp.width(), mlp.isResidual());
  }

  @Override
  public void close() {
    network.weights().close();
    network.biases().close();
  }
}
