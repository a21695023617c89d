package io.jkernels.pipelines.deeppcr;

import io.jkernels.pipelines.deeppcr.DigitsDataset;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The digits data set (Debian's python3-sklearn) as a test peer: skipped where absent, a failure where required. */
final class DigitsPeer {
  private DigitsPeer() {}

  /** Returns when installed; aborts the test when not, or fails it under {@code JKERNELS_REQUIRE_PEERS=1} (CI). */
  static void assumeInstalled() {
    if (DigitsDataset.installed()) {
      return;
    }
    String why = "python3-sklearn is not installed here (" + DigitsDataset.defaultPath() + ")";
    Assertions.assertNotEquals("1", System.getenv("JKERNELS_REQUIRE_PEERS"), why + ", but JKERNELS_REQUIRE_PEERS=1");
    Assumptions.abort(why + "; .ci/run installs it");
  }
}
