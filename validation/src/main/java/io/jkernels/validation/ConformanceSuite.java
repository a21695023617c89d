package io.jkernels.validation;

import io.jkernels.KernelContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Every check of every family, and the loop that runs them on a context. */
public final class ConformanceSuite {
  private ConformanceSuite() {}

  /** All checks, family by family. */
  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    checks.addAll(io.jkernels.validation.pcr.PcrChecks.all());
    checks.addAll(io.jkernels.validation.pcr.ResidentMlpChecks.all());
    checks.addAll(io.jkernels.validation.pcr.Pcr64Checks.all());
    checks.addAll(io.jkernels.validation.transport.TransportChecks.all());
    checks.addAll(io.jkernels.validation.room.RoomChecks.all());
    checks.addAll(io.jkernels.validation.ambisonics.AmbisonicsChecks.all());
    checks.addAll(io.jkernels.validation.ambisonics.ConvolutionChecks.all());
    return checks;
  }

  /** Runs one check with its own seed (derived from {@code seed} and the check's name, so a failure replays). */
  public static CheckResult run(ConformanceCheck check, KernelContext context, long seed) {
    long caseSeed = seed ^ (check.family() + "/" + check.operation() + "/" + check.caseName()).hashCode();
    String backend = context.backend().id();
    try {
      double error = check.measure(context, new SplittableRandom(caseSeed));
      return new CheckResult(check.family(), check.operation(), check.caseName(), backend, error, check.tolerance(),
          Double.isNaN(error) ? "error metric is NaN" : null, caseSeed);
    } catch (AssertionError | RuntimeException e) {
      return new CheckResult(check.family(), check.operation(), check.caseName(), backend, Double.POSITIVE_INFINITY,
          check.tolerance(), e.toString(), caseSeed);
    }
  }

  /** Seed for a run: {@code -Djkernels.seed=} to replay, else fresh. */
  public static long seed() {
    String fixed = System.getProperty("jkernels.seed");
    return fixed != null ? Long.parseLong(fixed.trim()) : System.nanoTime();
  }
}
