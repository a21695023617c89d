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
 * width 64, shared-memory tiles beyond). MLP primitives: one thread per output.
 * Shapes were checked by the public API before these run; every buffer goes to the launch as a {@link DeviceSpan}
 * of the bytes the kernel reaches, which {@link CudaDriver} checks against its allocation (the one bounds guard).
 */
final class CudaPcrKernels implements PcrKernels {
  private static final int THREADS = 256;
  /** The solves and recurrences: the float instantiations of pcr.cu's kernel templates. */
  private static final CudaPcrSolves SOLVES = CudaPcrSolves.FLOAT32;
  /** Rows one block of pcr_tridiag_shared solves at most: 2048, 32 KiB of shared memory. */
  static final int PCR_CAPACITY = SOLVES.pcrCapacity();
  /** Widths up to this compose one map per block with both matrices in shared memory (33 KiB at 64). */
  static final int COMPOSE_SMALL_WIDTH = SOLVES.composeSmallWidth();

  private final CudaBackend backend;

  CudaPcrKernels(CudaBackend backend) {
    this.backend = backend;
  }

  private CudaDriver driver() {
    return backend.driver();
  }

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

  // ---- MLP primitives ------------------------------------------------------------------------------------------

  @Override
  public void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width, boolean residual) {
    long n = denseSize(layers, batch, width);
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan c = span(biases, (long) layers * width, "biases");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    DeviceSpan v = span(values, n, "values");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan of = span(offsets, n, "offsets");
    if (n == 0) {
      return;
    }
    driver().launch("pcr_mlp_linearize", Dim3.of(gridFor(n)), Dim3.of(THREADS), 0, KernelArgs.of()
        .i32(activation.ordinal()).pointer(w).pointer(c).pointer(in)
        .pointer(st).pointer(v).pointer(sl).pointer(of).i32(layers)
        .i32(batch).i32(width).i32(flag(residual)));
    driver().synchronize();
  }

  @Override
  public void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width,
      boolean residual) {
    long n = denseSize(layers, batch, width);
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    long entries = Math.multiplyExact(n, (long) width);
    DeviceSpan j = span(jacobians, entries, "jacobians");
    if (entries == 0) {
      return;
    }
    driver().launch("pcr_mlp_jacobians", Dim3.of(gridFor(entries)), Dim3.of(THREADS), 0, KernelArgs.of()
        .pointer(w).pointer(sl).pointer(j).i32(layers).i32(batch).i32(width).i32(flag(residual)));
    driver().synchronize();
  }

  @Override
  public double maxAbsDifference(Buffer x, Buffer y, long count) {
    DeviceSpan dx = span(x, count, "x");
    DeviceSpan dy = span(y, count, "y");
    if (count == 0) {
      return 0;
    }
    CudaDriver driver = driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long result = scratch.allocate(Integer.BYTES);
      driver.memset(result, (byte) 0, Integer.BYTES);
      driver.launch("pcr_max_abs_diff", Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(dx).pointer(dy).i64(count).pointer(result));
      int[] bits = new int[1];
      driver.copyToHost(result, MemorySegment.ofArray(bits), Integer.BYTES);
      float max = Float.intBitsToFloat(bits[0]);
      return Float.isNaN(max) ? Double.NaN : max;
    }
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width, boolean residual) {
    long n = denseSize(layers, batch, width);
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan c = span(biases, (long) layers * width, "biases");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * Float.BYTES;
    int grid = gridFor((long) batch * width);
    for (int l = 0; l < layers; l++) {
      DeviceSpan prev = l == 0 ? in : st.slice((l - 1) * layerBytes, layerBytes);
      driver.launch("pcr_mlp_forward_layer", Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .i32(activation.ordinal()).pointer(w).pointer(c).pointer(prev)
          .pointer(st.slice(l * layerBytes, layerBytes)).i32(l).i32(batch).i32(width).i32(flag(residual)));
    }
    driver.synchronize();
  }

  @Override
  public void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width, boolean residual) {
    long n = denseSize(layers, batch, width);
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan g = span(outputGradient, (long) batch * width, "outputGradient");
    DeviceSpan y = span(adjoint, n, "adjoint");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * Float.BYTES;
    driver.copyDeviceToDevice(g.address(), y.address() + (layers - 1L) * layerBytes, layerBytes);
    int grid = gridFor((long) batch * width);
    for (int l = layers - 1; l >= 1; l--) {
      driver.launch("pcr_mlp_adjoint_layer", Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .pointer(w).pointer(sl.slice(l * layerBytes, layerBytes)).pointer(y.slice(l * layerBytes, layerBytes))
          .pointer(y.slice((l - 1) * layerBytes, layerBytes)).i32(l).i32(batch).i32(width)
          .i32(flag(residual)));
    }
    driver.synchronize();
  }

  @Override
  public void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual) {
    long n = denseSize(layers, batch, width);
    long weightCount = Math.multiplyExact((long) layers * width, (long) width);
    DeviceSpan w = span(weights, weightCount, "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan y = span(adjoint, n, "adjoint");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    DeviceSpan dIn = span(dInputs, (long) batch * width, "dInputs");
    DeviceSpan dW = span(dWeights, weightCount, "dWeights");
    DeviceSpan dB = span(dBiases, (long) layers * width, "dBiases");
    if (weightCount == 0) {
      return;
    }
    CudaDriver driver = driver();
    long parameters = (long) layers * width * (width + 1);
    driver.launch("pcr_mlp_parameter_gradients", Dim3.of(gridFor(parameters)), Dim3.of(THREADS), 0,
        KernelArgs.of().pointer(sl).pointer(y).pointer(in).pointer(st)
            .pointer(dW).pointer(dB).i32(layers).i32(batch).i32(width));
    if (batch > 0) {
      driver.launch("pcr_mlp_input_gradients", Dim3.of(gridFor((long) batch * width)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(w).pointer(sl).pointer(y).pointer(dIn)
              .i32(batch).i32(width).i32(flag(residual)));
    }
    driver.synchronize();
  }

  /** The kernels' residual-block flag (an int argument: one kernel serves both kinds of layer). */
  private static int flag(boolean residual) {
    return residual ? 1 : 0;
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
