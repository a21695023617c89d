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

  /**
   * A buffer holding a double[] for one call, as {@link #bindArray(float[])}: {@code 2·array.length} floats, double k
   * in floats 2k and 2k+1 ({@link Buffer#writeDoubles}). The default copies into a fresh buffer; the CPU backends
   * override it with a zero-copy view.
   */
  default Buffer bindArray(double[] array) {
    Buffer buffer = allocate(2L * array.length);
    try {
      buffer.writeDoubles(0, array, 0, array.length);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /** Makes {@code array} hold what a kernel wrote to {@code bound} from {@link #bindArray(double[])}. */
  default void readBack(Buffer bound, double[] array) {
    if (bound.length() != 2L * array.length) {
      throw new IllegalArgumentException("array of " + array.length + " doubles differs from the bound buffer's "
          + bound.length() + " floats");
    }
    bound.readDoubles(0, array, 0, array.length);
  }

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
