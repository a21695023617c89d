package io.jkernels.validation.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cuda.GpuRoofline;
import io.jkernels.kernels.cuda.KernelCostMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The closed-form DeepPCR prediction against the emulated one ({@link DeepPcrPrediction}, every lane access
 * counted) at points the emulation affords in about a second, and its launch structure where the launch cost is
 * the whole story.
 */
class DeepPcrClosedFormTest {
  /**
   * Largest relative difference allowed per pass between the two models. At these sizes 85–95 % of each pass is
   * launch cost, which both charge alike, so a miscounted launch (3 µs of 40–140) shows as 2–8 %; the memory terms
   * are hand counts of what the emulation counts exactly (sector sharing approximated), which moves a pass by a few
   * percent. 15 % catches a missing or extra launch structure (a round, an iteration) and leaves room for those.
   */
  private static final double TOLERANCE = 0.15;

  @Test
  void agreesWithTheEmulatedModelWhereBothRun() {
    Assumptions.assumeTrue(KernelCostMeter.unavailabilityCause().isEmpty(),
        () -> "instrumented emulation unavailable: " + KernelCostMeter.unavailabilityCause().orElse(""));
    KernelCostMeter meter = KernelCostMeter.packaged();
    int[][] points = {{16, 4, 1}, {33, 8, 2}, {64, 4, 3}, {12, 13, 2}};
    List<String> misses = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    int compared = 0;
    try (KernelBackend backend = meter.openBackend()) {
      for (int[] p : points) {
        DeepPcrPrediction.Emulated e = DeepPcrPrediction.emulate(meter, backend, p[0], p[1], p[2]);
        assertTrue(e.converged(), "a contracting MLP converges");
        for (int d = 0; d < GpuRoofline.DEVICES.size(); d++) {
          GpuRoofline device = GpuRoofline.DEVICES.get(d);
          DeepPcrClosedForm.Passes c = DeepPcrClosedForm.predict(device, p[0], p[1], p[2], e.iterations());
          double[] closed = {c.sequentialForward(), c.deepPcrForward(), c.sequentialBackward(), c.deepPcrBackward()};
          double[] emulated = {e.seqForward().seconds()[d], e.pcrForward().seconds()[d],
              e.seqBackward().seconds()[d], e.pcrBackward().seconds()[d]};
          String[] names = {"sequential forward", "DeepPCR forward", "sequential backward", "DeepPCR backward"};
          for (int k = 0; k < 4; k++) {
            double rel = Math.abs(closed[k] - emulated[k]) / emulated[k];
            table.append(String.format(Locale.ROOT, "L=%d w=%d B=%d %s %s: closed %.1f µs, emulated %.1f µs (%.1f %%)%n",
                p[0], p[1], p[2], device.name(), names[k], closed[k] * 1e6, emulated[k] * 1e6, 100 * rel));
            compared++;
            if (!(rel <= TOLERANCE)) {
              misses.add(table.substring(table.lastIndexOf("L=")).trim());
            }
          }
        }
      }
    }
    System.out.print(table);
    assertEquals(points.length * GpuRoofline.DEVICES.size() * 4, compared);
    assertTrue(misses.isEmpty(), () -> "beyond " + TOLERANCE + ":\n" + String.join("\n", misses));
  }

  @Test
  void launchBoundPassesCostTheirLaunchCounts() {
    GpuRoofline d = GpuRoofline.H100;
    double launch = d.launchSeconds();
    // L = 1000, w = 2, B = 1: every launch moves a few hundred bytes at most, far below a microsecond.
    DeepPcrClosedForm.Passes p = DeepPcrClosedForm.predict(d, 1000, 2, 1, 3);
    int rounds = 10; // ⌈log₂ 1000⌉
    assertEquals(1000 * launch, p.sequentialForward(), 0.02 * 1000 * launch);
    assertEquals((1 + 999 + 2) * launch, p.sequentialBackward(), 0.02 * 1002 * launch);
    // 4 evaluations (linearise + residual), 3 correction-form steps (2 additions, Jacobians, init, rounds, extract)
    int newton = 4 * 2 + 3 * (2 + 1 + 1 + rounds + 1);
    assertEquals(newton * launch, p.deepPcrForward(), 0.05 * newton * launch);
    int adjoint = 1 + 1 + 1 + rounds + 1 + 2;
    assertEquals(adjoint * launch, p.deepPcrBackward(), 0.05 * adjoint * launch);
  }

  @Test
  void chargesFlopsAndChunksLikeTheSolver() {
    assertEquals(66.9e12, DeepPcrClosedForm.fp32FlopsPerSecond(GpuRoofline.H100), 0.1e12);
    // 4096 × 64² floats per batch element: 4 fit in the 2^26-float Jacobian budget.
    assertEquals(4, DeepPcrClosedForm.chunk(4096, 16, 64));
    assertEquals(16, DeepPcrClosedForm.chunk(256, 16, 64));
    // At w = 64 a composed map costs 2·64²·65 flops: the Newton step is far from launch-bound.
    DeepPcrClosedForm.Passes p = DeepPcrClosedForm.predict(GpuRoofline.H100, 256, 64, 16, 3);
    double flopsPerStep = 16.0 * 2 * 64 * 64 * 65 * (256 - 2 + 256 - 4 + 256 - 8 + 256 - 16 + 256 - 32 + 256 - 64
        + 256 - 128);
    assertTrue(p.deepPcrForward() > 3 * flopsPerStep / DeepPcrClosedForm.fp32FlopsPerSecond(GpuRoofline.H100));
  }

  @Test
  void refusesBadPoints() {
    assertThrows(NullPointerException.class, () -> DeepPcrClosedForm.predict(null, 1, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> DeepPcrClosedForm.predict(GpuRoofline.H100, 0, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> DeepPcrClosedForm.predict(GpuRoofline.H100, 1, 1, 1, -1));
  }
}
