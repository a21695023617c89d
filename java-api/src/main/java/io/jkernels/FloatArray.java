package io.jkernels;

/**
 * float32 data resident on a backend (device memory on CUDA, off-heap memory on the CPU), so that chains of calls
 * move no data. Belongs to the {@link KernelContext} that made it; close it to free the memory.
 */
public interface FloatArray extends AutoCloseable {
  long length();

  /** Copies the whole array to a new float[] (length must fit an int). */
  float[] toArray();

  /** Copies the whole array into {@code dst}, whose length must equal {@link #length()}. */
  void copyTo(float[] dst);

  /** Overwrites the whole array from {@code src}, whose length must equal {@link #length()}. */
  void copyFrom(float[] src);

  @Override
  void close();
}
