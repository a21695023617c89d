package io.jkernels.validation.cost;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.cuda.KernelCostMeter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every CUDA kernel the survey's cases launch holds the cost floor its .cu comment states ("// Cost floor:", read
 * by {@link io.jkernels.kernels.cuda.KernelCostFloor}): coalescing, bank conflicts, L2 rereads, and no race; a
 * measured kernel without a floor fails, and so does a kernel of the library no survey case launches. The checks
 * the survey runs must pass on the instrumented library too.
 * About 15–30 s on a shared 2-core machine ({@link KernelCostSurvey#ACCESS_BUDGET_PER_OPERATION}), so it runs in
 * the surefire execution with the Vector API module only (the counts do not depend on it).
 */
class KernelCostFloorsTest {
  @Test
  void everyMeasuredKernelHoldsItsFloor() {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "counted once, in the run with the Vector API module");
    Assumptions.assumeTrue(KernelCostMeter.unavailabilityCause().isEmpty(),
        () -> "instrumented emulation unavailable: " + KernelCostMeter.unavailabilityCause().orElse(""));
    KernelCostSurvey.Result r = KernelCostSurvey.run(KernelCostMeter.packaged(), KernelCostSurvey.seed(),
        KernelCostSurvey.ACCESS_BUDGET_PER_OPERATION, null);
    assertFalse(r.checks().isEmpty(), "the survey ran checks");
    assertTrue(r.problems().isEmpty(), () -> "cost problems:\n" + String.join("\n", r.problems()));
    // Every kernel of the library is measured (the coverage cases reach those the budgeted cases do not).
    assertTrue(r.unmeasured().isEmpty(), () -> "kernels no survey case launched: " + r.unmeasured());
    // Every family (kernel name prefix) has kernels measured: the survey covers each .cu file.
    Set<String> families = new TreeSet<>();
    Set<String> measured = new TreeSet<>();
    for (String kernel : r.floors().keySet()) {
      families.add(kernel.substring(0, kernel.indexOf('_') + 1));
    }
    for (String kernel : r.report().byKernel().keySet()) {
      measured.add(kernel.substring(0, kernel.indexOf('_') + 1));
    }
    assertTrue(measured.containsAll(families), "families measured " + measured + " of " + families);
  }
}
