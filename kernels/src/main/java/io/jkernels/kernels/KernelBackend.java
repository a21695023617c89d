package io.jkernels.kernels;

import io.jkernels.kernels.pcr.PcrKernels;
import io.jkernels.kernels.transport.TransportKernels;

/**
 * One backend instance (the contract every backend implements): memory plus one kernel set per family.
 * The public API validates every argument before it calls in here; implementations may assume valid shapes.
 * Thread-safe.
 */
public interface KernelBackend extends AutoCloseable {
  /** "cuda", "vector" or "scalar". */
  String name();

  /** Human-readable: device name and compute capability, vector width, driver in use. */
  String description();

  Buffer allocate(long length);

  /**
   * A buffer holding {@code array}'s contents for one call: a zero-copy view on the CPU, a device copy on CUDA.
   * Close it after use; call {@link #readBack} first when the kernel wrote to it.
   */
  Buffer bindArray(float[] array);

  /** Makes {@code array} hold what a kernel wrote to {@code bound} (a no-op for CPU views). */
  void readBack(Buffer bound, float[] array);

  /** Copies {@code count} floats between two buffers of this backend (device to device on CUDA). */
  void copy(Buffer src, long srcOffset, Buffer dst, long dstOffset, long count);

  /** Buffers allocated and not yet closed (leak detection). */
  long liveBuffers();

  /**
   * The kernels of {@code family} on this backend, built on first use and kept for the backend's life (one
   * instance per family; thread-safe). Families are listed in {@link Families}.
   */
  <K> K kernels(KernelFamily<K> family);

  /** Shorthand for {@code kernels(Families.TRANSPORT)}. */
  default TransportKernels transport() {
    return kernels(Families.TRANSPORT);
  }

  /** Shorthand for {@code kernels(Families.PCR)}. */
  default PcrKernels pcr() {
    return kernels(Families.PCR);
  }

  @Override
  void close();
}
