package io.jkernels.pcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@link Pcr} on every CPU backend: the exception names the argument and the expected shape, nothing
 * is written to the caller's arrays, and the context stays usable.
 */
class PcrArgumentsTest {
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

  private static void assertNames(IllegalArgumentException e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "message '" + e.getMessage() + "' does not mention " + w);
    }
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void tridiagonalShapeMismatchNamesTheArgument(Pcr pcr) {
    float[] ok = filled(6, 1);
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveTridiagonal(ok, ok, new float[5], ok, 3, 2)), "upper", "size×batch", "6");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveTridiagonal(ok, ok, ok, new float[7], 3, 2)), "rhs");
    assertNames(assertThrows(IllegalArgumentException.class, () -> pcr.solveTridiagonal(ok, ok, ok, ok, 0, 2)),
        "size");
    assertNames(assertThrows(IllegalArgumentException.class, () -> pcr.solveTridiagonal(ok, ok, ok, ok, 3, -1)),
        "batch");
    assertThrows(NullPointerException.class, () -> pcr.solveTridiagonal(null, ok, ok, ok, 3, 2));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void singularNonDominantSystemIsNamedAndInputsAreUntouched(Pcr pcr) {
    int n = 4;
    // system 0: dominant; system 1: upper bidiagonal with a zero on the diagonal (non-dominant and singular)
    float[] lower = {0, 1, 1, 1, 0, 0, 0, 0};
    float[] diag = {4, 4, 4, 4, 1, 0, 1, 1};
    float[] upper = {1, 1, 1, 0, 1, 1, 1, 0};
    float[] rhs = {1, 2, 3, 4, 5, 6, 7, 8};
    float[][] copies = {lower.clone(), diag.clone(), upper.clone(), rhs.clone()};
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> pcr.solveTridiagonal(lower, diag, upper, rhs, n, 2));
    assertTrue(e.getMessage().contains("system 1 "), e.getMessage());
    assertArrayEquals(copies[0], lower);
    assertArrayEquals(copies[1], diag);
    assertArrayEquals(copies[2], upper);
    assertArrayEquals(copies[3], rhs);
    // the context is still usable, and a solve does not touch its inputs either
    float[] fixed = copies[1].clone();
    fixed[5] = 3; // now regular
    float[] x = pcr.solveTridiagonal(lower, fixed, upper, rhs, n, 2);
    assertEquals(8, x.length);
    // system 1 is upper bidiagonal: x = (8/3, 7/3, −1, 8)
    assertArrayEquals(new float[] {8f / 3, 7f / 3, -1, 8}, java.util.Arrays.copyOfRange(x, 4, 8), 1e-5f);
    assertArrayEquals(copies[3], rhs);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void nanInATridiagonalSystemYieldsNanForItOnly(Pcr pcr) {
    float[] lower = filled(6, 1);
    float[] diag = filled(6, 4);
    float[] upper = filled(6, 1);
    float[] rhs = filled(6, 1);
    rhs[4] = Float.NaN;
    float[] x = pcr.solveTridiagonal(lower, diag, upper, rhs, 3, 2);
    for (int i = 0; i < 3; i++) {
      assertTrue(Float.isFinite(x[i]));
      assertTrue(Float.isNaN(x[3 + i]));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void recurrenceShapesNameTheArgument(Pcr pcr) {
    float[] six = new float[6];
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveDiagonalRecurrence(six, new float[5], new float[2], 3, 2)), "b", "steps×width");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveDiagonalRecurrence(six, six, new float[3], 3, 2)), "x0", "width");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveDenseRecurrence(six, six, new float[2], 3, 2)), "a", "steps×width×width", "12");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveDenseRecurrenceAdjoint(new float[12], new float[5], 3, 2)), "g");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.solveDiagonalRecurrenceAdjoint(six, six, 0, 2)), "steps");
  }

  private static Mlp mlp(int layers, int width) {
    float[] w = new float[layers * width * width];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.1f * ((i * 7) % 5 - 2);
    }
    return Mlp.of(Activation.TANH, layers, width, w, new float[layers * width]);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void mlpArgumentsAreChecked(Pcr pcr) {
    Mlp mlp = mlp(3, 2);
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.deepPcrForward(mlp, new float[3], 2, NewtonOptions.defaults())), "inputs", "batch×width", "4");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.sequentialForward(mlp, new float[]{0, Float.NaN, 0, 0}, 2)), "inputs[1]", "NaN");
    assertNames(assertThrows(IllegalArgumentException.class, () -> pcr.sequentialForward(mlp, new float[0], 0)),
        "batch");
    float[] in = {0.1f, 0.2f, 0.3f, 0.4f};
    float[] states = pcr.sequentialForward(mlp, in, 2);
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.deepPcrBackward(mlp, in, new float[11], new float[4], 2)), "states", "layers×batch×width", "12");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.sequentialBackward(mlp, in, states, new float[5], 2)), "outputGradient", "batch×width");
    float[] badGradient = {0, 0, Float.POSITIVE_INFINITY, 0};
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.deepPcrBackward(mlp, in, states, badGradient, 2)), "outputGradient[2]");
    assertThrows(NullPointerException.class, () -> pcr.deepPcrForward(mlp, in, 2, null));
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.of(Activation.RELU, 2, 2, new float[7], new float[4])), "weights", "8");
    assertNames(assertThrows(IllegalArgumentException.class, () -> new NewtonOptions(Double.NaN, 3)), "tolerance");
  }

  static Stream<KernelContext> contexts() {
    return VECTOR == null ? Stream.of(SCALAR) : Stream.of(SCALAR, VECTOR);
  }

  @ParameterizedTest(autoCloseArguments = false) // the contexts are shared; @AfterAll closes them
  @MethodSource("contexts")
  void residentFormsMatchTheArrayFormsAndLeaveXOnFailure(KernelContext ctx) {
    Pcr pcr = ctx.pcr();
    float[] lower = {0, 1, 1, 1, 0, 0, 0, 0};
    float[] diag = {4, 4, 4, 4, 1, 0, 1, 1};
    float[] upper = {1, 1, 1, 0, 1, 1, 1, 0};
    float[] rhs = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] sentinel = filled(8, 42);
    try (FloatArray l = ctx.upload(lower);
        FloatArray d = ctx.upload(diag);
        FloatArray u = ctx.upload(upper);
        FloatArray r = ctx.upload(rhs);
        FloatArray x = ctx.upload(sentinel);
        FloatArray shortX = ctx.allocate(7)) {
      assertThrows(ArithmeticException.class, () -> pcr.solveTridiagonal(l, d, u, r, x, 4, 2));
      assertArrayEquals(sentinel, x.toArray(), "x untouched after a singular system");
      assertNames(assertThrows(IllegalArgumentException.class, () -> pcr.solveTridiagonal(l, d, u, r, shortX, 4, 2)),
          "x", "size×batch", "8");
      assertNames(assertThrows(IllegalArgumentException.class, () -> pcr.solveTridiagonal(l, d, u, r, r, 4, 2)),
          "x", "different");
      diag[5] = 3;
      d.copyFrom(diag);
      pcr.solveTridiagonal(l, d, u, r, x, 4, 2);
      assertArrayEquals(pcr.solveTridiagonal(lower, diag, upper, rhs, 4, 2), x.toArray());
      // a diagonal recurrence of 4 steps × width 2 over the same data
      try (FloatArray x0 = ctx.upload(new float[] {1, -1}); FloatArray y = ctx.allocate(8)) {
        pcr.solveDiagonalRecurrence(d, r, x0, y, 4, 2);
        assertArrayEquals(pcr.solveDiagonalRecurrence(diag, rhs, new float[] {1, -1}, 4, 2), y.toArray());
        pcr.solveDiagonalRecurrenceAdjoint(d, r, y, 4, 2);
        assertArrayEquals(pcr.solveDiagonalRecurrenceAdjoint(diag, rhs, 4, 2), y.toArray());
      }
      float[] b = {0.5f, 1, -2, 3};
      try (FloatArray x0 = ctx.upload(new float[] {1, -1});
          FloatArray bb = ctx.upload(b);
          FloatArray y = ctx.allocate(4)) {
        pcr.solveDenseRecurrence(d, bb, x0, y, 2, 2);
        assertArrayEquals(pcr.solveDenseRecurrence(diag, b, new float[] {1, -1}, 2, 2), y.toArray());
        pcr.solveDenseRecurrenceAdjoint(d, bb, y, 2, 2);
        assertArrayEquals(pcr.solveDenseRecurrenceAdjoint(diag, b, 2, 2), y.toArray());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void newtonReportsAnIterationCapHonestly(Pcr pcr) {
    // 40 layers of an expanding tanh net cannot converge in one Newton step from zero states
    int layers = 40;
    int width = 4;
    float[] w = new float[layers * width * width];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i * 1.7) * 2.5f;
    }
    Mlp mlp = Mlp.of(Activation.TANH, layers, width, w, new float[layers * width]);
    float[] in = {0.5f, -0.25f, 0.125f, 1};
    DeepPcrResult r = pcr.deepPcrForward(mlp, in, 1, new NewtonOptions(1e-6, 1));
    assertFalse(r.converged());
    assertEquals(1, r.iterations());
    assertTrue(r.residual() > 1e-6);
    DeepPcrResult full = pcr.deepPcrForward(mlp, in, 1, new NewtonOptions(1e-6, layers + 5));
    assertTrue(full.converged(), "Newton is exact after at most L steps");
    assertTrue(full.iterations() <= layers);
  }
}
