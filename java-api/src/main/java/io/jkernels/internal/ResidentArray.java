package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.kernels.Buffer;
import java.util.Objects;

/** A {@link FloatArray} over a backend {@link Buffer}. */
final class ResidentArray implements FloatArray {
  private final BackendContext owner;
  private final Buffer buffer;
  private volatile boolean closed;

  ResidentArray(BackendContext owner, Buffer buffer) {
    this.owner = owner;
    this.buffer = buffer;
  }

  BackendContext owner() {
    return owner;
  }

  Buffer buffer() {
    if (closed) {
      throw new IllegalStateException("FloatArray is closed");
    }
    return buffer;
  }

  @Override
  public long length() {
    return buffer.length();
  }

  @Override
  public float[] toArray() {
    if (length() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("FloatArray of " + length() + " floats does not fit a float[]");
    }
    float[] out = new float[(int) length()];
    copyTo(out);
    return out;
  }

  @Override
  public void copyTo(float[] dst) {
    Objects.requireNonNull(dst, "dst");
    if (dst.length != length()) {
      throw new IllegalArgumentException("dst has length " + dst.length + ", expected " + length());
    }
    buffer().read(0, dst, 0, dst.length);
  }

  @Override
  public void copyFrom(float[] src) {
    Objects.requireNonNull(src, "src");
    if (src.length != length()) {
      throw new IllegalArgumentException("src has length " + src.length + ", expected " + length());
    }
    buffer().write(0, src, 0, src.length);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      buffer.close();
    }
  }
}
