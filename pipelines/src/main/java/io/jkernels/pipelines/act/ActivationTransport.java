package io.jkernels.pipelines.act;

import io.jkernels.KernelContext;
import io.jkernels.pipelines.io.MatrixFile;
import io.jkernels.pipelines.io.MatrixFileWriter;
import io.jkernels.transport.LinearTransportEstimator;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.io.IOException;

/**
 * The AcT pipeline on activation files (Rodriguez et al. 2024, "Controlling language and diffusion models by
 * transporting activations"): fit a Linear-AcT map from source and target activations, and steer activations with it,
 * both streamed through the files in row blocks. Fitting needs every sample once in backend memory (the
 * per-channel sort sees all of them); applying holds one block at a time, so inputs larger than memory are fine.
 */
public final class ActivationTransport {
  /** Floats per block (16 MiB): big enough to amortise a call, small enough to keep memory flat. */
  public static final int DEFAULT_BLOCK_FLOATS = 4 << 20;

  private ActivationTransport() {}

  /** Rows per block for {@code channels} channels. */
  public static int blockRows(int channels) {
    return Math.max(1, DEFAULT_BLOCK_FLOATS / channels);
  }

  /**
   * Fits the Linear-AcT map taking {@code source} activations to {@code target} ones (same channel count; row counts
   * may differ, the two sides are then matched at common quantile levels).
   */
  public static TransportMap fit(KernelContext context, MatrixFile source, MatrixFile target, Progress progress) {
    if (source.channels() != target.channels()) {
      throw new IllegalArgumentException("source has " + source.channels() + " channels, target "
          + target.channels() + ": both must be rows×channels with the same channels");
    }
    if (source.rows() == 0 || target.rows() == 0) {
      throw new IllegalArgumentException("source and target need at least one row each (source " + source.rows()
          + ", target " + target.rows() + ")");
    }
    try (LinearTransportEstimator estimator = new LinearTransportEstimator(context, source.channels())) {
      stream(source, "source", progress, estimator::addSource);
      stream(target, "target", progress, estimator::addTarget);
      progress.update("fit", 0, 1);
      TransportMap map = estimator.fit();
      progress.update("fit", 1, 1);
      return map;
    }
  }

  /**
   * Steers every row of {@code input} with {@code map} ({@code y = x + λ(ωx + β − x)}, see
   * {@code io.jkernels.transport.Transport}) and appends the result to {@code output}, which the caller commits.
   */
  public static void apply(KernelContext context, TransportMap map, MatrixFile input, MatrixFileWriter output,
      float strength, Support support, Progress progress) throws IOException {
    if (input.channels() != map.channels()) {
      throw new IllegalArgumentException("input has " + input.channels() + " channels, the map " + map.channels());
    }
    int block = blockRows(input.channels());
    float[] buffer = new float[(int) Math.min((long) block, Math.max(1, input.rows())) * input.channels()];
    for (long row = 0; row < input.rows(); row += block) {
      int n = (int) Math.min(block, input.rows() - row);
      float[] x = n * input.channels() == buffer.length ? buffer : new float[n * input.channels()];
      input.readRows(row, n, x);
      context.transport().apply(map, x, n, strength, support);
      output.writeRows(x, n);
      progress.update("apply", row + n, input.rows());
    }
  }

  private interface BlockSink {
    void accept(float[] block);
  }

  private static void stream(MatrixFile file, String phase, Progress progress, BlockSink sink) {
    int block = blockRows(file.channels());
    for (long row = 0; row < file.rows(); row += block) {
      int n = (int) Math.min(block, file.rows() - row);
      float[] x = new float[n * file.channels()];
      file.readRows(row, n, x);
      sink.accept(x);
      progress.update(phase, row + n, file.rows());
    }
  }
}
