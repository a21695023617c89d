package io.jkernels.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of independent work items (rows, channels, systems) over the common fork-join pool, the calling
 * thread taking a share. Small ranges run inline: below {@code grain} items a fork costs more than it saves.
 *
 * <p>Chunks are claimed, not assigned: the caller and the pool tasks take the next unclaimed chunk until none is
 * left, and the caller then waits only for chunks another thread has already started. So a pool with no free (or
 * no) workers never stalls the call: with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} the
 * common pool runs submitted tasks on no thread at all, and joining them from outside the pool would wait forever;
 * here the caller simply runs every chunk itself.
 */
public final class CpuParallel {
  private CpuParallel() {}

  /** Work over the half-open item range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(long from, long to);
  }

  /** Threads a range is split over: the common pool's parallelism plus the caller. */
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
    new Claims(count, chunks, body).run(chunks - 1);
  }

  /** One call's chunks: a claim counter, a count of finished chunks, and the first failure. */
  private static final class Claims {
    private final long count;
    private final int chunks;
    private final RangeBody body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final Thread caller = Thread.currentThread();
    private volatile Throwable failure;

    Claims(long count, int chunks, RangeBody body) {
      this.count = count;
      this.chunks = chunks;
      this.body = body;
    }

    void run(int helpers) {
      for (int k = 0; k < helpers; k++) {
        ForkJoinPool.commonPool().execute(this::work);
      }
      work();
      while (finished.get() < chunks) {
        LockSupport.park(this);
      }
      Throwable t = failure;
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }

    /** Claims and runs chunks until none is left. */
    private void work() {
      for (int k; (k = next.getAndIncrement()) < chunks; ) {
        try {
          if (failure == null) {
            body.run(count * k / chunks, count * (k + 1) / chunks);
          }
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          }
        } finally {
          if (finished.incrementAndGet() == chunks) {
            LockSupport.unpark(caller);
          }
        }
      }
    }
  }
}
