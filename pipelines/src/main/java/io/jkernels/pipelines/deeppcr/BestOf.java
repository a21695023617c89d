package io.jkernels.pipelines.deeppcr;

import java.util.function.Supplier;

/** Runs a computation as {@link Timing} says and keeps the fastest wall time and the last result. */
record BestOf<T>(T result, double seconds, int runs) {

  static <T> BestOf<T> run(Timing timing, Supplier<T> work) {
    T result = null;
    long best = Long.MAX_VALUE;
    long start = System.nanoTime();
    long budget = (long) (timing.minSeconds() * 1e9);
    int runs = 0;
    while (runs < timing.repeats() || (System.nanoTime() - start < budget && runs < Timing.MAX_RUNS)) {
      long t0 = System.nanoTime();
      result = work.get();
      best = Math.min(best, System.nanoTime() - t0);
      runs++;
    }
    return new BestOf<>(result, best * 1e-9, runs);
  }
}
