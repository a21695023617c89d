package io.jkernels.validation;

import java.util.List;

/**
 * The conformance suite's outcome on one backend: {@code label} is the backend's id, or e.g. "cuda-emulated";
 * {@code unavailable} is the reason it could not run (then {@code results} is empty); {@code skipped} counts checks
 * left out (too large for an emulated device).
 */
public record BackendRun(String label, String description, List<CheckResult> results, int skipped,
    double seconds, String unavailable) {

  public static BackendRun unavailable(String label, String reason) {
    return new BackendRun(label, "", List.of(), 0, 0, reason);
  }

  public boolean ran() {
    return unavailable == null;
  }

  public long failures() {
    return results.stream().filter(r -> !r.passed()).count();
  }
}
