package io.jkernels.pipelines.deeppcr;

/**
 * How a pipeline times each pass: at least {@code repeats} runs and, beyond that, more runs until
 * {@code minSeconds} have passed (the JIT compiles the hot loops during the first runs, Vector API code later
 * than plain loops), at most {@value #MAX_RUNS}; the fastest run is reported.
 */
public record Timing(int repeats, double minSeconds) {
  static final int MAX_RUNS = 10_000;

  public Timing {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
    }
    if (!(minSeconds >= 0) || Double.isInfinite(minSeconds)) {
      throw new IllegalArgumentException("minSeconds must be finite and >= 0, got " + minSeconds);
    }
  }

  /** One run, no minimum time: for tests, where only the results matter. */
  public static Timing once() {
    return new Timing(1, 0);
  }
}
