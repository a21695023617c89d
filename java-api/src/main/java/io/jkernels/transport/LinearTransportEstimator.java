package io.jkernels.transport;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.internal.BackendContext;
import io.jkernels.internal.TransportArguments;
import io.jkernels.internal.TransportFitting;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;

/**
 * Streaming {@link LinearTransport}: batches of source and target activations (rows×channels, arrays or
 * {@link FloatArray}s) are appended to growing buffers on the backend (off-heap on the CPU, device memory on CUDA),
 * so the data set may exceed one Java array; {@link #fit()} then gives exactly what {@link LinearTransport#fit}
 * gives on the concatenated samples. Each channel's column must still fit a Java array (&lt; 2³¹ rows per side).
 *
 * <p>Every batch is checked before it is stored (length a multiple of channels, finite samples; rows are numbered
 * across batches in the error message); a rejected batch leaves the estimator unchanged. Thread-safe. Close it to
 * free the buffers.
 */
public final class LinearTransportEstimator implements AutoCloseable {
  /** First capacity per side, in rows; the buffers double when full. */
  private static final long INITIAL_ROWS = 1024;

  private final BackendContext context;
  private final int channels;
  private final Side source = new Side("source");
  private final Side target = new Side("target");
  private boolean closed;

  /**
   * An empty estimator on {@code context} for samples of {@code channels} channels.
   *
   * @param context the context whose backend holds the samples and fits the map
   * @param channels channels per sample row, at least 1
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code channels} &lt; 1, or the context is not one of this library's
   */
  public LinearTransportEstimator(KernelContext context, int channels) {
    this.context = TransportArguments.context(context);
    TransportArguments.requireChannels(channels);
    this.channels = channels;
  }

  /** Channels per sample row. */
  public int channels() {
    return channels;
  }

  /** Source rows added so far. */
  public synchronized long sourceRows() {
    return source.rows;
  }

  /** Target rows added so far. */
  public synchronized long targetRows() {
    return target.rows;
  }

  /** Appends source rows (rows×channels, row-major). */
  public synchronized void addSource(float[] batch) {
    source.add(batch);
  }

  /** Appends target rows (rows×channels, row-major). */
  public synchronized void addTarget(float[] batch) {
    target.add(batch);
  }

  /** Appends resident source rows (device to device on CUDA); the batch must belong to this estimator's context. */
  public synchronized void addSource(FloatArray batch) {
    source.add(batch);
  }

  /** Appends resident target rows; the batch must belong to this estimator's context. */
  public synchronized void addTarget(FloatArray batch) {
    target.add(batch);
  }

  /**
   * The Linear-AcT map of all rows added so far (see {@link LinearTransport}); needs at least one row per side.
   * The estimator stays usable: more batches may follow and fit again.
   */
  public synchronized TransportMap fit() {
    ensureOpen();
    source.requireRows();
    target.requireRows();
    return TransportMap.fromFits(
        TransportFitting.fit(context, source.buffer, source.rows, target.buffer, target.rows, channels));
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
      TransportArguments.present(batch, name + " batch", "rows×channels samples");
      long added = batchRows(batch.length);
      TransportArguments.requireFinite(name, batch, channels, rows);
      reserve(added);
      buffer.write(rows * channels, batch, 0, batch.length);
      rows += added;
    }

    void add(FloatArray batch) {
      ensureOpen();
      Buffer data = context.bufferOf(TransportArguments.present(batch, name + " batch", "rows×channels samples"),
          name + " batch");
      long added = batchRows(data.length());
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
