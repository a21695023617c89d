package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.scalar.ScalarBackendProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA PCR kernels on the emulated driver, on the launch paths the conformance suite does not reach under
 * emulation (its large cases are skipped there): several global PCR rounds before the shared-memory kernel, dense
 * compositions whose k dimension needs more than one shared-memory panel, and the residual's non-finite rules.
 * The scalar backend is the yardstick (the conformance suite holds both to the float64 references).
 */
class EmulatedPcrKernelsTest {
  private static KernelBackend cuda;
  private static KernelBackend scalar;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(EmulatedCuda.unavailabilityCause().isEmpty(),
        () -> "emulated driver unavailable: " + EmulatedCuda.unavailabilityCause().orElse(""));
    cuda = EmulatedCuda.openBackend();
    scalar = new ScalarBackendProvider().create();
  }

  @AfterAll
  static void close() {
    if (cuda != null) {
      assertEquals(0, cuda.liveBuffers(), "every buffer closed");
      cuda.close();
      scalar.close();
    }
  }

  private static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextDouble(lo, hi);
    }
    return v;
  }

  private static double relative(float[] out, float[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < ref.length; i++) {
      num += (double) (out[i] - ref[i]) * (out[i] - ref[i]);
      den += (double) ref[i] * ref[i];
    }
    return Math.sqrt(num / den);
  }

  @Test
  void tridiagonalBeyondOneBlockTakesSeveralGlobalRounds() {
    // 8193 rows: three global rounds (stride 8) before subsystems of ≤ 1025 rows fit a block; system 1 is weakly
    // dominant (sweep), system 2 not dominant (pivoting), systems 0 and 3 take PCR.
    int n = 4 * CudaPcrKernels.PCR_CAPACITY + 1;
    int batch = 4;
    SplittableRandom r = new SplittableRandom(3);
    float[] l = uniform(r, n * batch, -1, 1);
    float[] u = uniform(r, n * batch, -1, 1);
    float[] rhs = uniform(r, n * batch, -1, 1);
    float[] d = new float[n * batch];
    for (int s = 0; s < batch; s++) {
      for (int i = 0; i < n; i++) {
        int at = s * n + i;
        float off = (i > 0 ? Math.abs(l[at]) : 0) + (i < n - 1 ? Math.abs(u[at]) : 0);
        d[at] = switch (s) {
          case 1 -> i == 0 ? off + 0.25f : -off;
          case 2 -> i == 1 ? 0 : (float) r.nextDouble(-1, 1);
          default -> off * 2 + 0.5f;
        };
      }
    }
    float[] expected = solve(scalar, l, d, u, rhs, n, batch);
    float[] got = solve(cuda, l, d, u, rhs, n, batch);
    for (int s = 0; s < batch; s++) {
      float[] a = java.util.Arrays.copyOfRange(got, s * n, (s + 1) * n);
      float[] b = java.util.Arrays.copyOfRange(expected, s * n, (s + 1) * n);
      if (s == 1) {
        assertTrue(java.util.Arrays.equals(a, b), "the sweep repeats the CPU's Thomas bit for bit");
      } else {
        assertTrue(relative(a, b) < 1e-4, "system " + s + ": " + relative(a, b));
      }
    }
  }

  private static float[] solve(KernelBackend backend, float[] l, float[] d, float[] u, float[] rhs, int n,
      int batch) {
    float[] x = new float[n * batch];
    try (Buffer bl = backend.bindArray(l); Buffer bd = backend.bindArray(d); Buffer bu = backend.bindArray(u);
        Buffer br = backend.bindArray(rhs); Buffer bx = backend.allocate(x.length)) {
      assertEquals(-1, backend.pcr().solveTridiagonal(bl, bd, bu, br, bx, n, batch));
      bx.read(0, x, 0, x.length);
    }
    return x;
  }

  @Test
  void denseRecurrenceWiderThanOneSharedPanel() {
    // width 260 > the 256-float k panel: the composition loops over two panels; 3 steps take two rounds.
    int steps = 3;
    int batch = 2;
    int w = 260;
    SplittableRandom r = new SplittableRandom(5);
    float[] a = uniform(r, steps * batch * w * w, -0.9 / w, 0.9 / w);
    float[] b = uniform(r, steps * batch * w, -1, 1);
    float[] x0 = uniform(r, batch * w, -1, 1);
    for (boolean adjoint : new boolean[] {false, true}) {
      float[] expected = dense(scalar, a, b, x0, steps, batch, w, adjoint);
      float[] got = dense(cuda, a, b, x0, steps, batch, w, adjoint);
      assertTrue(relative(got, expected) < 1e-5, "adjoint " + adjoint + ": " + relative(got, expected));
    }
  }

  private static float[] dense(KernelBackend backend, float[] a, float[] b, float[] x0, int steps, int batch, int w,
      boolean adjoint) {
    float[] x = new float[steps * batch * w];
    try (Buffer ba = backend.bindArray(a); Buffer bb = backend.bindArray(b); Buffer b0 = backend.bindArray(x0);
        Buffer bx = backend.allocate(x.length)) {
      if (adjoint) {
        backend.pcr().denseRecurrenceAdjoint(ba, bb, bx, steps, batch, w);
      } else {
        backend.pcr().denseRecurrence(ba, bb, b0, bx, steps, batch, w);
      }
      bx.read(0, x, 0, x.length);
    }
    return x;
  }

  @Test
  void composeTilesPadLittleAndStayLargeForWideMatrices() {
    assertEquals(8, CudaPcrKernels.composeTile(1));
    assertEquals(16, CudaPcrKernels.composeTile(12));
    assertEquals(8, CudaPcrKernels.composeTile(33));
    assertEquals(16, CudaPcrKernels.composeTile(15));
    assertEquals(16, CudaPcrKernels.composeTile(260));
  }

  @Test
  void maxAbsDifferenceAcrossBlocksAndItsNonFiniteRules() {
    int n = 256 * 70 + 13; // more blocks than the grid-stride grid holds, and a partial last block
    SplittableRandom r = new SplittableRandom(9);
    float[] x = uniform(r, n, -1, 1);
    float[] y = uniform(r, n, -1, 1);
    double expected = 0;
    for (int i = 0; i < n; i++) {
      expected = Math.max(expected, Math.abs(x[i] - y[i]));
    }
    assertEquals(expected, maxAbs(x, y, n));
    assertEquals(0.0, maxAbs(x, x, n));
    assertEquals(Math.abs(x[0] - y[0]), maxAbs(x, y, 1));
    float[] big = x.clone();
    big[n - 1] = Float.MAX_VALUE;
    float[] small = y.clone();
    small[n - 1] = -Float.MAX_VALUE;
    assertEquals(Double.POSITIVE_INFINITY, maxAbs(big, small, n), "finite data whose difference overflows");
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] poisoned = x.clone();
      poisoned[n / 2] = bad;
      assertTrue(Double.isNaN(maxAbs(poisoned, y, n)), "x holds " + bad);
      assertTrue(Double.isNaN(maxAbs(y, poisoned, n)), "y holds " + bad);
    }
  }

  private static double maxAbs(float[] x, float[] y, int n) {
    try (Buffer bx = cuda.bindArray(x); Buffer by = cuda.bindArray(y)) {
      return cuda.pcr().maxAbsDifference(bx, by, n);
    }
  }
}
