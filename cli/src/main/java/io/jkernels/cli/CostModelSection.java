package io.jkernels.cli;

import io.jkernels.kernels.cuda.KernelCostMeter;
import io.jkernels.validation.cost.DeepPcrPrediction;
import io.jkernels.validation.cost.KernelCostSurvey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The GPU cost model's section of {@code jkernels bench --backend cuda-emulated} and {@code jkernels report}: every
 * CUDA kernel's counts from the instrumented emulation with its floor and predicted H100/H200 time
 * ({@link KernelCostSurvey}), and DeepPCR against the sequential pass, predicted ({@link DeepPcrPrediction}). The
 * report prints it and appends it to its Markdown (not to its JSON); its exit status stays that of validation and
 * benchmarks (KernelCostFloorsTest holds the floors in CI), while {@code bench --backend cuda-emulated} exits 1 when
 * a measured kernel breaks its floor.
 */
final class CostModelSection {
  private CostModelSection() {}

  /** The section's Markdown and whether every measured kernel held its floor. */
  record Section(String markdown, boolean ok) {}

  /** Prints the section for {@code bench --backend cuda-emulated}; the exit status: 0, or 1 for a broken floor. */
  static int print(java.io.PrintWriter out) {
    Section cost = run();
    out.print(cost.markdown());
    out.flush();
    return cost.ok() ? 0 : 1;
  }

  /** The section as the report's Markdown appendix. */
  static String appendix(Section cost) {
    return "\n## GPU cost model (instrumented emulation)\n\n" + cost.markdown();
  }

  static Section run() {
    if (KernelCostMeter.unavailabilityCause().isPresent()) {
      return new Section("Not available: " + KernelCostMeter.unavailabilityCause().get() + "\n", true);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      KernelCostSurvey.Result r = KernelCostSurvey.run(KernelCostMeter.packaged(), KernelCostSurvey.seed(),
          KernelCostSurvey.ACCESS_BUDGET_PER_OPERATION, null);
      KernelCostSurvey.print(r, out);
      out.println();
      DeepPcrPrediction.print(KernelCostMeter.packaged(), out);
      return new Section(bytes.toString(StandardCharsets.UTF_8), r.problems().isEmpty());
    }
  }
}
