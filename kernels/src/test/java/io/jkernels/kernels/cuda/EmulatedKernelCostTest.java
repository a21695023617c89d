package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cuda.KernelCostReport.KernelCost;
import io.jkernels.kernels.cuda.KernelCostReport.Site;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming kernels held to the bytes their .cu comments say they must move, on the packaged instrumented
 * library ({@link KernelCostMeter}): transport apply reads and writes x once (8 bytes per element) in fully used
 * sectors, the Newton residual reads x and y once (8 bytes per element) with conflict-free warp maxima. Sizes are
 * awkward (not multiples of 4, 32 or 256) so tails and partial warps are part of the count. The kernel-wide floors
 * of every kernel (their "// Cost floor:" lines) are held by validation's KernelCostFloorsTest; the sort kernels of
 * a fit, which the survey reaches at 4096-float tiles only (its budgeted fit cases have a few rows), here at
 * 512-float tiles.
 */
class EmulatedKernelCostTest {
  private static KernelCostMeter meter;
  private static KernelBackend backend;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(KernelCostMeter.unavailabilityCause().isEmpty(),
        () -> "instrumented emulation unavailable: " + KernelCostMeter.unavailabilityCause().orElse(""));
    meter = KernelCostMeter.packaged();
    backend = meter.openBackend();
  }

  @AfterAll
  static void close() {
    if (backend != null) {
      backend.close();
    }
  }

  private static float[] gaussian(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  @Test
  void transportApplyMovesEightBytesPerElementInFullSectors() {
    SplittableRandom r = new SplittableRandom(12);
    for (int[] shape : new int[][] {{1001, 129}, {37, 7}}) {
      int rows = shape[0];
      int channels = shape[1];
      long n = (long) rows * channels;
      float[] x = gaussian(r, (int) n);
      float[] w = gaussian(r, channels);
      float[] before = x.clone();
      try (Buffer bx = backend.bindArray(x); Buffer bw = backend.bindArray(w)) {
        meter.reset();
        backend.transport().apply(bx, rows, channels, bw, bw, bw, bw, 0.5f, true);
        KernelCost c = meter.report().byKernel().get("transport_apply");
        backend.readBack(bx, x);
        assertEquals(1, c.launches());
        // Floor: x read once and written once, 8n bytes; the 16 bytes of parameters per channel on top.
        double floor = 8.0 * n + 16.0 * channels;
        assertEquals(floor, c.dramBytes(), 0.05 * floor, rows + "x" + channels + ": DRAM bytes within 5 % of 8n");
        assertTrue(c.races().isEmpty(), c.races().toString());
        // The float4 accesses of x (16 bytes a lane; the parameter reads are float4s of another allocation but go
        // through __ldg in the emulation header) use every byte of every sector they touch.
        long xSectors = 0;
        long xUnique = 0;
        for (Site s : meter.report().sitesOf("transport_apply")) {
          if (s.at().startsWith("transport.cu") && s.size() == 16) {
            xSectors += s.sectors();
            xUnique += s.unique();
          }
        }
        assertTrue(xSectors > 0, "the float4 accesses of x were counted");
        assertTrue(xUnique >= 0.9 * 32 * xSectors, rows + "x" + channels + ": x accesses "
            + (100.0 * xUnique / (32 * xSectors)) + " % coalesced, floor 90 %");
      }
      for (int i = 0; i < n; i++) {
        int ch = i % channels;
        float mapped = w[ch] * before[i] + w[ch];
        assertEquals(before[i] + 0.5f * (mapped - before[i]), x[i], 0f, "apply still right under instrumentation");
      }
    }
  }

  @Test
  void residualReadsBothVectorsOnceWithoutBankConflicts() {
    SplittableRandom r = new SplittableRandom(13);
    int n = 70_001;
    float[] x = gaussian(r, n);
    float[] y = gaussian(r, n);
    double expected = 0;
    for (int i = 0; i < n; i++) {
      expected = Math.max(expected, Math.abs(x[i] - y[i]));
    }
    try (Buffer bx = backend.bindArray(x); Buffer by = backend.bindArray(y)) {
      meter.reset();
      double got = backend.pcr().maxAbsDifference(bx, by, n);
      KernelCost c = meter.report().byKernel().get("pcr_max_abs_diff");
      assertEquals((float) expected, got, 0.0);
      double floor = 8.0 * n;
      assertEquals(floor, c.dramBytes(), 0.05 * floor, "8 bytes per element within 5 %");
      assertTrue(c.coalescing() >= 0.95, "coalescing " + c.coalescing());
      assertEquals(1.0, c.conflictDegree(), 0.0, "warp maxima through shared memory without bank conflicts");
      assertTrue(c.atomics() >= 1 && c.races().isEmpty(), "one atomicMax per block, no race: " + c.races());
    }
  }

  @Test
  void sortOfAFitHoldsTheFloorsOfItsKernels() {
    // The survey's small fit cases have a few rows only; 300 and 257 rows pad to 512-float tiles, where the bitonic
    // network's short distances (j < 32) put two lanes on one bank.
    SplittableRandom r = new SplittableRandom(14);
    int channels = 3;
    try (Buffer a = backend.bindArray(gaussian(r, 300 * channels));
        Buffer b = backend.bindArray(gaussian(r, 257 * channels))) {
      meter.reset();
      backend.transport().fit(a, 300, b, 257, channels);
      KernelCostReport report = meter.report();
      for (String kernel : new String[] {"transport_transpose_pad", "transport_bitonic_shared",
          "transport_fit_reduce"}) {
        KernelCost c = report.byKernel().get(kernel);
        assertTrue(c != null, kernel + " launched");
        java.util.List<String> broken = KernelCostFloor.parse(kernel, meter.floors().get(kernel)).violations(c);
        assertTrue(broken.isEmpty(), broken.toString());
      }
    }
  }
}
