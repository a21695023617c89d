package io.jkernels.pipelines.act;

import io.jkernels.pipelines.io.MatrixFile;
import io.jkernels.pipelines.io.NpyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small synthetic activation data set for the worked example: "source" and "target" activations whose channels
 * are Gaussian with different means and scales per channel (and different row counts), as a model's activations
 * on two kinds of prompts would differ. Linear-AcT's per-channel affine map should close the mean and std gaps.
 */
public final class ActExample {
  private ActExample() {}

  /** Source and target mean and standard deviation of channel {@code c} (a fixed, varied pattern). */
  static double sourceMean(int c) {
    return 2 * Math.sin(c);
  }

  static double sourceStd(int c) {
    return 0.5 + 0.5 * (c % 3);
  }

  static double targetMean(int c) {
    return sourceMean(c) + 1.5 * Math.cos(0.7 * c) + 0.5;
  }

  static double targetStd(int c) {
    return sourceStd(c) * (0.4 + 0.3 * (c % 5));
  }

  /** Writes {@code source.npy} (sourceRows×channels) and {@code target.npy} (targetRows×channels) into {@code dir}. */
  public static void generate(Path dir, int sourceRows, int targetRows, int channels, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    NpyFile.write(dir.resolve("source.npy"), sample(random, sourceRows, channels, true), sourceRows, channels);
    NpyFile.write(dir.resolve("target.npy"), sample(random, targetRows, channels, false), targetRows, channels);
  }

  private static float[] sample(SplittableRandom random, int rows, int channels, boolean source) {
    float[] x = new float[rows * channels];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        double mu = source ? sourceMean(c) : targetMean(c);
        double sigma = source ? sourceStd(c) : targetStd(c);
        x[r * channels + c] = (float) (mu + sigma * random.nextGaussian());
      }
    }
    return x;
  }

  /** Per-channel statistics of a whole file, read in blocks. */
  public static ChannelStats stats(MatrixFile file) {
    ChannelStats stats = new ChannelStats(file.channels());
    int block = ActivationTransport.blockRows(file.channels());
    float[] x = new float[(int) Math.min(block, Math.max(1, file.rows())) * file.channels()];
    for (long row = 0; row < file.rows(); row += block) {
      int n = (int) Math.min(block, file.rows() - row);
      file.readRows(row, n, x);
      stats.add(x, n);
    }
    return stats;
  }
}
