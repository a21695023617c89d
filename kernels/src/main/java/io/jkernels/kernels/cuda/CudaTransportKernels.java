package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.SourceQuantiles;
import io.jkernels.kernels.transport.TransportKernels;

/**
 * The transport family on CUDA ({@code cuda-src/transport.cu}): apply is one fused pass over x; fit sorts every
 * channel on the device (transpose into padded columns, bitonic sort in shared memory per tile, global bitonic
 * steps beyond a tile) and reduces the matched quantiles in double there, copying back 5 doubles per channel.
 */
final class CudaTransportKernels implements TransportKernels, AutoCloseable {
  private static final int APPLY_THREADS = 256;
  /** Floats one block sorts in shared memory: 16 KiB, within the 48 KiB every GPU gives without opting in. */
  static final int SORT_TILE = 4096;
  private static final int SORT_THREADS = 512;
  private static final int RESULTS_PER_CHANNEL = 5;

  private final CudaBackend backend;
  /**
   * Device room for the packed per-channel parameters, kept between calls (grown when needed): a cuMemAlloc and
   * cuMemFree per apply would cost tens of microseconds, a visible share of a memory-bound pass.
   */
  private final Object paramsLock = new Object();
  private long paramsAddress;
  private long paramsBytes;

  CudaTransportKernels(CudaBackend backend) {
    this.backend = backend;
  }

  private long packedParams(long bytes) {
    if (bytes > paramsBytes) {
      if (paramsAddress != 0) {
        driver().free(paramsAddress);
        paramsAddress = 0;
        paramsBytes = 0;
      }
      paramsAddress = driver().allocate(Math.max(bytes, 4096));
      paramsBytes = Math.max(bytes, 4096);
    }
    return paramsAddress;
  }

  /** Frees what the kernels keep between calls (the backend's close calls this). */
  @Override
  public void close() {
    synchronized (paramsLock) {
      if (paramsAddress != 0) {
        driver().free(paramsAddress);
        paramsAddress = 0;
        paramsBytes = 0;
      }
    }
  }

  private CudaDriver driver() {
    return backend.driver();
  }

  @Override
  public void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
    // Shapes were checked by the public API; the driver checks every pointer's extent against its allocation.
    DeviceBuffer dx = backend.device(x, "x");
    DeviceBuffer[] params = {backend.device(omega, "omega"), backend.device(beta, "beta"),
        backend.device(supportMin, "supportMin"), backend.device(supportMax, "supportMax")};
    long n = rows * channels;
    long paramBytes = (long) channels * Float.BYTES;
    if (n == 0 || strength == 0f) {
      return; // λ = 0 leaves x bit for bit (even ∞ and NaN, which λ·(…) would turn into NaN)
    }
    CudaDriver driver = driver();
    synchronized (paramsLock) {
      long packed = packedParams(16L * channels);
      driver.launch("transport_pack_params", Dim3.of(Launches.blocks(channels, APPLY_THREADS, Launches.MAX_GRID_X)),
          Dim3.of(APPLY_THREADS), 0, KernelArgs.of().pointer(params[0].address(), paramBytes)
              .pointer(params[1].address(), paramBytes).pointer(params[2].address(), paramBytes)
              .pointer(params[3].address(), paramBytes).i32(channels).pointer(packed, 4 * paramBytes));
      // Enough blocks to fill every SM many times over; the grid-stride loop covers the rest.
      int grid = Launches.blocks(Launches.ceilDiv(n, 4), APPLY_THREADS,
          16L * driver.properties().multiprocessors());
      driver.launch("transport_apply", Dim3.of(grid), Dim3.of(APPLY_THREADS), 0, KernelArgs.of()
          .pointer(dx.address(), n * Float.BYTES).i64(n).i32(channels).pointer(packed, 4 * paramBytes).f32(strength).i32(everywhere ? 1 : 0));
      driver.synchronize();
    }
  }

  @Override
  public ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    DeviceBuffer a = backend.device(source, "source");
    DeviceBuffer b = backend.device(target, "target");
    CudaDriver driver = driver();
    long paddedA = Launches.nextPowerOfTwo(sourceRows);
    long paddedB = Launches.nextPowerOfTwo(targetRows);
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long sortedA = scratch.allocate(Math.multiplyExact(paddedA * Float.BYTES, (long) channels));
      long sortedB = scratch.allocate(Math.multiplyExact(paddedB * Float.BYTES, (long) channels));
      long results = scratch.allocate((long) RESULTS_PER_CHANNEL * Double.BYTES * channels);
      sortColumns(a.address(), sourceRows, paddedA, channels, sortedA);
      sortColumns(b.address(), targetRows, paddedB, channels, sortedB);
      // One block per channel, as many threads as there are pairs up to 256 (whole warps: blockSum needs them).
      int reduceThreads = (int) Math.min(256, Math.max(32, Launches.nextPowerOfTwo(Math.min(sourceRows, targetRows))));
      driver.launch("transport_fit_reduce", Dim3.of(Launches.exactBlocks(channels, "transport_fit_reduce")),
          Dim3.of(reduceThreads), 0, KernelArgs.of().pointer(sortedA).i64(paddedA).i64(sourceRows).pointer(sortedB)
              .i64(paddedB).i64(targetRows).pointer(results));
      double[] out = new double[RESULTS_PER_CHANNEL * channels];
      driver.copyToHost(results, java.lang.foreign.MemorySegment.ofArray(out), (long) out.length * Double.BYTES);
      double[] omega = new double[channels];
      double[] beta = new double[channels];
      float[] min = new float[channels];
      float[] max = new float[channels];
      boolean[] degenerate = new boolean[channels];
      for (int c = 0; c < channels; c++) {
        omega[c] = out[RESULTS_PER_CHANNEL * c];
        beta[c] = out[RESULTS_PER_CHANNEL * c + 1];
        min[c] = (float) out[RESULTS_PER_CHANNEL * c + 2];
        max[c] = (float) out[RESULTS_PER_CHANNEL * c + 3];
        degenerate[c] = out[RESULTS_PER_CHANNEL * c + 4] != 0.0;
      }
      return new ChannelFits(omega, beta, min, max, degenerate, quantiles(scratch, sortedA, paddedA, sourceRows,
          channels));
    }
  }

  /**
   * The source quantiles of {@link SourceQuantiles} from the sorted source columns: each distinct order statistic
   * gathered on the device for all channels at once, interpolated on the host by the CPU backends' formula.
   */
  private float[] quantiles(DeviceScratch scratch, long sorted, long padded, long rows, int channels) {
    long gathered = scratch.allocate((long) channels * Float.BYTES);
    java.util.Map<Long, float[]> statistics = new java.util.HashMap<>();
    float[] out = new float[SourceQuantiles.COUNT * channels];
    for (int level = 0; level < SourceQuantiles.COUNT; level++) {
      float[] below = statistic(statistics, SourceQuantiles.below(rows, level), sorted, padded, channels, gathered);
      float[] above = statistic(statistics, SourceQuantiles.above(rows, level), sorted, padded, channels, gathered);
      for (int c = 0; c < channels; c++) {
        out[level * channels + c] = SourceQuantiles.value(below[c], above[c], rows, level);
      }
    }
    return out;
  }

  private float[] statistic(java.util.Map<Long, float[]> cache, long index, long sorted, long padded, int channels,
      long gathered) {
    float[] known = cache.get(index);
    if (known != null) {
      return known;
    }
    CudaDriver driver = driver();
    long bytes = (long) channels * Float.BYTES;
    driver.launch("transport_gather_order_statistic", Dim3.of(Launches.blocks(channels, 256, Launches.MAX_GRID_X)),
        Dim3.of(256), 0, KernelArgs.of().pointer(sorted, padded * bytes).i64(padded).i32(channels).i64(index)
            .pointer(gathered, bytes));
    float[] values = new float[channels];
    driver.copyToHost(gathered, java.lang.foreign.MemorySegment.ofArray(values), bytes);
    cache.put(index, values);
    return values;
  }

  /**
   * Sorts every column of a rows×channels matrix into {@code sorted} (channels columns of {@code padded} floats,
   * +∞ after the data): a full bitonic network, tiles of {@link #SORT_TILE} in shared memory, longer distances in
   * global memory.
   */
  private void sortColumns(long matrix, long rows, long padded, int channels, long sorted) {
    CudaDriver driver = driver();
    driver.launch("transport_transpose_pad",
        new Dim3(Launches.blocks(channels, 32, Launches.MAX_GRID_X), Launches.blocks(padded, 32, Launches.MAX_GRID_YZ), 1),
        Dim3.of(32, 8), 0, KernelArgs.of().pointer(matrix, rows * channels * Float.BYTES).i64(rows).i32(channels).i64(padded)
            .pointer(sorted, padded * channels * Float.BYTES));
    if (padded == 1) {
      return;
    }
    int tile = (int) Math.min(padded, SORT_TILE);
    int threads = Math.max(32, Math.min(SORT_THREADS, tile / 2));
    int tiles = Launches.exactBlocks(Math.multiplyExact(padded / tile, (long) channels), "transport_bitonic_shared");
    int sharedBytes = tile * Float.BYTES;
    driver.launch("transport_bitonic_shared", Dim3.of(tiles), Dim3.of(threads), sharedBytes,
        KernelArgs.of().pointer(sorted).i64(padded).i32(tile).i64(2).i64(tile));
    int logPadded = Long.numberOfTrailingZeros(padded);
    int globalBlocks = Launches.blocks(padded / 2 * channels, 256, 16L * driver.properties().multiprocessors());
    for (long k = 2L * tile; k <= padded; k <<= 1) {
      for (long j = k >> 1; j >= tile; j >>= 1) {
        driver.launch("transport_bitonic_global", Dim3.of(globalBlocks), Dim3.of(256), 0,
            KernelArgs.of().pointer(sorted).i32(channels).i32(logPadded).i64(k).i64(j));
      }
      driver.launch("transport_bitonic_shared", Dim3.of(tiles), Dim3.of(threads), sharedBytes,
          KernelArgs.of().pointer(sorted).i64(padded).i32(tile).i64(k).i64(k));
    }
  }
}
