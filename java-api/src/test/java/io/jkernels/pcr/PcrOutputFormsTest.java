package io.jkernels.pcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BLAS-style forms that write into a caller's array (DESIGN.md §2): the same bits as the allocating forms (the
 * same kernel runs), out of the wrong length, null or aliasing an input is refused naming {@code out}, and a refused
 * call leaves out as it was. (The numbers themselves are the conformance suite's job, against the references.)
 */
class PcrOutputFormsTest {
  private static final KernelContext SCALAR = Kernels.open(Backend.SCALAR);
  private static final KernelContext VECTOR =
      Kernels.available().contains(Backend.VECTOR) ? Kernels.open(Backend.VECTOR) : null;

  static Stream<Pcr> backends() {
    return VECTOR == null ? Stream.of(SCALAR.pcr()) : Stream.of(SCALAR.pcr(), VECTOR.pcr());
  }

  @AfterAll
  static void close() {
    SCALAR.close();
    if (VECTOR != null) {
      VECTOR.close();
    }
  }

  private static float[] random(SplittableRandom r, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextDouble(lo, hi);
    }
    return v;
  }

  /** Starts from garbage, so a form that skipped an element would show it. */
  private static float[] garbage(int n) {
    float[] v = new float[n];
    Arrays.fill(v, Float.NaN);
    return v;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void outputFormsGiveTheAllocatingFormsBits(Pcr pcr) {
    SplittableRandom r = new SplittableRandom(11);
    int size = 13;
    int batch = 19;
    int n = size * batch;
    float[] l = random(r, n, -1, 1);
    float[] u = random(r, n, -1, 1);
    float[] d = random(r, n, 2.5, 3.5);
    float[] rhs = random(r, n, -1, 1);
    float[] out = garbage(n);
    pcr.solveTridiagonal(l, d, u, rhs, size, batch, out);
    assertArrayEquals(pcr.solveTridiagonal(l, d, u, rhs, size, batch), out, "tridiagonal");

    int steps = 7;
    int width = 17;
    int m = steps * width;
    float[] a = random(r, m, -0.9, 0.9);
    float[] b = random(r, m, -1, 1);
    float[] x0 = random(r, width, -1, 1);
    float[] dense = random(r, m * width, -0.9 / width, 0.9 / width);
    out = garbage(m);
    pcr.solveDiagonalRecurrence(a, b, x0, steps, width, out);
    assertArrayEquals(pcr.solveDiagonalRecurrence(a, b, x0, steps, width), out, "diagonal recurrence");
    out = garbage(m);
    pcr.solveDiagonalRecurrenceAdjoint(a, b, steps, width, out);
    assertArrayEquals(pcr.solveDiagonalRecurrenceAdjoint(a, b, steps, width), out, "diagonal adjoint");
    out = garbage(m);
    pcr.solveDenseRecurrence(dense, b, x0, steps, width, out);
    assertArrayEquals(pcr.solveDenseRecurrence(dense, b, x0, steps, width), out, "dense recurrence");
    out = garbage(m);
    pcr.solveDenseRecurrenceAdjoint(dense, b, steps, width, out);
    assertArrayEquals(pcr.solveDenseRecurrenceAdjoint(dense, b, steps, width), out, "dense adjoint");

    Mlp mlp = Mlp.of(Activation.TANH, 3, 5, random(r, 3 * 5 * 5, -0.5, 0.5), random(r, 3 * 5, -0.5, 0.5));
    float[] inputs = random(r, 4 * 5, -1, 1);
    out = garbage(3 * 4 * 5);
    pcr.sequentialForward(mlp, inputs, 4, out);
    assertArrayEquals(pcr.sequentialForward(mlp, inputs, 4), out, "sequential forward");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void badOutputIsRefusedNamingOutAndLeftAsItWas(Pcr pcr) {
    float[] ok = new float[6];
    Arrays.fill(ok, 3);
    float[] small = garbage(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pcr.solveTridiagonal(ok, ok, ok, ok, 3, 2, small));
    assertTrue(e.getMessage().contains("out") && e.getMessage().contains("6"), e.getMessage());
    assertTrue(Float.isNaN(small[0]), "out untouched");
    assertThrows(IllegalArgumentException.class, () -> pcr.solveTridiagonal(ok, ok, ok, ok, 3, 2, ok));
    assertEquals("out", assertThrows(NullPointerException.class,
        () -> pcr.solveDiagonalRecurrence(ok, ok, new float[3], 2, 3, null)).getMessage());
    float[] a = ok.clone();
    e = assertThrows(IllegalArgumentException.class, () -> pcr.solveDiagonalRecurrence(a, ok, new float[3], 2, 3, a));
    assertTrue(e.getMessage().contains("out"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pcr.solveDenseRecurrenceAdjoint(new float[18], ok, 2, 3, ok));
    float[] wrong = garbage(7);
    assertThrows(IllegalArgumentException.class, () -> pcr.solveDiagonalRecurrenceAdjoint(ok, ok, 2, 3, wrong));
    assertTrue(Float.isNaN(wrong[6]), "out untouched");
    // the context stays usable
    float[] x = new float[6];
    pcr.solveDiagonalRecurrence(ok, ok, new float[3], 2, 3, x);
    assertEquals(3f * 3f + 3f, x[3]);
  }
}
