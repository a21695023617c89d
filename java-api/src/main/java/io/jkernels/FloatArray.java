package io.jkernels;

/**
 * float32 data resident on a backend (device memory on CUDA, off-heap memory on the CPU), so that chains of calls
 * move no data. Belongs to the {@link KernelContext} that made it and is usable only as an argument of that context's
 * operations; close it to free the memory. Closing the context closes it too.
 *
 * <p>After {@link #close()} (its own or its context's) every method but {@link #length()} and {@code close()} throws
 * {@link IllegalStateException}, and so does any operation given the array, the message naming the argument. Thread
 * safety: concurrent reads are fine; concurrent writes to one array (or a write racing a read) leave its contents
 * unspecified, as for a {@code float[]}.
 */
public interface FloatArray extends AutoCloseable {
  /** The number of floats (fixed at creation; still readable after close). */
  long length();

  /**
   * Copies the whole array to a new {@code float[]}.
   *
   * @throws IllegalStateException if the array is closed, or longer than a Java array can be
   * @throws io.jkernels.kernels.KernelException if the backend's copy fails
   */
  float[] toArray();

  /**
   * Copies the whole array into {@code dst}.
   *
   * @param dst destination, {@code dst.length == length()}
   * @throws NullPointerException if {@code dst} is null
   * @throws IllegalArgumentException if the lengths differ ({@code dst} is then untouched)
   * @throws IllegalStateException if the array is closed
   * @throws io.jkernels.kernels.KernelException if the backend's copy fails
   */
  void copyTo(float[] dst);

  /**
   * Overwrites the whole array from {@code src}.
   *
   * @param src source, {@code src.length == length()}
   * @throws NullPointerException if {@code src} is null
   * @throws IllegalArgumentException if the lengths differ (the array is then untouched)
   * @throws IllegalStateException if the array is closed
   * @throws io.jkernels.kernels.KernelException if the backend's copy fails
   */
  void copyFrom(float[] src);

  /** Frees the memory. Closing twice is harmless. */
  @Override
  void close();
}
