package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.kernels.Buffer;
import java.util.Objects;

/** A {@link FloatArray} over a backend {@link Buffer}. */
final class ResidentArray implements FloatArray {
  private final BackendContext owner;
  private final Buffer buffer;
  private volatile boolean closed;
  /** Closed because its context was: said in the message, as the user closed the context, not the array. */
  private volatile boolean closedWithContext;

  ResidentArray(BackendContext owner, Buffer buffer) {
    this.owner = owner;
    this.buffer = buffer;
  }

  BackendContext owner() {
    return owner;
  }

  /** The buffer, for an operation that received this array as {@code argument}; ISE naming it when closed. */
  Buffer buffer(String argument) {
    if (closed) {
      throw new IllegalStateException(argument + ": " + closedMessage());
    }
    return buffer;
  }

  private Buffer buffer() {
    if (closed) {
      throw new IllegalStateException(closedMessage());
    }
    return buffer;
  }

  private String closedMessage() {
    return closedWithContext ? "FloatArray's KernelContext was closed (closing a context closes its arrays)"
        : "FloatArray is closed";
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
      owner.forget(this);
    }
  }

  /** Called by the owner's close: the memory is freed and later use says the context was closed. */
  synchronized void closeWithContext() {
    if (!closed) {
      closedWithContext = true;
      closed = true;
      buffer.close();
    }
  }
}
