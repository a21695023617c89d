package io.jkernels.internal;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.pcr.Pcr;
import io.jkernels.transport.Transport;
import java.util.Objects;

/** The {@link KernelContext} over one {@link KernelBackend}. Not API: use {@code Kernels.open()}. */
public final class BackendContext implements KernelContext {
  private final Backend backend;
  private final KernelBackend kernels;
  private final Transport transport;
  private final Pcr pcr;
  private final Ambisonics ambisonics;
  private volatile boolean closed;
  /** Arrays made by this context and still open: closed with it, so none outlives the memory behind it. */
  private final java.util.Set<ResidentArray> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public BackendContext(Backend backend, KernelBackend kernels) {
    this.backend = backend;
    this.kernels = kernels;
    this.transport = new BackendTransport(this);
    this.pcr = new BackendPcr(this);
    this.ambisonics = new BackendAmbisonics(this);
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public String description() {
    return kernels.description();
  }

  /** The backend's kernels, for the API's implementations; throws if the context is closed. */
  public KernelBackend kernels() {
    if (closed) {
      throw new IllegalStateException("kernel context is closed");
    }
    return kernels;
  }

  @Override
  public FloatArray upload(float[] data) {
    Objects.requireNonNull(data, "data");
    ResidentArray array = register(new ResidentArray(this, kernels().allocate(data.length)));
    try {
      array.copyFrom(data);
    } catch (RuntimeException e) {
      array.close();
      throw e;
    }
    return array;
  }

  @Override
  public FloatArray allocate(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    Buffer buffer = kernels().allocate(length);
    try {
      float[] zeros = new float[(int) Math.min(length, 1 << 20)];
      for (long done = 0; done < length; done += zeros.length) {
        buffer.write(done, zeros, 0, (int) Math.min(zeros.length, length - done));
      }
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
    return register(new ResidentArray(this, buffer));
  }

  private ResidentArray register(ResidentArray array) {
    open.add(array);
    if (closed) { // closed meanwhile by another thread: this array must not outlive it
      array.closeWithContext();
      open.remove(array);
      throw new IllegalStateException("kernel context is closed");
    }
    return array;
  }

  /** An array closed by its user leaves the set. */
  void forget(ResidentArray array) {
    open.remove(array);
  }

  @Override
  public long liveArrays() {
    return kernels.liveBuffers();
  }

  /** The buffer behind {@code array}, which must belong to this context and be open. */
  public Buffer bufferOf(FloatArray array, String argument) {
    Objects.requireNonNull(array, argument);
    if (!(array instanceof ResidentArray resident) || resident.owner() != this) {
      throw new IllegalArgumentException(argument + " belongs to another kernel context");
    }
    if (closed) {
      throw new IllegalStateException("kernel context is closed");
    }
    return resident.buffer(argument);
  }

  /** As {@link #bufferOf(FloatArray, String)}, of exactly {@code expected} floats ({@code shape} says how). */
  public Buffer bufferOf(FloatArray array, String argument, long expected, String shape) {
    Buffer buffer = bufferOf(array, argument);
    if (buffer.length() != expected) {
      throw new IllegalArgumentException(argument + " has length " + buffer.length() + ", expected " + shape + " = "
          + expected);
    }
    return buffer;
  }

  @Override
  public Pcr pcr() {
    return pcr;
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public Ambisonics ambisonics() {
    return ambisonics;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      for (ResidentArray array : open) {
        array.closeWithContext();
      }
      open.clear();
      kernels.close();
    }
  }

  @Override
  public String toString() {
    return "KernelContext[" + backend.id() + ": " + description() + "]";
  }
}
