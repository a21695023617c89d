package io.jkernels.kernels.convolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.ScalarAndEmulatedCuda;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernel-level facts of the convolution family: the partition model's choices, and the UPOLS result against direct
 * double sums on the scalar backend and on the CUDA kernels under the emulated driver (the conformance suite in validation repeats this on every public path).
 */
class ConvolutionKernelsTest {
  private static final ScalarAndEmulatedCuda BACKENDS = new ScalarAndEmulatedCuda();

  static Stream<KernelBackend> backends() {
    return BACKENDS.stream();
  }

  @AfterAll
  static void close() {
    BACKENDS.closeCheckingLeaks();
  }

  @Test
  void partitionModelPicksLongBlocksForLongResponsesAndShortOnesForShort() {
    ConvolutionPlan longOnes = ConvolutionPlan.of(160_000, 16_000, 19, 15);
    ConvolutionPlan shortOnes = ConvolutionPlan.of(100_000, 8, 1, 15);
    ConvolutionPlan gpuLong = ConvolutionPlan.of(160_000, 16_000, 19, 11);
    assertTrue(longOnes.b() >= 8192 && longOnes.partitions() == 1 && longOnes.hop() > longOnes.b(),
        "1 s responses on the CPU: one long-hop partition, got " + longOnes);
    assertTrue(shortOnes.b() <= 64, "8-tap response: " + shortOnes);
    assertEquals(2048, gpuLong.b(), "capped at 2^11: " + gpuLong);
    assertTrue(gpuLong.partitions() == 8 && gpuLong.hop() == 2048, "UPOLS under the cap: " + gpuLong);
    assertEquals(16, ConvolutionPlan.of(1, 1, 1, 15).b());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void bothSchemesEqualDirectSums(KernelBackend backend) {
    SplittableRandom r = new SplittableRandom(11);
    java.util.Set<String> schemes = new java.util.HashSet<>();
    // both schemes: short responses take the long-hop plain overlap-save, 97 taps on 13 samples the partitions
    int[][] shapes = {{1, 1, 1}, {1, 7, 2}, {7, 1, 3}, {37, 5, 2}, {101, 33, 3}, {250, 61, 1}, {13, 97, 2},
        {600, 31, 2}, {1000, 700, 1}, {300, 65, 2}};  // 65 = B + 1 taps: a hop of exactly B in one frame
    for (int[] shape : shapes) {
      int n = shape[0], m = shape[1], count = shape[2];
      float[] x = random(r, n);
      float[] h = random(r, count * m);
      int total = n + m - 1;
      float[] y = new float[count * total];
      ConvolutionPlan plan = backend.kernels(Families.CONVOLUTION).plan(n, m, count);
      schemes.add(plan.partitions() > 1 ? "upols" : "overlap-save");
      try (Buffer bx = backend.bindArray(x); Buffer bh = backend.bindArray(h); Buffer by = backend.bindArray(y)) {
        backend.kernels(Families.CONVOLUTION).convolve(bx, n, bh, count, m, by);
        backend.readBack(by, y);
      }
      for (int k = 0; k < count; k++) {
        double diff = 0;
        double norm = 0;
        for (int t = 0; t < total; t++) {
          double ref = 0;
          for (int s = Math.max(0, t - n + 1); s <= Math.min(t, m - 1); s++) {
            ref += (double) h[k * m + s] * x[t - s];
          }
          diff += (y[k * total + t] - ref) * (y[k * total + t] - ref);
          norm += ref * ref;
        }
        double err = Math.sqrt(diff / norm);
        // float32 FFTs of ≤ 2^9 points: ~ε·log2(2B) relative, far below 1e-5
        assertTrue(err < 1e-5, backend.name() + " n=" + n + " m=" + m + " k=" + k + ": relative error " + err);
      }
    }
    assertEquals(java.util.Set.of("upols", "overlap-save"), schemes, "the shapes exercise both schemes");
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    return v;
  }
}
