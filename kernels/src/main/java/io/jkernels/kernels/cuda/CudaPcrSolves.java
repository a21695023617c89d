package io.jkernels.kernels.cuda;

import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;

/**
 * The launch logic of the PCR family's solves and recurrences on CUDA ({@code cuda-src/pcr.cu}), written once for
 * both element types: {@link #FLOAT32} drives the {@code pcr_*} kernels ({@link CudaPcrKernels}), {@link #FLOAT64}
 * the {@code pcr64_*} ones ({@link CudaPcr64Kernels}), the float and double instantiations of the same kernel
 * templates. Tridiagonal: classification per system on the device, PCR in global memory while the interleaved
 * subsystems exceed a block's shared memory, then one block per subsystem in shared memory, Thomas for weakly
 * dominant systems and a one-thread-per-system pivoting LU for the rest; only the singular index (8 bytes) comes
 * back. Diagonal recurrences: a three-pass tiled scan of affine maps. Dense recurrences: parallel cyclic reduction,
 * ⌈log₂ L⌉ rounds of the library's own batched small-matrix product (one map per block in shared memory for small
 * widths, shared-memory tiles beyond). Spans are in bytes and were checked against their buffers by the caller.
 *
 * @param prefix kernel name prefix, "pcr" or "pcr64"
 * @param bytes bytes per element
 * @param scanSteps steps of one diagonal scan tile (32·pcr::Real&lt;T&gt;::kScanChunk)
 * @param pcrMaxThreads threads of the shared-memory PCR kernel at most (its 16·T·bytes of shared memory ≤ 32 KiB)
 * @param composeSmallWidth widths up to this compose one map per block ((2w² + w)·bytes ≤ 33 KiB)
 * @param composePanel k-panel of the tiled map product at most (2·16·kc·bytes ≤ 32 KiB)
 */
record CudaPcrSolves(String prefix, int bytes, int scanSteps, int pcrMaxThreads, int composeSmallWidth,
    int composePanel) {
  static final CudaPcrSolves FLOAT32 = new CudaPcrSolves("pcr", Float.BYTES, 128, 512, 64, 256);
  static final CudaPcrSolves FLOAT64 = new CudaPcrSolves("pcr64", Double.BYTES, 64, 256, 45, 128);

  private static final int THREADS = 256;
  /** Rows each thread of the shared-memory PCR kernel holds (pcr::kRowsPerThread). */
  static final int ROWS_PER_THREAD = 4;
  /** Columns of one diagonal scan tile (pcr::kScanColumns). */
  private static final int SCAN_COLUMNS = 32;
  private static final int PIVOT_THREADS = 128;
  /** 8×8 at least: an SM runs at most 32 blocks, and 32 blocks of 64 threads still fill it. */
  private static final int[] COMPOSE_TILES = {16, 8};

  /** Rows one block of the shared-memory PCR kernel solves at most. */
  int pcrCapacity() {
    return ROWS_PER_THREAD * pcrMaxThreads;
  }

  private String kernel(String name) {
    return prefix + "_" + name;
  }

  /** Blocks of {@link #THREADS} for a grid-stride loop over {@code work} items: enough to fill every SM. */
  private static int gridFor(CudaDriver driver, long work) {
    return Launches.blocks(work, THREADS, 16L * driver.properties().multiprocessors());
  }

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  /** As {@code TridiagonalSolver.solveTridiagonal} on spans of size×batch elements; batch ≥ 1. */
  long solveTridiagonal(CudaDriver driver, DeviceSpan l, DeviceSpan d, DeviceSpan u, DeviceSpan r, DeviceSpan dx,
      int size, long batch) {
    long total = size * batch;
    int systems = Launches.exactBlocks(batch, kernel("tridiag_classify"));
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long kinds = scratch.allocate(4L * batch);
      long retry = scratch.allocate(4L * batch);
      long singular = scratch.allocate(Long.BYTES);
      driver.memset(retry, (byte) 0, 4L * batch);
      driver.memset(singular, (byte) 0x7f, Long.BYTES); // 0x7f7f…: larger than any system index
      driver.launch(kernel("tridiag_classify"), Dim3.of(systems), Dim3.of((int) Math.min(THREADS, roundUp32(size))),
          0, KernelArgs.of().pointer(l).pointer(d).pointer(u).pointer(r).i32(size).pointer(kinds));
      long array = Math.multiplyExact(total, (long) bytes);
      long work = scratch.allocate(Math.multiplyExact(4, array));
      long[] in = {l.address(), d.address(), u.address(), r.address()};
      // Global rounds halve the interleaved subsystems until one block's shared memory holds each of them.
      int stride = 1;
      long[] free = {work, work + array, work + 2 * array, work + 3 * array};
      long[] spare = null;
      while (Launches.ceilDiv(size, stride) > pcrCapacity()) {
        long[] out = free;
        driver.launch(kernel("tridiag_global_step"), Dim3.of(gridFor(driver, total)), Dim3.of(THREADS), 0,
            KernelArgs.of().pointer(in[0]).pointer(in[1]).pointer(in[2]).pointer(in[3]).pointer(out[0])
                .pointer(out[1]).pointer(out[2]).pointer(out[3]).i32(size).i64(batch).i32(stride));
        if (spare == null) {
          long second = scratch.allocate(Math.multiplyExact(4, array));
          spare = new long[] {second, second + array, second + 2 * array, second + 3 * array};
          free = spare;
        } else {
          free = in;
        }
        in = out;
        stride *= 2;
      }
      long subsystem = Launches.ceilDiv(size, stride);
      int threads = (int) Math.min(pcrMaxThreads, Math.max(32, roundUp32(Launches.ceilDiv(subsystem,
          ROWS_PER_THREAD))));
      int blocks = Launches.exactBlocks(Math.multiplyExact(batch, (long) stride), kernel("tridiag_shared"));
      driver.launch(kernel("tridiag_shared"), Dim3.of(blocks), Dim3.of(threads), 4 * ROWS_PER_THREAD * threads
          * bytes, KernelArgs.of().pointer(in[0]).pointer(in[1]).pointer(in[2]).pointer(in[3]).i32(size)
              .i32(stride).pointer(kinds).pointer(dx).pointer(retry));
      // The sequential paths overwrite the work arrays: the shared kernel, earlier on the stream, is done with them.
      driver.launch(kernel("tridiag_sweep"), Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l).pointer(d).pointer(u)
              .pointer(r).i32(size).i64(batch).pointer(kinds).pointer(work).pointer(dx)
              .pointer(retry));
      driver.launch(kernel("tridiag_pivot"), Dim3.of(Launches.blocks(batch, PIVOT_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(PIVOT_THREADS), 0, KernelArgs.of().pointer(l).pointer(d).pointer(u)
              .pointer(r).i32(size).i64(batch).pointer(kinds).pointer(retry).pointer(work)
              .pointer(dx).pointer(singular));
      long[] first = new long[1];
      driver.copyToHost(singular, MemorySegment.ofArray(first), Long.BYTES);
      return first[0] < batch ? first[0] : -1;
    }
  }

  // ---- diagonal recurrences ------------------------------------------------------------------------------------

  /** The three-pass tiled scan of {prefix}_diag_scan_tile and {prefix}_diag_carry (see cuda-src/pcr.cu). */
  void scan(CudaDriver driver, DeviceSpan a, DeviceSpan b, DeviceSpan initial, boolean hasInitial, DeviceSpan x,
      long steps, int width, boolean reverse) {
    int tiles = Launches.exactBlocks(Launches.ceilDiv(steps, scanSteps), kernel("diag_scan_tile"));
    long columnTiles = Launches.ceilDiv(width, SCAN_COLUMNS);
    if (columnTiles > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("width " + width + " exceeds the CUDA scan's limit of "
          + (long) Launches.MAX_GRID_YZ * SCAN_COLUMNS + " columns");
    }
    // Two tiles of scanSteps × 33 elements (a padded column against bank conflicts): 33 KiB for both types.
    int shared = 2 * scanSteps * (SCAN_COLUMNS + 1) * bytes;
    Dim3 grid = new Dim3(tiles, (int) columnTiles, 1);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long carry = scratch.allocate(Math.multiplyExact((long) tiles * width, (long) bytes));
      long aggregate = tiles > 1 ? scratch.allocate(Math.multiplyExact(2L * tiles * width, (long) bytes))
          : carry; // unread with one tile
      if (tiles > 1) {
        driver.launch(kernel("diag_scan_tile"), grid, Dim3.of(THREADS), shared, KernelArgs.of().pointer(a)
            .pointer(b).i64(steps).i32(width).i32(reverse ? 1 : 0).i32(0).pointer(carry).pointer(aggregate)
            .pointer(x));
      }
      driver.launch(kernel("diag_carry"), Dim3.of(Launches.blocks(width, THREADS, Launches.MAX_GRID_X)),
          Dim3.of(THREADS), 0, KernelArgs.of().pointer(aggregate).pointer(initial).i32(hasInitial ? 1 : 0)
              .i64(tiles).i32(width).pointer(carry));
      driver.launch(kernel("diag_scan_tile"), grid, Dim3.of(THREADS), shared, KernelArgs.of().pointer(a)
          .pointer(b).i64(steps).i32(width).i32(reverse ? 1 : 0).i32(1).pointer(carry).pointer(aggregate)
          .pointer(x));
      driver.synchronize();
    }
  }

  // ---- dense recurrences ---------------------------------------------------------------------------------------

  /** Initial augmented maps, ⌈log₂ L⌉ composition rounds (ping-pong), then x_l = v_l. */
  void densePcr(CudaDriver driver, DeviceSpan a, DeviceSpan b, DeviceSpan x0, DeviceSpan x, int steps, int batch,
      int width, boolean reverse) {
    long w = width;
    long items = (long) steps * batch;
    long mapElements = Math.multiplyExact(items, w * (w + 1));
    int tile = composeTile(width);
    int kc = (int) Math.min(w, composePanel);
    long tiles = Launches.ceilDiv(w, tile) * Launches.ceilDiv(w + 1, tile);
    if (tiles > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("width " + width + " is too large for the CUDA dense recurrence");
    }
    Dim3 grid = new Dim3(Launches.exactBlocks(items, kernel("dense_compose")), (int) tiles, 1);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long in = scratch.allocate(Math.multiplyExact(mapElements, (long) bytes));
      long out = scratch.allocate(Math.multiplyExact(mapElements, (long) bytes));
      driver.launch(kernel("dense_init"), Dim3.of(gridFor(driver, mapElements)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(a).pointer(b).pointer(x0).i32(steps).i32(batch).i32(width).i32(reverse ? 1 : 0)
              .pointer(in));
      boolean small = width <= composeSmallWidth;
      int smallThreads = (int) Math.min(THREADS, roundUp32(w * (w + 1)));
      int smallShared = (int) (w * w + w * (w + 1)) * bytes;
      for (long dist = 1; dist < steps; dist *= 2) {
        if (small) {
          driver.launch(kernel("dense_compose_small"), Dim3.of(grid.x()), Dim3.of(smallThreads), smallShared,
              KernelArgs.of().pointer(in).pointer(out).i32(steps).i32(batch).i32(width).i64(dist)
                  .i32(reverse ? 1 : 0));
        } else {
          driver.launch(kernel("dense_compose"), grid, Dim3.of(tile, tile), 2 * tile * kc * bytes, KernelArgs.of()
              .pointer(in).pointer(out).i32(steps).i32(batch).i32(width).i64(dist).i32(reverse ? 1 : 0).i32(kc));
        }
        long t = in;
        in = out;
        out = t;
      }
      long rows = items * w;
      driver.launch(kernel("dense_extract"), Dim3.of(gridFor(driver, rows)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(in).i64(rows).i32(width).pointer(x));
      driver.synchronize();
    }
  }

  /**
   * The tile edge T of the tiled map product for a width: the larger of 16 and 8 whose padded width×(width+1)
   * output is within 25% of the least padded one, so small widths do not launch mostly idle 16×16 blocks and large
   * widths keep 256-thread blocks.
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

  private static long paddedArea(int width, int tile) {
    return Launches.ceilDiv(width, tile) * Launches.ceilDiv(width + 1L, tile) * tile * tile;
  }

  private static long roundUp32(long n) {
    return (n + 31) / 32 * 32;
  }
}
