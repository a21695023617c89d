package io.jkernels.validation;

import io.jkernels.KernelContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the conformance suite on one opened context: the loop behind {@code jkernels validate}. Each check gets its
 * own seed derived from the run's seed (see {@link ConformanceSuite#run}), so a failure replays with
 * {@code --seed}.
 */
public final class ValidationRunner {
  private ValidationRunner() {}

  /**
   * Runs {@code checks} on {@code context}, labelling the results {@code label}; {@code skipLarge} leaves out the
   * checks marked {@link ConformanceCheck#large()} (for the emulated CUDA driver). {@code progress} sees each result.
   */
  public static BackendRun run(String label, KernelContext context, List<ConformanceCheck> checks, long seed,
      boolean skipLarge, Consumer<CheckResult> progress) {
    long start = System.nanoTime();
    List<CheckResult> results = new ArrayList<>();
    int skipped = 0;
    for (ConformanceCheck check : checks) {
      if (skipLarge && check.large()) {
        skipped++;
        continue;
      }
      CheckResult r = ConformanceSuite.run(check, context, seed);
      if (!r.backend().equals(label)) {
        r = new CheckResult(r.family(), r.operation(), r.caseName(), label, r.error(), r.tolerance(), r.failure(),
            r.seed());
      }
      results.add(r);
      progress.accept(r);
    }
    return new BackendRun(label, context.description(), List.copyOf(results), skipped,
        (System.nanoTime() - start) / 1e9, null);
  }
}
