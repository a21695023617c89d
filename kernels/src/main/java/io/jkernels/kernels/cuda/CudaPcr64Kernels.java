package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.Pcr64Kernels;

/**
 * The float64 PCR family on CUDA: the {@code pcr64_*} kernels of {@code cuda-src/pcr.cu} (the double instantiations
 * of the templates behind the float32 family's kernels), launched by {@link CudaPcrSolves#FLOAT64}, the same launch
 * logic as {@link CudaPcrKernels}. A buffer of n doubles is one of 2n floats ({@link Pcr64Kernels}); each goes to the
 * launch as the {@link DeviceSpan} of its 8·n bytes, checked by {@link CudaDriver} against its allocation. The MLP
 * primitives are {@link CudaMlpLaunches}' (the {@code pcr64_mlp_*} kernels); the Newton step is the contract's
 * default (Jacobians, then the dense recurrence by PCR).
 */
final class CudaPcr64Kernels implements Pcr64Kernels {
  private static final CudaPcrSolves SOLVES = CudaPcrSolves.FLOAT64;

  private final CudaBackend backend;
  private final CudaMlpLaunches mlp;

  CudaPcr64Kernels(CudaBackend backend) {
    this.backend = backend;
    this.mlp = new CudaMlpLaunches(backend, SOLVES);
  }

  @Override
  public long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size,
      long batch) {
    long total = size * batch;
    DeviceSpan l = span(lower, total, "lower");
    DeviceSpan d = span(diag, total, "diag");
    DeviceSpan u = span(upper, total, "upper");
    DeviceSpan r = span(rhs, total, "rhs");
    DeviceSpan dx = span(x, total, "x");
    return batch == 0 ? -1 : SOLVES.solveTridiagonal(backend.driver(), l, d, u, r, dx, size, batch);
  }

  @Override
  public void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width) {
    long n = steps * width;
    DeviceSpan da = span(a, n, "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      SOLVES.scan(backend.driver(), da, db, d0, true, dx, steps, width, false);
    }
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width) {
    long n = steps * width;
    DeviceSpan da = span(a, n, "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      SOLVES.scan(backend.driver(), da, dg, dg, false, dy, steps, width, true);
    }
  }

  @Override
  public void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width) {
    long n = (long) steps * batch * width;
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, (long) batch * width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      SOLVES.densePcr(backend.driver(), da, db, d0, dx, steps, batch, width, false);
    }
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width) {
    long n = (long) steps * batch * width;
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      SOLVES.densePcr(backend.driver(), da, dg, dg, dy, steps, batch, width, true);
    }
  }

  /** The first {@code doubles} doubles (2·doubles floats) of a buffer of this backend, as a span. */
  private DeviceSpan span(Buffer buffer, long doubles, String name) {
    return DeviceSpan.floats(backend.device(buffer, name), Math.multiplyExact(2, doubles));
  }

  // ---- MLP primitives: CudaMlpLaunches (float64) -------------------------------------------------------------

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
  public void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width, boolean residual) {
    mlp.mlpAdjoint(weights, slopes, outputGradient, adjoint, layers, batch, width, residual);
  }

  @Override
  public void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual) {
    mlp.mlpGradients(weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, layers, batch, width,
        residual);
  }
}
