package io.jkernels.kernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.ScalarAndEmulatedCuda;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recursive-filter kernel's contract on the scalar backend and on the CUDA kernel under the emulated driver:
 * the same bits as the contract's sample-by-sample double cascade written here as plain loops (the contract fixes
 * every rounding, so the comparison is exact), for channels with 0, 1, 2, 7 and 16 sections and sample counts that
 * end inside, on and across the CPU body's tiles of 1024. The conformance suite checks the public path against the
 * float64 design on every backend.
 */
class BiquadKernelsTest {
  private static final ScalarAndEmulatedCuda BACKENDS = new ScalarAndEmulatedCuda();

  static Stream<KernelBackend> backends() {
    return BACKENDS.stream();
  }

  @AfterAll
  static void close() {
    BACKENDS.closeCheckingLeaks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void matchesTheSequentialDoubleCascadeBitForBit(KernelBackend backend) {
    SplittableRandom random = new SplittableRandom(20261201L);
    int[] counts = {0, 1, 2, 7, 16};
    int[] first = new int[counts.length + 1];
    for (int c = 0; c < counts.length; c++) {
      first[c + 1] = first[c] + counts[c];
    }
    double[] k = new double[first[counts.length] * BiquadKernels.SECTION];
    for (int s = 0; s < first[counts.length]; s++) {
      // Poles r·e^{±iθ}, r < 0.95: stable, so 16 sections over 2053 samples stay finite and far from denormals.
      double r = 0.3 + 0.65 * random.nextDouble();
      double theta = Math.PI * random.nextDouble();
      k[5 * s] = 0.5 + random.nextDouble();
      k[5 * s + 1] = random.nextDouble() - 0.5;
      k[5 * s + 2] = random.nextDouble() - 0.5;
      k[5 * s + 3] = -2 * r * Math.cos(theta);
      k[5 * s + 4] = r * r;
    }
    for (int samples : new int[] {1, 13, 1024, 2053}) {
      float[] x = new float[counts.length * samples];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (2 * random.nextDouble() - 1);
      }
      float[] expected = reference(k, first, x, samples);
      float[] got = x.clone();
      try (Buffer b = backend.bindArray(got)) {
        backend.kernels(Families.AMBISONICS_FILTERS).cascade(k, first, b, samples);
        backend.readBack(b, got);
      }
      assertArrayEquals(expected, got, 0f, backend.name() + ", samples " + samples);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void rejectsBadShapesBeforeWriting(KernelBackend backend) {
    BiquadKernels kernels = backend.kernels(Families.AMBISONICS_FILTERS);
    float[] x = {1, 2, 3, 4};
    try (Buffer b = backend.bindArray(x)) {
      double[] one = {1, 0, 0, 0, 0};
      assertThrows(IllegalArgumentException.class, () -> kernels.cascade(one, new int[] {0}, b, 4));
      assertThrows(IllegalArgumentException.class, () -> kernels.cascade(one, new int[] {1, 1}, b, 4));
      assertThrows(IllegalArgumentException.class, () -> kernels.cascade(one, new int[] {0, 2}, b, 4));
      assertThrows(IllegalArgumentException.class, () -> kernels.cascade(one, new int[] {0, 1, 0}, b, 2));
      assertThrows(IllegalArgumentException.class, () -> kernels.cascade(one, new int[] {0, 1}, b, 5));
      assertThrows(NullPointerException.class, () -> kernels.cascade(null, new int[] {0, 1}, b, 4));
      backend.readBack(b, x);
      assertArrayEquals(new float[] {1, 2, 3, 4}, x, 0f, "nothing written");
    }
  }

  /** The contract's cascade: per channel, sample by sample through every section, in double, rounded once. */
  private static float[] reference(double[] k, int[] first, float[] x, int samples) {
    float[] out = x.clone();
    for (int c = 0; c + 1 < first.length; c++) {
      int n = first[c + 1] - first[c];
      double[] z1 = new double[n];
      double[] z2 = new double[n];
      for (int t = 0; t < samples; t++) {
        double v = x[c * samples + t];
        for (int q = 0; q < n; q++) {
          int o = 5 * (first[c] + q);
          double y = k[o] * v + z1[q];
          z1[q] = k[o + 1] * v - k[o + 3] * y + z2[q];
          z2[q] = k[o + 2] * v - k[o + 4] * y;
          v = y;
        }
        out[c * samples + t] = (float) v;
      }
    }
    return out;
  }
}
