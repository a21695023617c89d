package io.jkernels.kernels.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a range of independent work items (rows, channels, systems) over the common fork-join pool, the calling
 * thread taking a share. Small ranges run inline: below {@code grain} items a fork costs more than it saves.
 */
public final class CpuParallel {
  private CpuParallel() {}

  /** Work over the half-open item range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(long from, long to);
  }

  public static int threads() {
    return Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1);
  }

  /** Runs body over [0, count) in at most {@link #threads()} contiguous chunks of at least {@code grain} items. */
  public static void forRange(long count, long grain, RangeBody body) {
    int chunks = (int) Math.min(threads(), Math.max(1, count / Math.max(1, grain)));
    if (chunks <= 1) {
      body.run(0, count);
      return;
    }
    List<ForkJoinTask<?>> forks = new ArrayList<>(chunks - 1);
    for (int k = 1; k < chunks; k++) {
      long from = count * k / chunks;
      long to = count * (k + 1) / chunks;
      forks.add(ForkJoinPool.commonPool().submit(() -> body.run(from, to)));
    }
    body.run(0, count / chunks);
    for (ForkJoinTask<?> fork : forks) {
      fork.join();
    }
  }
}
