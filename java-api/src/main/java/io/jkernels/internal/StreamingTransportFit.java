package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.transport.TransportMap;

/**
 * The streaming transport fit behind {@code LinearTransportEstimator}: source and target rows appended to growing
 * backend buffers (off-heap on the CPU, device memory on CUDA), fitted in one call. Every batch is checked before it
 * is stored; a rejected batch leaves the samples unchanged; an empty batch is a no-op. Thread-safe. Not API.
 */
public final class StreamingTransportFit implements AutoCloseable {
  /** First capacity per side, in rows; the buffers double when full. */
  private static final long INITIAL_ROWS = 1024;

  private final BackendContext context;
  private final int channels;
  private final Side source = new Side("source");
  private final Side target = new Side("target");
  private boolean closed;

  public StreamingTransportFit(KernelContext context, int channels) {
    this.context = TransportArguments.context(context);
    TransportArguments.requireChannels(channels);
    this.channels = channels;
  }

  public int channels() {
    return channels;
  }

  public synchronized long sourceRows() {
    return source.rows;
  }

  public synchronized long targetRows() {
    return target.rows;
  }

  public synchronized void addSource(float[] batch) {
    source.add(batch);
  }

  public synchronized void addTarget(float[] batch) {
    target.add(batch);
  }

  public synchronized void addSource(FloatArray batch) {
    source.add(batch);
  }

  public synchronized void addTarget(FloatArray batch) {
    target.add(batch);
  }

  public synchronized TransportMap fit() {
    ensureOpen();
    source.requireRows();
    target.requireRows();
    return TransportFitting.fit(context, source.buffer, source.rows, target.buffer, target.rows, channels);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      source.free();
      target.free();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("estimator is closed");
    }
    context.kernels(); // throws IllegalStateException once the estimator's context is closed
  }

  /** One side's samples: a backend buffer of {@code capacity} rows, the first {@code rows} filled. */
  private final class Side {
    private final String name;
    private Buffer buffer;
    private long rows;

    Side(String name) {
      this.name = name;
    }

    void add(float[] batch) {
      ensureOpen();
      Arguments.notNull(batch, name + " batch");
      long added = batchRows(batch.length);
      if (added == 0) {
        return; // an empty batch adds nothing
      }
      TransportArguments.requireFinite(name, batch, channels, rows);
      reserve(added);
      buffer.write(rows * channels, batch, 0, batch.length);
      rows += added;
    }

    void add(FloatArray batch) {
      ensureOpen();
      Buffer data = context.bufferOf(Arguments.notNull(batch, name + " batch"), name + " batch");
      long added = batchRows(data.length());
      if (added == 0) {
        return; // an empty batch adds nothing (and has no memory to copy from)
      }
      TransportArguments.requireFinite(name, data, data.length(), channels, rows);
      reserve(added);
      context.kernels().copy(data, 0, buffer, rows * channels, data.length());
      rows += added;
    }

    private long batchRows(long length) {
      if (length % channels != 0) {
        throw new IllegalArgumentException(name + " batch must be rows×channels with channels=" + channels
            + " (a length that is a multiple of " + channels + "), got length " + length);
      }
      long added = length / channels;
      if (rows + added > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(name + " would hold " + (rows + added) + " rows; a channel's column"
            + " must fit a Java array (at most " + (Integer.MAX_VALUE - 8) + " rows)");
      }
      return added;
    }

    private void reserve(long added) {
      long capacity = buffer == null ? 0 : buffer.length() / channels;
      if (rows + added <= capacity) {
        return;
      }
      long grown = Math.max(Math.max(INITIAL_ROWS, rows + added), Math.min(2 * capacity, Integer.MAX_VALUE - 8));
      KernelBackend kernels = context.kernels();
      Buffer bigger = kernels.allocate(grown * channels);
      if (buffer != null) {
        kernels.copy(buffer, 0, bigger, 0, rows * channels);
        buffer.close();
      }
      buffer = bigger;
    }

    void requireRows() {
      if (rows < 1) {
        throw new IllegalArgumentException("the fit needs at least one " + name + " row of " + channels
            + " channels; none was added");
      }
    }

    void free() {
      if (buffer != null) {
        buffer.close();
        buffer = null;
      }
    }
  }
}
