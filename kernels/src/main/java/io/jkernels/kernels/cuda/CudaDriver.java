package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The only way the CUDA backend reaches a device, and the one checked layer over both raw drivers
 * ({@link JCudaRawDriver}, {@link EmulatedRawDriver}), as LWJGL's {@code Checks} are over its {@code n*} calls:
 * every host range, device range, launch shape and pointer argument is checked here, on the Java side, before the
 * raw call; a device range outside the live allocations is refused, never touched. Device memory is addressed by raw
 * 64-bit device addresses (CUdeviceptr values); every failure becomes a {@link KernelException} naming the CUDA
 * error (the emulated driver's messages say "(emulated)"). Thread-safe. Work is ordered on one stream: a copy to the
 * host sees every earlier launch.
 */
public final class CudaDriver {
  /** CUDA's launch limits (compute capability 3.0 and later): grid y and z, block z. */
  static final int MAX_GRID_YZ = 65535;
  static final long MAX_GRID_X = Integer.MAX_VALUE;
  private static final int MAX_BLOCK_XY = 1024;
  private static final int MAX_BLOCK_Z = 64;

  /** Raw calls see only handles this driver's {@code allocate} returned, so the handle type is theirs. */
  private final RawCudaDriver<Object> raw;
  private final Allocations<Object> allocations = new Allocations<>();
  private final String suffix;

  @SuppressWarnings("unchecked")
  CudaDriver(RawCudaDriver<?> raw) {
    this.raw = (RawCudaDriver<Object>) raw;
    this.suffix = raw.emulated() ? " (emulated)" : "";
  }

  /** "jcuda" or "emulated". */
  public String name() {
    return raw.name();
  }

  /** True for the CPU emulation, which is for tests and must never serve real work. */
  public boolean emulated() {
    return raw.emulated();
  }

  public DeviceProperties properties() {
    return raw.properties();
  }

  /** Facts for {@code jkernels info}, one "key: value" line each. */
  public List<String> details() {
    return raw.details();
  }

  /** Device memory of {@code bytes} bytes (at least 256-byte aligned); {@code bytes > 0}. */
  public long allocate(long bytes) {
    if (bytes <= 0) {
      throw new KernelException("cuMemAlloc" + suffix + ": CUDA_ERROR_INVALID_VALUE (size " + bytes + ")");
    }
    Object handle = raw.allocate(bytes);
    long address = raw.address(handle);
    allocations.add(address, bytes, handle);
    return address;
  }

  public void free(long address) {
    raw.free(allocations.remove(address, "cuMemFree" + suffix).handle());
  }

  /** Copies {@code bytes} bytes from host memory (heap or native segment) to the device. */
  public void copyToDevice(MemorySegment src, long dst, long bytes) {
    checkHost(src, bytes);
    Allocations.Entry<Object> to = allocations.containing(dst, bytes, "cuMemcpyHtoD" + suffix);
    raw.copyToDevice(src, to.handle(), dst - to.base(), bytes);
  }

  /** Copies {@code bytes} bytes from the device to host memory (heap or native segment). */
  public void copyToHost(long src, MemorySegment dst, long bytes) {
    checkHost(dst, bytes);
    Allocations.Entry<Object> from = allocations.containing(src, bytes, "cuMemcpyDtoH" + suffix);
    raw.copyToHost(from.handle(), src - from.base(), dst, bytes);
  }

  public void copyDeviceToDevice(long src, long dst, long bytes) {
    Allocations.Entry<Object> from = allocations.containing(src, bytes, "cuMemcpyDtoD" + suffix + " source");
    Allocations.Entry<Object> to = allocations.containing(dst, bytes, "cuMemcpyDtoD" + suffix + " destination");
    raw.copyDeviceToDevice(from.handle(), src - from.base(), to.handle(), dst - to.base(), bytes);
  }

  public void memset(long dst, byte value, long bytes) {
    Allocations.Entry<Object> to = allocations.containing(dst, bytes, "cuMemsetD8" + suffix);
    raw.memset(to.handle(), dst - to.base(), value, bytes);
  }

  /**
   * Launches {@code kernel} (an {@code extern "C" __global__} function of {@code cuda-src/*.cu}) after checking the
   * launch shape against CUDA's and the device's limits and every pointer argument against the live allocations
   * (its whole extent, where {@link KernelArgs#pointer(long, long)} gave one). Asynchronous on the GPU; errors of the
   * kernel itself surface at the next {@link #synchronize()} or copy to the host.
   */
  public void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
    DeviceProperties p = raw.properties();
    String what = "cuLaunchKernel" + suffix + " " + kernel;
    if (grid.x() > MAX_GRID_X || grid.y() > MAX_GRID_YZ || grid.z() > MAX_GRID_YZ || block.x() > MAX_BLOCK_XY
        || block.y() > MAX_BLOCK_XY || block.z() > MAX_BLOCK_Z || block.volume() > p.maxThreadsPerBlock()
        || sharedBytes < 0 || sharedBytes > p.maxSharedMemoryPerBlock()) {
      throw new KernelException(what + ": CUDA_ERROR_INVALID_VALUE (grid " + grid + ", block " + block + ", "
          + sharedBytes + " bytes of dynamic shared memory)");
    }
    for (int i = 0; i < args.count(); i++) {
      if (args.kind(i) == KernelArgs.Kind.POINTER) {
        allocations.containing(args.bits(i), args.extent(i), what + " argument " + i);
      }
    }
    raw.launch(kernel, grid, block, sharedBytes, args);
  }

  /** Waits for all launched work; throws if a kernel failed. */
  public void synchronize() {
    raw.synchronize();
  }

  /** Live allocations (for tests of the backend's bookkeeping). */
  int liveAllocations() {
    return allocations.size();
  }

  private static void checkHost(MemorySegment host, long bytes) {
    if (bytes < 0 || host.byteSize() < bytes) {
      throw new IndexOutOfBoundsException("host segment of " + host.byteSize() + " bytes, copy of " + bytes);
    }
  }

  /** A launch dimension: x, y, z, each ≥ 1. */
  public record Dim3(int x, int y, int z) {
    public Dim3 {
      if (x < 1 || y < 1 || z < 1) {
        throw new IllegalArgumentException("launch dimensions must be >= 1, got (" + x + ", " + y + ", " + z + ")");
      }
    }

    public static Dim3 of(int x) {
      return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
      return new Dim3(x, y, 1);
    }

    long volume() {
      return (long) x * y * z;
    }
  }
}
