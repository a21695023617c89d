package io.jkernels.kernels.cuda;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The only way the CUDA backend reaches a device: memory, copies, kernel launches by name. Two implementations:
 * {@link JCudaDriver} (the real one, JCuda's driver API) and {@link EmulatedCudaDriver} (the same kernels compiled
 * for the CPU). Device memory is addressed by raw 64-bit device addresses (CUdeviceptr values); every copy and
 * launch is checked against the allocations on the Java side before any native call, and every driver failure
 * becomes a {@link io.jkernels.kernels.KernelException} naming the CUDA error. Thread-safe. Work is ordered on one
 * stream: a copy to the host sees every earlier launch.
 */
public interface CudaDriver {
  /** "jcuda" or "emulated". */
  String name();

  /** True for the CPU emulation, which is for tests and must never serve real work. */
  boolean emulated();

  DeviceProperties properties();

  /** Facts for {@code jkernels info}, one "key: value" line each. */
  List<String> details();

  /** Device memory of {@code bytes} bytes (at least 256-byte aligned); {@code bytes > 0}. */
  long allocate(long bytes);

  void free(long address);

  /** Copies {@code bytes} bytes from host memory (heap or native segment) to the device. */
  void copyToDevice(MemorySegment src, long dst, long bytes);

  /** Copies {@code bytes} bytes from the device to host memory (heap or native segment). */
  void copyToHost(long src, MemorySegment dst, long bytes);

  void copyDeviceToDevice(long src, long dst, long bytes);

  void memset(long dst, byte value, long bytes);

  /**
   * Launches {@code kernel} (an {@code extern "C" __global__} function of {@code cuda-src/*.cu}). Asynchronous on
   * the GPU; errors of the kernel itself surface at the next {@link #synchronize()} or copy to the host.
   */
  void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args);

  /** Waits for all launched work; throws if a kernel failed. */
  void synchronize();

  /** A launch dimension: x, y, z, each ≥ 1. */
  record Dim3(int x, int y, int z) {
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
