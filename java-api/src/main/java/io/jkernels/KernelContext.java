package io.jkernels;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.pcr.Pcr;
import io.jkernels.transport.Transport;

/**
 * One backend, opened by {@link Kernels#open()} or {@link Kernels#open(Backend)}. Thread-safe; one per application
 * is the normal use.
 *
 * <p><b>Closing.</b> {@link #close()} frees the backend's resources <em>and closes every {@link FloatArray} this
 * context made that is still open</em>: their memory is freed with it, and any later use of such an array (as an
 * argument or through its own methods) throws {@link IllegalStateException} saying the context was closed; its
 * {@link FloatArray#length()} stays readable. Any later call on the context itself throws
 * {@link IllegalStateException}. Closing twice is harmless. Closing a context while another thread is still running
 * a call on it is a programming error (the call may fail with {@link IllegalStateException}); the context does not
 * wait for calls in flight.
 *
 * <p><b>Errors.</b> Bad arguments get {@link IllegalArgumentException} (a {@code null} one
 * {@link NullPointerException}) naming the argument before anything is written; a backend failure (a CUDA driver
 * error, an allocation the system refuses) gets {@link io.jkernels.kernels.KernelException}, after which the
 * context stays usable.
 */
public interface KernelContext extends AutoCloseable {
  /** The backend this context runs on. */
  Backend backend();

  /** E.g. the device name and compute capability, or the CPU's vector width; says when CUDA is emulated. */
  String description();

  /**
   * Copies {@code data} into a new resident array of the same length (device memory on CUDA, off-heap memory on the
   * CPU).
   *
   * @throws NullPointerException if {@code data} is null
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend cannot allocate the memory
   */
  FloatArray upload(float[] data);

  /**
   * A zero-filled resident array of {@code length} floats ({@code 4 × length} bytes).
   *
   * @param length number of floats, at least 0 and at most the backend's limit (the host's physical memory on the
   *     CPU; {@code Long.MAX_VALUE / 4} floats of address space on CUDA, then the device's free memory)
   * @throws IllegalArgumentException if {@code length} is negative or above the backend's limit (the message names
   *     both)
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend cannot allocate the memory (for CUDA
   *     {@code CUDA_ERROR_OUT_OF_MEMORY})
   */
  FloatArray allocate(long length);

  /** Backend buffers alive now (resident arrays not yet closed, plus any an operation holds): leak detection. */
  long liveArrays();

  /** Parallel cyclic reduction: tridiagonal systems, linear recurrences and DeepPCR. */
  Pcr pcr();

  /** Activation transport: applying {@link io.jkernels.transport.TransportMap}s. */
  Transport transport();

  /** Ambisonic encoding, rotation and decoding (io.jkernels.ambisonics). */
  Ambisonics ambisonics();

  /** Frees the backend's resources and closes every array this context made that is still open (see above). */
  @Override
  void close();
}
