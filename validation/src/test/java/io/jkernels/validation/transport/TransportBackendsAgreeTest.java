package io.jkernels.validation.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The vector apply computes the scalar one's float32 formula in the same order (no FMA), so the two agree bit for
 * bit; checked at sizes around the vector width (Lucene's habit), where the vector kernel switches between whole
 * rows, multi-row tiles and scalar tails. Runs where the Vector API module is present.
 */
class TransportBackendsAgreeTest {
  private static final int[] CHANNELS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 25, 31, 32, 33, 64, 100, 128,
      207, 255, 256, 257, 1023, 1024, 1025, 4098};
  private static final int[] ROWS = {1, 2, 5, 17, 33};

  @Test
  void vectorApplyEqualsScalarApplyBitForBit() {
    Assumptions.assumeTrue(Kernels.available().contains(Backend.VECTOR), "the Vector API module is not present");
    SplittableRandom random = new SplittableRandom(20261127);
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f};
    try (KernelContext scalar = Kernels.open(Backend.SCALAR); KernelContext vector = Kernels.open(Backend.VECTOR)) {
      for (int channels : CHANNELS) {
        float[] min = TransportChecks.uniform(random, channels, -2, 0);
        float[] max = TransportChecks.uniform(random, channels, 0, 2);
        TransportMap map = TransportMap.of(TransportChecks.uniform(random, channels, -2, 2),
            TransportChecks.uniform(random, channels, -1, 1), min, max);
        for (int rows : ROWS) {
          float[] x = TransportChecks.uniform(random, rows * channels, -3, 3);
          for (int i = 0; i < x.length; i += 7) {
            x[i] = special[random.nextInt(special.length)];
          }
          for (Support support : Support.values()) {
            float lambda = (float) random.nextDouble(-1, 2);
            float[] a = x.clone();
            float[] b = x.clone();
            scalar.transport().apply(map, a, rows, lambda, support);
            vector.transport().apply(map, b, rows, lambda, support);
            for (int i = 0; i < a.length; i++) {
              int at = i;
              assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]),
                  () -> "rows=" + rows + " channels=" + channels + " " + support + " element " + at + ": scalar "
                      + a[at] + ", vector " + b[at]);
            }
          }
        }
      }
    }
  }
}
