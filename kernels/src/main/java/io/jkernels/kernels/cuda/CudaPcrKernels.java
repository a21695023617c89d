package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.PcrKernels;
import java.lang.foreign.MemorySegment;

/**
 * The PCR family on CUDA ({@code cuda-src/pcr.cu}). Tridiagonal: classification per system on the device, PCR in
 * global memory while the interleaved subsystems exceed a block's shared memory, then one block per subsystem in
 * shared memory, and a one-thread-per-system pivoting LU for the rest; only the singular index (8 bytes) comes
 * back. Diagonal recurrences: a three-pass tiled scan of affine maps. Dense recurrences: parallel cyclic reduction,
 * ⌈log₂ L⌉ rounds of the library's own batched small-matrix product (one map per block in shared memory up to
 * width 64, shared-memory tiles beyond), launched by {@link CudaPcrSolves#FLOAT32}. MLP primitives: one thread per
 * output, launched by {@link CudaMlpLaunches}.
 * Shapes were checked by the public API before these run; every buffer goes to the launch as a {@link DeviceSpan}
 * of the bytes the kernel reaches, which {@link CudaDriver} checks against its allocation (the one bounds guard).
 */
final class CudaPcrKernels implements PcrKernels {
  /** The solves and recurrences: the float instantiations of pcr.cu's kernel templates. */
  private static final CudaPcrSolves SOLVES = CudaPcrSolves.FLOAT32;
  /** Rows one block of pcr_tridiag_shared solves at most: 2048, 32 KiB of shared memory. */
  static final int PCR_CAPACITY = SOLVES.pcrCapacity();
  /** Widths up to this compose one map per block with both matrices in shared memory (33 KiB at 64). */
  static final int COMPOSE_SMALL_WIDTH = SOLVES.composeSmallWidth();

  private final CudaBackend backend;
  private final CudaMlpLaunches mlp;

  CudaPcrKernels(CudaBackend backend) {
    this.backend = backend;
    this.mlp = new CudaMlpLaunches(backend, SOLVES);
  }

  private CudaDriver driver() {
    return backend.driver();
  }

  /** Threads per block of the training-step kernels (grid-stride loops). */
  private static final int THREADS = 256;

  /** Blocks of {@link #THREADS} for a grid-stride loop over {@code work} items: enough to fill every SM. */
  private int gridFor(long work) {
    return Launches.blocks(work, THREADS, 16L * driver().properties().multiprocessors());
  }

  // ---- tridiagonal and recurrences: CudaPcrSolves.FLOAT32 ----------------------------------------------------

  @Override
  public long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size,
      long batch) {
    long total = size * batch;
    DeviceSpan l = span(lower, total, "lower");
    DeviceSpan d = span(diag, total, "diag");
    DeviceSpan u = span(upper, total, "upper");
    DeviceSpan r = span(rhs, total, "rhs");
    DeviceSpan dx = span(x, total, "x");
    return batch == 0 ? -1 : SOLVES.solveTridiagonal(driver(), l, d, u, r, dx, size, batch);
  }

  @Override
  public void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceSpan da = span(a, n, "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      SOLVES.scan(driver(), da, db, d0, true, dx, steps, width, false);
    }
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceSpan da = span(a, n, "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      SOLVES.scan(driver(), da, dg, dg, false, dy, steps, width, true);
    }
  }

  // ---- training step -------------------------------------------------------------------------------------------

  @Override
  public void sgdUpdate(Buffer parameters, Buffer gradient, float rate, long count) {
    DeviceSpan p = span(parameters, count, "parameters");
    DeviceSpan g = span(gradient, count, "gradient");
    if (count == 0) {
      return;
    }
    driver().launch("pcr_sgd_update", Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
        KernelArgs.of().pointer(p).pointer(g).f32(rate).i64(count));
    driver().synchronize();
  }

  /** pcr_mse_gradient (gradient and per-block partial sums), then pcr_sum_partials; 8 bytes come back. */
  @Override
  public double meanSquaredError(Buffer predictions, long predictionOffset, Buffer targets, Buffer gradient,
      long count) {
    DeviceSpan p = span(predictions, predictionOffset + count, "predictions")
        .slice(predictionOffset * Float.BYTES, count * Float.BYTES);
    DeviceSpan t = span(targets, count, "targets");
    DeviceSpan g = span(gradient, count, "gradient");
    CudaDriver driver = driver();
    int blocks = gridFor(count);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long partial = scratch.allocate((long) blocks * Double.BYTES);
      long result = scratch.allocate(Double.BYTES);
      driver.launch("pcr_mse_gradient", Dim3.of(blocks), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(p).pointer(t).i64(count).pointer(g).pointer(partial, (long) blocks * Double.BYTES));
      driver.launch("pcr_sum_partials", Dim3.of(1), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(partial, (long) blocks * Double.BYTES).i32(blocks).pointer(result, Double.BYTES));
      double[] sum = new double[1];
      driver.copyToHost(result, MemorySegment.ofArray(sum), Double.BYTES);
      return sum[0] / count;
    }
  }

  @Override
  public boolean allFinite(Buffer x, long count) {
    DeviceSpan dx = span(x, count, "x");
    if (count == 0) {
      return true;
    }
    CudaDriver driver = driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long flag = scratch.allocate(Integer.BYTES);
      driver.memset(flag, (byte) 0, Integer.BYTES);
      driver.launch("pcr_all_finite", Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(dx).i64(count).pointer(flag, Integer.BYTES));
      int[] bad = new int[1];
      driver.copyToHost(flag, MemorySegment.ofArray(bad), Integer.BYTES);
      return bad[0] == 0;
    }
  }

  @Override
  public void fillZero(Buffer x, long count) {
    DeviceSpan dx = span(x, count, "x");
    if (count > 0) {
      driver().memset(dx.address(), (byte) 0, dx.bytes());
    }
  }

  @Override
  public void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width) {
    long n = denseSize(steps, batch, width);
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, (long) batch * width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      SOLVES.densePcr(driver(), da, db, d0, dx, steps, batch, width, false);
    }
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width) {
    long n = denseSize(steps, batch, width);
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      SOLVES.densePcr(driver(), da, dg, dg, dy, steps, batch, width, true);
    }
  }

  /** The tile edge of pcr_dense_compose for a width ({@link CudaPcrSolves#composeTile}). */
  static int composeTile(int width) {
    return CudaPcrSolves.composeTile(width);
  }

  // ---- MLP primitives: CudaMlpLaunches (float32) ------------------------------------------------------------

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

  // ---- spans --------------------------------------------------------------------------------------------------

  /** The first {@code floats} floats of a buffer of this backend, as the span a kernel reaches. */
  private DeviceSpan span(Buffer buffer, long floats, String name) {
    return DeviceSpan.floats(backend.device(buffer, name), floats);
  }

  private static long recurrenceSize(long steps, int width) {
    return steps * width;
  }

  private static long denseSize(int steps, int batch, int width) {
    return (long) steps * batch * width;
  }

  private static long roundUp32(long n) {
    return (n + 31) / 32 * 32;
  }
}
