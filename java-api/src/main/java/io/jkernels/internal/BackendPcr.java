package io.jkernels.internal;

import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;

/** {@link Pcr} on a backend context. PLACEHOLDER: being written (issue 4). */
final class BackendPcr implements Pcr {
  private final BackendContext context;

  BackendPcr(BackendContext context) {
    this.context = context;
  }

  private UnsupportedOperationException notYet() {
    return new UnsupportedOperationException("not yet written (" + context.backend().id() + ")");
  }

  @Override
  public float[] solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch) {
    throw notYet();
  }

  @Override
  public float[] solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    throw notYet();
  }

  @Override
  public float[] solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    throw notYet();
  }

  @Override
  public float[] solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    throw notYet();
  }

  @Override
  public float[] solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    throw notYet();
  }

  @Override
  public DeepPcrResult deepPcrForward(Mlp mlp, float[] inputs, int batch, NewtonOptions options) {
    throw notYet();
  }

  @Override
  public float[] sequentialForward(Mlp mlp, float[] inputs, int batch) {
    throw notYet();
  }

  @Override
  public MlpGradients deepPcrBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch) {
    throw notYet();
  }

  @Override
  public MlpGradients sequentialBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient,
      int batch) {
    throw notYet();
  }
}
