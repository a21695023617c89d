package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.PcrKernels;

/**
 * The PCR family on the CPU: its three kernel sets, each written once ({@link CpuTridiagonalSolver},
 * {@link CpuRecurrences}, {@link CpuMlpKernels}), put together behind the family contract. Nothing is computed
 * here.
 */
public final class CpuPcrKernels implements PcrKernels {
  private final CpuTridiagonalSolver tridiagonal;
  private final CpuRecurrences recurrences;
  private final CpuMlpKernels mlp;

  /** The family over {@code primitives}, with {@code sweep} for the dominant tridiagonal systems. */
  public CpuPcrKernels(CpuPrimitives primitives, CpuTridiagonalSolver.FastSweep sweep) {
    this.tridiagonal = new CpuTridiagonalSolver(sweep);
    this.recurrences = new CpuRecurrences(primitives);
    this.mlp = new CpuMlpKernels(primitives);
  }

  @Override
  public long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size,
      long batch) {
    return tridiagonal.solveTridiagonal(lower, diag, upper, rhs, x, size, batch);
  }

  @Override
  public void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width) {
    recurrences.diagonalRecurrence(a, b, x0, x, steps, width);
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width) {
    recurrences.diagonalRecurrenceAdjoint(a, g, y, steps, width);
  }

  @Override
  public void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width) {
    recurrences.denseRecurrence(a, b, x0, x, steps, batch, width);
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width) {
    recurrences.denseRecurrenceAdjoint(a, g, y, steps, batch, width);
  }

  @Override
  public void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width, boolean residual) {
    mlp.mlpLinearize(activation, weights, biases, inputs, states, values, slopes, offsets, layers, batch, width,
        residual);
  }

  @Override
  public void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width,
      boolean residual) {
    mlp.mlpJacobians(weights, slopes, jacobians, layers, batch, width, residual);
  }

  @Override
  public void mlpNewtonStep(Buffer weights, Buffer slopes, Buffer offsets, Buffer inputs, Buffer states,
      Buffer jacobians, int layers, int batch, int width, boolean residual) {
    mlp.mlpNewtonStep(weights, slopes, offsets, inputs, states, jacobians, layers, batch, width, residual);
  }

  @Override
  public boolean newtonStepNeedsJacobians() {
    return mlp.newtonStepNeedsJacobians();
  }

  @Override
  public double maxAbsDifference(Buffer x, Buffer y, long count) {
    return mlp.maxAbsDifference(x, y, count);
  }

  @Override
  public void addScaled(Buffer x, float alpha, Buffer y, Buffer out, long count) {
    mlp.addScaled(x, alpha, y, out, count);
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width, boolean residual) {
    mlp.mlpForward(activation, weights, biases, inputs, states, layers, batch, width, residual);
  }

  @Override
  public void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers,
      int batch, int width, boolean residual) {
    mlp.mlpAdjoint(weights, slopes, outputGradient, adjoint, layers, batch, width, residual);
  }

  @Override
  public void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual) {
    mlp.mlpGradients(weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, layers, batch, width,
        residual);
  }
}
