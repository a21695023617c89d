package io.jkernels.transport;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.internal.StreamingTransportFit;

/**
 * Streaming {@link LinearTransport}: batches of source and target activations (rows×channels, arrays or
 * {@link FloatArray}s) are appended to growing buffers on the backend (off-heap on the CPU, device memory on CUDA),
 * so the data set may exceed one Java array; {@link #fit()} then gives exactly what {@link LinearTransport#fit}
 * gives on the concatenated samples. Each channel's column must still fit a Java array (&lt; 2³¹ rows per side).
 *
 * <p>Every batch is checked before it is stored (length a multiple of channels, finite samples; rows are numbered
 * across batches in the error message); a rejected batch leaves the estimator unchanged, and an empty batch (length
 * 0) is a no-op. A {@code null} argument gets a {@link NullPointerException} naming it, other bad input an
 * {@link IllegalArgumentException} naming the batch and what was expected. Thread-safe. Close it to free the
 * buffers.
 */
public final class LinearTransportEstimator implements AutoCloseable {
  private final StreamingTransportFit samples;

  /**
   * An empty estimator for {@code channels} channels on {@code context}'s backend.
   *
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code channels < 1} or the context does not come from {@code Kernels}
   */
  public LinearTransportEstimator(KernelContext context, int channels) {
    this.samples = new StreamingTransportFit(context, channels);
  }

  /** Channels per sample row. */
  public int channels() {
    return samples.channels();
  }

  /** Source rows added so far. */
  public long sourceRows() {
    return samples.sourceRows();
  }

  /** Target rows added so far. */
  public long targetRows() {
    return samples.targetRows();
  }

  /**
   * Appends source rows (rows×channels, row-major); an empty batch is a no-op.
   *
   * @param batch rows×channels floats, row-major (sample r, channel c at {@code r*channels + c}); any rows ≥ 0
   * @throws NullPointerException if {@code batch} is null (named "source batch")
   * @throws IllegalArgumentException if its length is not a multiple of channels, a sample is NaN or ±∞ (naming
   *     the row, counted across batches, and the channel), or the side would exceed the rows a Java array holds
   * @throws IllegalStateException if the estimator or its context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public void addSource(float[] batch) {
    samples.addSource(batch);
  }

  /**
   * Appends target rows (rows×channels, row-major); as {@link #addSource(float[])}.
   *
   * @param batch rows×channels floats, row-major; any rows ≥ 0
   * @throws NullPointerException if {@code batch} is null (named "target batch")
   * @throws IllegalArgumentException as {@link #addSource(float[])}
   * @throws IllegalStateException if the estimator or its context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public void addTarget(float[] batch) {
    samples.addTarget(batch);
  }

  /**
   * Appends resident source rows (device to device on CUDA); the batch must belong to this estimator's context.
   * As {@link #addSource(float[])}, and IllegalArgumentException if the batch belongs to another context.
   *
   * @param batch rows×channels floats resident on this estimator's context, row-major
   * @throws NullPointerException if {@code batch} is null (named "source batch")
   * @throws IllegalArgumentException if the batch belongs to another context, or as {@link #addSource(float[])}
   * @throws IllegalStateException if the estimator, the batch or the context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public void addSource(FloatArray batch) {
    samples.addSource(batch);
  }

  /**
   * Appends resident target rows; as {@link #addSource(FloatArray)}.
   *
   * @param batch rows×channels floats resident on this estimator's context, row-major
   * @throws NullPointerException if {@code batch} is null (named "target batch")
   * @throws IllegalArgumentException if the batch belongs to another context, or as {@link #addSource(float[])}
   * @throws IllegalStateException if the estimator, the batch or the context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public void addTarget(FloatArray batch) {
    samples.addTarget(batch);
  }

  /**
   * The Linear-AcT map of all rows added so far (see {@link LinearTransport}); needs at least one row per side.
   * The estimator stays usable: more batches may follow and fit again.
   *
   * @throws IllegalArgumentException if a side has no rows
   * @throws ArithmeticException if a fitted ω or β overflows float32
   * @throws IllegalStateException if the estimator or its context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public TransportMap fit() {
    return samples.fit();
  }

  @Override
  public void close() {
    samples.close();
  }
}
