package io.jkernels.validation;

import io.jkernels.KernelContext;
import java.util.SplittableRandom;

/**
 * One case of the conformance suite: runs a public operation on a context and measures it against the float64
 * sequential reference. The same checks serve the JUnit suite and {@code jkernels validate}.
 */
public interface ConformanceCheck {
  /** Kernel family, e.g. "transport". */
  String family();

  /** Public operation, e.g. "apply". */
  String operation();

  /** What this case exercises, e.g. "rows=17 channels=3 random". */
  String caseName();

  /** Largest acceptable {@link #measure} result. */
  double tolerance();

  /** Why the tolerance is what it is, in one sentence. */
  String toleranceReason();

  /**
   * Runs the case on fresh inputs drawn from {@code random} and returns its error metric, normally
   * ‖out − ref‖₂ / ‖ref‖₂; exact semantic checks return 0 or throw {@link AssertionError} saying what broke.
   */
  double measure(KernelContext context, SplittableRandom random);

  /**
   * True for cases too big for the emulated CUDA driver (which runs every GPU thread on the CPU); the emulated run
   * skips them and covers blocks, warps and tails with the smaller cases.
   */
  default boolean large() {
    return false;
  }
}
