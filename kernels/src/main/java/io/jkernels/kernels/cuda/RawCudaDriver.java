package io.jkernels.kernels.cuda;

import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The raw native calls of one CUDA driver, unchecked (LWJGL's {@code n*} methods): {@link JCudaRawDriver} (JCuda's
 * driver API) or {@link EmulatedRawDriver} (the same kernels compiled for the CPU). Nothing but {@link CudaDriver}
 * calls these: it checks every range, launch shape and pointer argument first, so an implementation only turns
 * driver failures into {@link io.jkernels.kernels.KernelException}s naming the CUDA error.
 *
 * @param <H> the driver's handle of one allocation (a CUdeviceptr, an arena); offsets count bytes from its base
 */
interface RawCudaDriver<H> {
  /** "jcuda" or "emulated". */
  String name();

  /** True for the CPU emulation, which is for tests and must never serve real work. */
  boolean emulated();

  DeviceProperties properties();

  /** Facts for {@code jkernels info}, one "key: value" line each. */
  List<String> details();

  /** {@code bytes > 0} bytes of device memory, at least 256-byte aligned. */
  H allocate(long bytes);

  /** The device address of the allocation's first byte. */
  long address(H allocation);

  void free(H allocation);

  /** Copies {@code bytes} bytes from host memory (heap or native, at least that large) to {@code dst + offset}. */
  void copyToDevice(MemorySegment src, H dst, long offset, long bytes);

  void copyToHost(H src, long offset, MemorySegment dst, long bytes);

  void copyDeviceToDevice(H src, long srcOffset, H dst, long dstOffset, long bytes);

  void memset(H dst, long offset, byte value, long bytes);

  /** Launches a kernel by name; an unknown name is a {@code CUDA_ERROR_NOT_FOUND} KernelException. */
  void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args);

  void synchronize();
}
