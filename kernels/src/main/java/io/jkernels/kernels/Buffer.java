package io.jkernels.kernels;

/**
 * A float32 buffer owned by one backend: an off-heap or heap-view {@code MemorySegment} on the CPU, device memory
 * on CUDA. Offsets and lengths count floats. Callers check bounds before calling; implementations check again and
 * throw {@link IndexOutOfBoundsException} rather than touch memory outside the buffer.
 */
public interface Buffer extends AutoCloseable {
  long length();

  /** Copies {@code count} floats from {@code src[srcOffset..]} to this buffer at {@code offset}. */
  void write(long offset, float[] src, int srcOffset, int count);

  /** Copies {@code count} floats from this buffer at {@code offset} to {@code dst[dstOffset..]}. */
  void read(long offset, float[] dst, int dstOffset, int count);

  /**
   * float64 data in a float32 buffer: a buffer of {@code 2n} floats holds {@code n} doubles, double k in floats
   * {@code 2k} and {@code 2k+1} (the native byte order, as a {@code double*} kernel reads it). Copies {@code count}
   * doubles from {@code src[srcOffset..]} to this buffer at double index {@code offset}, bit for bit.
   */
  void writeDoubles(long offset, double[] src, int srcOffset, int count);

  /** Copies {@code count} doubles from double index {@code offset} (see {@link #writeDoubles}) to {@code dst}. */
  void readDoubles(long offset, double[] dst, int dstOffset, int count);

  /** Frees the memory; later use throws {@link IllegalStateException}. Closing twice is harmless. */
  @Override
  void close();

  static void checkRange(long length, long offset, long count) {
    if (offset < 0 || count < 0 || offset > length - count) {
      throw new IndexOutOfBoundsException(
          "range [" + offset + ", " + offset + " + " + count + ") outside buffer of length " + length);
    }
  }
}
