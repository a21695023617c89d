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
  /** Rows each thread of the shared-memory PCR kernel holds (pcr::kRowsPerThread). */
  private static final int ROWS_PER_THREAD = 4;
  /** Threads of the shared-memory PCR kernel at most: 2048 rows, 32 KiB of shared memory. */
  private static final int PCR_MAX_THREADS = 512;
  static final int PCR_CAPACITY = ROWS_PER_THREAD * PCR_MAX_THREADS;
  /** Steps and columns of one diagonal scan tile (pcr::kScanSteps, pcr::kScanColumns). */
  private static final int SCAN_STEPS = 128;
  private static final int SCAN_COLUMNS = 32;
  /** Two tiles of 128 × 33 floats (a padded column against bank conflicts). */
  private static final int SCAN_SHARED_BYTES = 2 * SCAN_STEPS * (SCAN_COLUMNS + 1) * Float.BYTES;
  private static final int PIVOT_THREADS = 128;
  /** Widths up to this compose one map per block with both matrices in shared memory (33 KiB at 64). */
  static final int COMPOSE_SMALL_WIDTH = 64;
  /** k-panel of pcr_dense_compose: 2·16·256 floats = 32 KiB of shared memory at most. */
  private static final int COMPOSE_PANEL = 256;

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

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  @Override
  public long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size,
      long batch) {
    long total = size * batch;
    DeviceSpan l = span(lower, total, "lower");
    DeviceSpan d = span(diag, total, "diag");
    DeviceSpan u = span(upper, total, "upper");
    DeviceSpan r = span(rhs, total, "rhs");
    DeviceSpan dx = span(x, total, "x");
    if (batch == 0) {
      return -1;
    }
    int systems = Launches.exactBlocks(batch, "pcr_tridiag_classify");
    CudaDriver driver = driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long kinds = scratch.allocate(4L * batch);
      long retry = scratch.allocate(4L * batch);
      long singular = scratch.allocate(Long.BYTES);
      driver.memset(retry, (byte) 0, 4L * batch);
      driver.memset(singular, (byte) 0x7f, Long.BYTES); // 0x7f7f…: larger than any system index
      driver.launch("pcr_tridiag_classify", Dim3.of(systems), Dim3.of((int) Math.min(THREADS, roundUp32(size))), 0,
          KernelArgs.of().pointer(l).pointer(d).pointer(u).pointer(r)
              .i32(size).pointer(kinds));
      long work = scratch.floats(4 * total);
      long[] in = {l.address(), d.address(), u.address(), r.address()};
      // Global rounds halve the interleaved subsystems until one block's shared memory holds each of them.
      int stride = 1;
      long[] free = {work, work + total * Float.BYTES, work + 2 * total * Float.BYTES, work + 3 * total * Float.BYTES};
      long[] spare = null;
      while (Launches.ceilDiv(size, stride) > PCR_CAPACITY) {
        long[] out = free;
        driver.launch("pcr_tridiag_global_step", Dim3.of(gridFor(total)), Dim3.of(THREADS), 0, KernelArgs.of()
            .pointer(in[0]).pointer(in[1]).pointer(in[2]).pointer(in[3]).pointer(out[0]).pointer(out[1])
            .pointer(out[2]).pointer(out[3]).i32(size).i64(batch).i32(stride));
        if (spare == null) {
          long second = scratch.floats(4 * total);
          spare = new long[] {second, second + total * Float.BYTES, second + 2 * total * Float.BYTES,
              second + 3 * total * Float.BYTES};
          free = spare;
        } else {
          free = in;
        }
        in = out;
        stride *= 2;
      }
      long subsystem = Launches.ceilDiv(size, stride);
      int threads = (int) Math.min(PCR_MAX_THREADS, Math.max(32, roundUp32(Launches.ceilDiv(subsystem,
          ROWS_PER_THREAD))));
      int blocks = Launches.exactBlocks(Math.multiplyExact(batch, (long) stride), "pcr_tridiag_shared");
      driver.launch("pcr_tridiag_shared", Dim3.of(blocks), Dim3.of(threads), 4 * ROWS_PER_THREAD * threads
          * Float.BYTES, KernelArgs.of().pointer(in[0]).pointer(in[1]).pointer(in[2]).pointer(in[3]).i32(size)
              .i32(stride).pointer(kinds).pointer(dx).pointer(retry));
      // The sequential paths overwrite the work arrays: the shared kernel, earlier on the stream, is done with them.
      driver.launch("pcr_tridiag_sweep", Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l).pointer(d).pointer(u)
              .pointer(r).i32(size).i64(batch).pointer(kinds).pointer(work).pointer(dx)
              .pointer(retry));
      driver.launch("pcr_tridiag_pivot", Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l).pointer(d).pointer(u)
              .pointer(r).i32(size).i64(batch).pointer(kinds).pointer(retry).pointer(work)
              .pointer(dx).pointer(singular));
      long[] first = new long[1];
      driver.copyToHost(singular, MemorySegment.ofArray(first), Long.BYTES);
      return first[0] < batch ? first[0] : -1;
    }
  }

  // ---- diagonal recurrences ------------------------------------------------------------------------------------

  @Override
  public void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceSpan da = span(a, n, "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      scan(da, db, d0, true, dx, steps, width, false);
    }
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceSpan da = span(a, n, "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      scan(da, dg, dg, false, dy, steps, width, true);
    }
  }

  /** The three-pass tiled scan of pcr_diag_scan_tile and pcr_diag_carry (see cuda-src/pcr.cu). */
  private void scan(DeviceSpan a, DeviceSpan b, DeviceSpan initial, boolean hasInitial, DeviceSpan x, long steps,
      int width,
      boolean reverse) {
    CudaDriver driver = driver();
    int tiles = Launches.exactBlocks(Launches.ceilDiv(steps, SCAN_STEPS), "pcr_diag_scan_tile");
    long columnTiles = Launches.ceilDiv(width, SCAN_COLUMNS);
    if (columnTiles > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("width " + width + " exceeds the CUDA scan's limit of "
          + (long) Launches.MAX_GRID_YZ * SCAN_COLUMNS + " columns");
    }
    Dim3 grid = new Dim3(tiles, (int) columnTiles, 1);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long carry = scratch.floats((long) tiles * width);
      long aggregate = tiles > 1 ? scratch.floats(2L * tiles * width) : carry; // unread with one tile
      if (tiles > 1) {
        driver.launch("pcr_diag_scan_tile", grid, Dim3.of(THREADS), SCAN_SHARED_BYTES, KernelArgs.of().pointer(a)
            .pointer(b).i64(steps).i32(width).i32(reverse ? 1 : 0).i32(0).pointer(carry).pointer(aggregate)
            .pointer(x));
      }
      driver.launch("pcr_diag_carry", Dim3.of(Launches.blocks(width, THREADS, Launches.MAX_GRID_X)),
          Dim3.of(THREADS), 0, KernelArgs.of().pointer(aggregate).pointer(initial).i32(hasInitial ? 1 : 0)
              .i64(tiles).i32(width).pointer(carry));
      driver.launch("pcr_diag_scan_tile", grid, Dim3.of(THREADS), SCAN_SHARED_BYTES, KernelArgs.of().pointer(a)
          .pointer(b).i64(steps).i32(width).i32(reverse ? 1 : 0).i32(1).pointer(carry).pointer(aggregate)
          .pointer(x));
      driver.synchronize();
    }
  }

  // ---- dense recurrences ---------------------------------------------------------------------------------------

  @Override
  public void denseRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch, int width) {
    long n = denseSize(steps, batch, width);
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan db = span(b, n, "b");
    DeviceSpan d0 = span(x0, (long) batch * width, "x0");
    DeviceSpan dx = span(x, n, "x");
    if (n > 0) {
      densePcr(da, db, d0, dx, steps, batch, width, false);
    }
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width) {
    long n = denseSize(steps, batch, width);
    DeviceSpan da = span(a, Math.multiplyExact(n, (long) width), "a");
    DeviceSpan dg = span(g, n, "g");
    DeviceSpan dy = span(y, n, "y");
    if (n > 0) {
      densePcr(da, dg, dg, dy, steps, batch, width, true);
    }
  }

  /** Initial augmented maps, ⌈log₂ L⌉ composition rounds (ping-pong), then x_l = v_l. */
  private void densePcr(DeviceSpan a, DeviceSpan b, DeviceSpan x0, DeviceSpan x, int steps, int batch, int width,
      boolean reverse) {
    CudaDriver driver = driver();
    long w = width;
    long items = (long) steps * batch;
    long mapFloats = Math.multiplyExact(items, w * (w + 1));
    int tile = composeTile(width);
    int kc = (int) Math.min(w, COMPOSE_PANEL);
    long tiles = Launches.ceilDiv(w, tile) * Launches.ceilDiv(w + 1, tile);
    if (tiles > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("width " + width + " is too large for the CUDA dense recurrence");
    }
    Dim3 grid = new Dim3(Launches.exactBlocks(items, "pcr_dense_compose"), (int) tiles, 1);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long in = scratch.floats(mapFloats);
      long out = scratch.floats(mapFloats);
      driver.launch("pcr_dense_init", Dim3.of(gridFor(mapFloats)), Dim3.of(THREADS), 0, KernelArgs.of().pointer(a)
          .pointer(b).pointer(x0).i32(steps).i32(batch).i32(width).i32(reverse ? 1 : 0).pointer(in));
      boolean small = width <= COMPOSE_SMALL_WIDTH;
      int smallThreads = (int) Math.min(THREADS, roundUp32(w * (w + 1)));
      int smallShared = (int) (w * w + w * (w + 1)) * Float.BYTES;
      for (long dist = 1; dist < steps; dist *= 2) {
        if (small) {
          driver.launch("pcr_dense_compose_small", Dim3.of(grid.x()), Dim3.of(smallThreads), smallShared,
              KernelArgs.of().pointer(in).pointer(out).i32(steps).i32(batch).i32(width).i64(dist)
                  .i32(reverse ? 1 : 0));
        } else {
          driver.launch("pcr_dense_compose", grid, Dim3.of(tile, tile), 2 * tile * kc * Float.BYTES, KernelArgs.of()
              .pointer(in).pointer(out).i32(steps).i32(batch).i32(width).i64(dist).i32(reverse ? 1 : 0).i32(kc));
        }
        long t = in;
        in = out;
        out = t;
      }
      long rows = items * w;
      driver.launch("pcr_dense_extract", Dim3.of(gridFor(rows)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(in).i64(rows).i32(width).pointer(x));
      driver.synchronize();
    }
  }

  /**
   * The tile edge T of pcr_dense_compose for a width: the larger of 16 and 8 whose padded width×(width+1) output
   * is within 25% of the least padded one, so small widths do not launch mostly idle 16×16 blocks and large widths
   * keep 256-thread blocks.
   */
  static int composeTile(int width) {
    long least = Long.MAX_VALUE;
    for (int t : COMPOSE_TILES) {
      least = Math.min(least, paddedArea(width, t));
    }
    for (int t : COMPOSE_TILES) {
      if (paddedArea(width, t) * 4 <= least * 5) {
        return t;
      }
    }
    throw new AssertionError("unreachable: the least padded tile qualifies");
  }

  /** 8×8 at least: an SM runs at most 32 blocks, and 32 blocks of 64 threads still fill it. */
  private static final int[] COMPOSE_TILES = {16, 8};

  private static long paddedArea(int width, int tile) {
    return Launches.ceilDiv(width, tile) * Launches.ceilDiv(width + 1L, tile) * tile * tile;
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
  public void addScaled(Buffer x, float alpha, Buffer y, Buffer out, long count) {
    DeviceSpan dx = span(x, count, "x");
    DeviceSpan dy = span(y, count, "y");
    DeviceSpan dout = span(out, count, "out");
    if (count == 0) {
      return;
    }
    driver().launch("pcr_add_scaled", Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
        KernelArgs.of().pointer(dx).f32(alpha).pointer(dy).pointer(dout).i64(count));
    driver().synchronize();
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
