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
 * Every shape is checked here against the buffers before any launch.
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
    if (size < 1 || batch < 0) {
      throw new IllegalArgumentException("size must be >= 1 and batch >= 0, got " + size + ", " + batch);
    }
    long total = product(size, batch, "size × batch");
    DeviceBuffer l = need(lower, total, "lower");
    DeviceBuffer d = need(diag, total, "diag");
    DeviceBuffer u = need(upper, total, "upper");
    DeviceBuffer r = need(rhs, total, "rhs");
    DeviceBuffer dx = need(x, total, "x");
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
          KernelArgs.of().pointer(l.address()).pointer(d.address()).pointer(u.address()).pointer(r.address())
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
              .i32(stride).pointer(kinds).pointer(dx.address()).pointer(retry));
      // The sequential paths overwrite the work arrays: the shared kernel, earlier on the stream, is done with them.
      driver.launch("pcr_tridiag_sweep", Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l.address()).pointer(d.address()).pointer(u.address())
              .pointer(r.address()).i32(size).i64(batch).pointer(kinds).pointer(work).pointer(dx.address())
              .pointer(retry));
      driver.launch("pcr_tridiag_pivot", Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l.address()).pointer(d.address()).pointer(u.address())
              .pointer(r.address()).i32(size).i64(batch).pointer(kinds).pointer(retry).pointer(work)
              .pointer(dx.address()).pointer(singular));
      long[] first = new long[1];
      driver.copyToHost(singular, MemorySegment.ofArray(first), Long.BYTES);
      return first[0] < batch ? first[0] : -1;
    }
  }

  // ---- diagonal recurrences ------------------------------------------------------------------------------------

  @Override
  public void diagonalRecurrence(Buffer a, Buffer b, Buffer x0, Buffer x, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceBuffer da = need(a, n, "a");
    DeviceBuffer db = need(b, n, "b");
    DeviceBuffer d0 = need(x0, width, "x0");
    DeviceBuffer dx = need(x, n, "x");
    if (n > 0) {
      scan(da.address(), db.address(), d0.address(), true, dx.address(), steps, width, false);
    }
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, long steps, int width) {
    long n = recurrenceSize(steps, width);
    DeviceBuffer da = need(a, n, "a");
    DeviceBuffer dg = need(g, n, "g");
    DeviceBuffer dy = need(y, n, "y");
    if (n > 0) {
      scan(da.address(), dg.address(), dg.address(), false, dy.address(), steps, width, true);
    }
  }

  /** The three-pass tiled scan of pcr_diag_scan_tile and pcr_diag_carry (see cuda-src/pcr.cu). */
  private void scan(long a, long b, long initial, boolean hasInitial, long x, long steps, int width,
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
    DeviceBuffer da = need(a, Math.multiplyExact(n, (long) width), "a");
    DeviceBuffer db = need(b, n, "b");
    DeviceBuffer d0 = need(x0, (long) batch * width, "x0");
    DeviceBuffer dx = need(x, n, "x");
    if (n > 0) {
      densePcr(da.address(), db.address(), d0.address(), dx.address(), steps, batch, width, false);
    }
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer a, Buffer g, Buffer y, int steps, int batch, int width) {
    long n = denseSize(steps, batch, width);
    DeviceBuffer da = need(a, Math.multiplyExact(n, (long) width), "a");
    DeviceBuffer dg = need(g, n, "g");
    DeviceBuffer dy = need(y, n, "y");
    if (n > 0) {
      densePcr(da.address(), dg.address(), dg.address(), dy.address(), steps, batch, width, true);
    }
  }

  /** Initial augmented maps, ⌈log₂ L⌉ composition rounds (ping-pong), then x_l = v_l. */
  private void densePcr(long a, long b, long x0, long x, int steps, int batch, int width, boolean reverse) {
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
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width) {
    long n = denseSize(layers, batch, width);
    DeviceBuffer w = need(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceBuffer c = need(biases, (long) layers * width, "biases");
    DeviceBuffer in = need(inputs, (long) batch * width, "inputs");
    DeviceBuffer st = need(states, n, "states");
    DeviceBuffer v = need(values, n, "values");
    DeviceBuffer sl = need(slopes, n, "slopes");
    DeviceBuffer of = need(offsets, n, "offsets");
    if (n == 0) {
      return;
    }
    driver().launch("pcr_mlp_linearize", Dim3.of(gridFor(n)), Dim3.of(THREADS), 0, KernelArgs.of()
        .i32(activation.ordinal()).pointer(w.address()).pointer(c.address()).pointer(in.address())
        .pointer(st.address()).pointer(v.address()).pointer(sl.address()).pointer(of.address()).i32(layers)
        .i32(batch).i32(width));
    driver().synchronize();
  }

  @Override
  public void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width) {
    long n = denseSize(layers, batch, width);
    DeviceBuffer w = need(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceBuffer sl = need(slopes, n, "slopes");
    long entries = Math.multiplyExact(n, (long) width);
    DeviceBuffer j = need(jacobians, entries, "jacobians");
    if (entries == 0) {
      return;
    }
    driver().launch("pcr_mlp_jacobians", Dim3.of(gridFor(entries)), Dim3.of(THREADS), 0, KernelArgs.of()
        .pointer(w.address()).pointer(sl.address()).pointer(j.address()).i32(layers).i32(batch).i32(width));
    driver().synchronize();
  }

  @Override
  public double maxAbsDifference(Buffer x, Buffer y, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    DeviceBuffer dx = need(x, count, "x");
    DeviceBuffer dy = need(y, count, "y");
    if (count == 0) {
      return 0;
    }
    CudaDriver driver = driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long result = scratch.allocate(Integer.BYTES);
      driver.memset(result, (byte) 0, Integer.BYTES);
      driver.launch("pcr_max_abs_diff", Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(dx.address()).pointer(dy.address()).i64(count).pointer(result));
      int[] bits = new int[1];
      driver.copyToHost(result, MemorySegment.ofArray(bits), Integer.BYTES);
      float max = Float.intBitsToFloat(bits[0]);
      return Float.isNaN(max) ? Double.NaN : max;
    }
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width) {
    long n = denseSize(layers, batch, width);
    DeviceBuffer w = need(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceBuffer c = need(biases, (long) layers * width, "biases");
    DeviceBuffer in = need(inputs, (long) batch * width, "inputs");
    DeviceBuffer st = need(states, n, "states");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * Float.BYTES;
    int grid = gridFor((long) batch * width);
    for (int l = 0; l < layers; l++) {
      long prev = l == 0 ? in.address() : st.address() + (l - 1) * layerBytes;
      driver.launch("pcr_mlp_forward_layer", Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .i32(activation.ordinal()).pointer(w.address()).pointer(c.address()).pointer(prev)
          .pointer(st.address() + l * layerBytes).i32(l).i32(batch).i32(width));
    }
    driver.synchronize();
  }

  @Override
  public void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width) {
    long n = denseSize(layers, batch, width);
    DeviceBuffer w = need(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceBuffer sl = need(slopes, n, "slopes");
    DeviceBuffer g = need(outputGradient, (long) batch * width, "outputGradient");
    DeviceBuffer y = need(adjoint, n, "adjoint");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * Float.BYTES;
    driver.copyDeviceToDevice(g.address(), y.address() + (layers - 1L) * layerBytes, layerBytes);
    int grid = gridFor((long) batch * width);
    for (int l = layers - 1; l >= 1; l--) {
      driver.launch("pcr_mlp_adjoint_layer", Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .pointer(w.address()).pointer(sl.address() + l * layerBytes).pointer(y.address() + l * layerBytes)
          .pointer(y.address() + (l - 1) * layerBytes).i32(l).i32(batch).i32(width));
    }
    driver.synchronize();
  }

  @Override
  public void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width) {
    long n = denseSize(layers, batch, width);
    long weightCount = Math.multiplyExact((long) layers * width, (long) width);
    DeviceBuffer w = need(weights, weightCount, "weights");
    DeviceBuffer sl = need(slopes, n, "slopes");
    DeviceBuffer y = need(adjoint, n, "adjoint");
    DeviceBuffer in = need(inputs, (long) batch * width, "inputs");
    DeviceBuffer st = need(states, n, "states");
    DeviceBuffer dIn = need(dInputs, (long) batch * width, "dInputs");
    DeviceBuffer dW = need(dWeights, weightCount, "dWeights");
    DeviceBuffer dB = need(dBiases, (long) layers * width, "dBiases");
    if (weightCount == 0) {
      return;
    }
    CudaDriver driver = driver();
    long parameters = (long) layers * width * (width + 1);
    driver.launch("pcr_mlp_parameter_gradients", Dim3.of(gridFor(parameters)), Dim3.of(THREADS), 0,
        KernelArgs.of().pointer(sl.address()).pointer(y.address()).pointer(in.address()).pointer(st.address())
            .pointer(dW.address()).pointer(dB.address()).i32(layers).i32(batch).i32(width));
    if (batch > 0) {
      driver.launch("pcr_mlp_input_gradients", Dim3.of(gridFor((long) batch * width)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(w.address()).pointer(sl.address()).pointer(y.address()).pointer(dIn.address())
              .i32(batch).i32(width));
    }
    driver.synchronize();
  }

  // ---- argument checks -----------------------------------------------------------------------------------------

  /** The device buffer behind {@code buffer}, checked to hold at least {@code floats} floats. */
  private DeviceBuffer need(Buffer buffer, long floats, String name) {
    DeviceBuffer d = backend.device(buffer, name);
    if (d.length() < floats) {
      throw new IllegalArgumentException(name + " needs " + floats + " floats, buffer holds " + d.length());
    }
    return d;
  }

  private static long recurrenceSize(long steps, int width) {
    if (steps < 0 || width < 1) {
      throw new IllegalArgumentException("steps must be >= 0 and width >= 1, got " + steps + ", " + width);
    }
    return product(steps, width, "steps × width");
  }

  private static long denseSize(int steps, int batch, int width) {
    if (steps < 0 || batch < 0 || width < 1) {
      throw new IllegalArgumentException("steps and batch must be >= 0 and width >= 1, got " + steps + ", " + batch
          + ", " + width);
    }
    return product((long) steps * batch, width, "steps × batch × width");
  }

  private static long product(long a, long b, String what) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " overflows: " + a + " × " + b);
    }
  }

  private static long roundUp32(long n) {
    return (n + 31) / 32 * 32;
  }
}
