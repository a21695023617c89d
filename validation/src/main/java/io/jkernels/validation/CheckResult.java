package io.jkernels.validation;

/** The outcome of one check on one backend. {@code failure} is null when the check ran to the end. */
public record CheckResult(String family, String operation, String caseName, String backend, double error,
    double tolerance, String failure, long seed) {

  public boolean passed() {
    return failure == null && error <= tolerance;
  }

  public String verdict() {
    return passed() ? "PASS" : "FAIL";
  }
}
