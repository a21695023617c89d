package io.jkernels.pipelines.deeppcr;

import java.util.function.Supplier;

/**
 * Runs a computation a few times and keeps the fastest wall time (the least disturbed run; the first one also
 * pays for JIT compilation) and the last result.
 */
record BestOf<T>(T result, double seconds) {

  static <T> BestOf<T> run(int repeats, Supplier<T> work) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
    }
    T result = null;
    long best = Long.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      result = work.get();
      best = Math.min(best, System.nanoTime() - start);
    }
    return new BestOf<>(result, best * 1e-9);
  }
}
