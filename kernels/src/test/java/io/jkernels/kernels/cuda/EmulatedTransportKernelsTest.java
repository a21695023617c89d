package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.transport.ChannelFits;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA transport kernels on the emulated driver against a plain restatement of the contract (the conformance
 * suite in validation covers them against the float64 reference too). apply must match the float32 expression
 * bit for bit; fit's sums are in double on both sides, so only the summation order differs.
 */
class EmulatedTransportKernelsTest {
  private static KernelBackend backend;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(EmulatedCuda.unavailabilityCause().isEmpty(),
        () -> "emulated driver unavailable: " + EmulatedCuda.unavailabilityCause().orElse(""));
    backend = EmulatedCuda.openBackend();
  }

  @AfterAll
  static void close() {
    if (backend != null) {
      assertEquals(0, backend.liveBuffers(), "every buffer closed");
      backend.close();
    }
  }

  private static float expectedApply(float x, float w, float b, float lo, float hi, float s, boolean everywhere) {
    boolean inside = Float.isFinite(x) && (everywhere || (x >= lo && x <= hi));
    return inside ? x + s * ((w * x + b) - x) : x;
  }

  /**
   * The kernels trust the public API's shape checks; called directly with shapes larger than the buffers, the
   * checked driver layer refuses the launch (a pointer's extent outside its allocation) and nothing is written.
   */
  @Test
  void shapesBeyondTheBuffersAreRefusedByTheCheckedDriver() {
    float[] data = {1, 2, 3, 4, 5, 6};
    try (Buffer x = backend.bindArray(data); Buffer p = backend.bindArray(new float[] {2, 2, 2})) {
      KernelException e = assertThrows(KernelException.class,
          () -> backend.transport().apply(x, 3, 3, p, p, p, p, 1f, true));
      assertTrue(e.getMessage().contains("outside every live allocation"), e.getMessage());
      assertThrows(KernelException.class, () -> backend.transport().apply(x, 1, 6, p, p, p, p, 1f, true));
      float[] back = new float[6];
      backend.readBack(x, back);
      assertArrayEquals(data, back, "a refused launch writes nothing");
      assertThrows(KernelException.class, () -> backend.transport().fit(x, 4, x, 2, 3));
    }
  }

  @Test
  void applyMatchesTheFloat32ExpressionBitForBit() {
    SplittableRandom r = new SplittableRandom(42);
    // 300 × 1024 has more float4s than two grid strides of the emulated launch (64 blocks × 256 threads), so both
    // halves of the unrolled loop and the channel bookkeeping across strides run.
    for (int[] shape : new int[][] {{1, 1}, {7, 3}, {17, 5}, {255, 2}, {1000, 7}, {3, 1}, {300, 1024}, {1001, 129}}) {
      int rows = shape[0];
      int channels = shape[1];
      float[] x = new float[rows * channels];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian() * 2;
      }
      if (x.length > 4) {
        x[1] = Float.NaN;
        x[2] = Float.POSITIVE_INFINITY;
        x[3] = Float.NEGATIVE_INFINITY;
      }
      float[] w = new float[channels];
      float[] b = new float[channels];
      float[] lo = new float[channels];
      float[] hi = new float[channels];
      for (int c = 0; c < channels; c++) {
        w[c] = (float) r.nextDouble(0.2, 2);
        b[c] = (float) r.nextGaussian();
        lo[c] = (float) -r.nextDouble(0, 1.5);
        hi[c] = (float) r.nextDouble(0, 1.5);
      }
      for (boolean everywhere : new boolean[] {true, false}) {
        float s = 0.75f;
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          int c = i % channels;
          expected[i] = expectedApply(x[i], w[c], b[c], lo[c], hi[c], s, everywhere);
        }
        float[] y = x.clone();
        try (Buffer bx = backend.bindArray(y); Buffer bw = backend.bindArray(w); Buffer bb = backend.bindArray(b);
            Buffer bl = backend.bindArray(lo); Buffer bh = backend.bindArray(hi)) {
          backend.transport().apply(bx, rows, channels, bw, bb, bl, bh, s, everywhere);
          backend.readBack(bx, y);
        }
        assertArrayEquals(expected, y, rows + "x" + channels + " everywhere=" + everywhere);
      }
    }
  }

  @Test
  void applyWithZeroStrengthLeavesEverythingAlone() {
    float[] x = {1, Float.NaN, Float.POSITIVE_INFINITY, -3};
    float[] y = x.clone();
    try (Buffer bx = backend.bindArray(y); Buffer p = backend.bindArray(new float[] {2})) {
      backend.transport().apply(bx, 4, 1, p, p, p, p, 0f, true);
      backend.readBack(bx, y);
    }
    assertArrayEquals(x, y);
  }

  /** The contract, restated plainly: sort, match at common quantile levels, least squares in double. */
  private static double[] expectedFit(float[] a, int na, float[] b, int nb, int channels, int c) {
    double[] sa = new double[na];
    double[] sb = new double[nb];
    for (int i = 0; i < na; i++) {
      sa[i] = a[i * channels + c];
    }
    for (int i = 0; i < nb; i++) {
      sb[i] = b[i * channels + c];
    }
    Arrays.sort(sa);
    Arrays.sort(sb);
    int k = Math.min(na, nb);
    double[] qa = new double[k];
    double[] qb = new double[k];
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < k; i++) {
      qa[i] = quantile(sa, i, k);
      qb[i] = quantile(sb, i, k);
      ma += qa[i];
      mb += qb[i];
    }
    ma /= k;
    mb /= k;
    double sab = 0;
    double saa = 0;
    for (int i = 0; i < k; i++) {
      sab += (qa[i] - ma) * (qb[i] - mb);
      saa += (qa[i] - ma) * (qa[i] - ma);
    }
    boolean constant = sa[0] == sa[na - 1];
    boolean degenerate = constant || saa == 0;
    double omega = degenerate ? 1 : sab / saa;
    double beta = degenerate ? mb - (constant ? sa[0] : ma) : mb - omega * ma;
    return new double[] {omega, beta, sa[0], sa[na - 1], degenerate ? 1 : 0};
  }

  private static double quantile(double[] s, int k, int count) {
    int n = s.length;
    if (n == count) {
      return s[k];
    }
    double pos = Math.min(Math.max((k + 0.5) * n / count - 0.5, 0), n - 1);
    int i0 = (int) Math.floor(pos);
    int i1 = Math.min(i0 + 1, n - 1);
    return s[i0] + (pos - i0) * (s[i1] - s[i0]);
  }

  @Test
  void fitSortsOnTheDeviceAndMatchesQuantiles() {
    SplittableRandom r = new SplittableRandom(7);
    // 5000 rows pad to 8192 > one 4096-float tile: the global bitonic steps run too.
    for (int[] shape : new int[][] {{1, 1, 1}, {7, 7, 3}, {17, 5, 2}, {5, 17, 2}, {300, 1000, 3}, {5000, 4097, 2}}) {
      int na = shape[0];
      int nb = shape[1];
      int channels = shape[2];
      float[] a = new float[na * channels];
      float[] b = new float[nb * channels];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (3 * r.nextGaussian() + 1);
      }
      if (channels > 1) {
        for (int i = 0; i < na; i++) {
          a[i * channels + 1] = 2.5f; // a zero-variance source channel
        }
      }
      ChannelFits fits;
      try (Buffer ba = backend.bindArray(a); Buffer bb = backend.bindArray(b)) {
        fits = backend.transport().fit(ba, na, bb, nb, channels);
      }
      for (int c = 0; c < channels; c++) {
        double[] e = expectedFit(a, na, b, nb, channels, c);
        String where = na + "/" + nb + "x" + channels + " channel " + c;
        assertEquals(e[0], fits.omega()[c], 1e-9 * Math.max(1, Math.abs(e[0])), where + " omega");
        assertEquals(e[1], fits.beta()[c], 1e-9 * Math.max(1, Math.abs(e[1])), where + " beta");
        assertEquals((float) e[2], fits.sourceMin()[c], where + " min");
        assertEquals((float) e[3], fits.sourceMax()[c], where + " max");
        assertEquals(e[4] == 1, fits.degenerate()[c], where + " degenerate");
      }
      if (channels > 1) {
        assertTrue(fits.degenerate()[1]);
      }
    }
  }
}
