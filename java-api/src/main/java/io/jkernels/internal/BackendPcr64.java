package io.jkernels.internal;

import static io.jkernels.internal.Arguments.arrayProduct;
import static io.jkernels.internal.Arguments.length;
import static io.jkernels.internal.Arguments.nonNegative;
import static io.jkernels.internal.Arguments.positive;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.Pcr64Kernels;

/**
 * The float64 twins of {@link io.jkernels.pcr.Pcr}'s solves and recurrences on a backend context: the same checks
 * as {@link BackendPcr} (every argument named with its expected shape, all before any output is written), then the
 * {@link Families#PCR64} kernels on double[] arrays bound to the backend ({@code KernelBackend.bindArray(double[])}).
 * {@link BackendPcr} delegates its double[] overloads here.
 */
final class BackendPcr64 {
  private final BackendContext context;

  BackendPcr64(BackendContext context) {
    this.context = context;
  }

  // ---- tridiagonal -----------------------------------------------------------------------------------------------

  double[] solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch) {
    double[] x = new double[(int) tridiagonalShape(lower, diag, upper, rhs, size, batch)];
    tridiagonal(lower, diag, upper, rhs, size, batch, x);
    return x;
  }

  void solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch,
      double[] out) {
    long n = tridiagonalShape(lower, diag, upper, rhs, size, batch);
    output(out, n, "size×batch = " + size + "×" + batch, lower, diag, upper, rhs);
    tridiagonal(lower, diag, upper, rhs, size, batch, out);
  }

  private static long tridiagonalShape(double[] lower, double[] diag, double[] upper, double[] rhs, int size,
      int batch) {
    positive(size, "size");
    nonNegative(batch, "batch");
    long n = arrayProduct("size×batch", size, batch);
    String shape = "size×batch = " + size + "×" + batch;
    length(lower, "lower", n, shape);
    length(diag, "diag", n, shape);
    length(upper, "upper", n, shape);
    length(rhs, "rhs", n, shape);
    return n;
  }

  private void tridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch,
      double[] x) {
    if (x.length == 0) {
      return;
    }
    KernelBackend kb = context.kernels();
    long singular;
    try (Buffer l = kb.bindArray(lower);
        Buffer d = kb.bindArray(diag);
        Buffer u = kb.bindArray(upper);
        Buffer r = kb.bindArray(rhs);
        Buffer out = kb.bindArray(x)) {
      singular = kernels(kb).solveTridiagonal(l, d, u, r, out, size, batch);
      if (singular < 0) {
        kb.readBack(out, x);
      }
    }
    if (singular >= 0) {
      throw new ArithmeticException("tridiagonal system " + singular + " (of batch " + batch + ", size " + size
          + ") is singular (a zero pivot in LU with partial pivoting, or a solution beyond float64 range)");
    }
  }

  // ---- recurrences -----------------------------------------------------------------------------------------------

  double[] solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    double[] x = new double[(int) recurrenceShape(a, b, x0, steps, width, false)];
    recurrence(a, b, x0, x, (k, ab, bb, x0b, out) -> k.diagonalRecurrence(ab, bb, x0b, out, steps, width));
    return x;
  }

  void solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out) {
    output(out, recurrenceShape(a, b, x0, steps, width, false), stepsShape(steps, width), a, b, x0);
    recurrence(a, b, x0, out, (k, ab, bb, x0b, x) -> k.diagonalRecurrence(ab, bb, x0b, x, steps, width));
  }

  double[] solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    double[] x = new double[(int) recurrenceShape(a, b, x0, steps, width, true)];
    recurrence(a, b, x0, x, (k, ab, bb, x0b, out) -> k.denseRecurrence(ab, bb, x0b, out, steps, 1, width));
    return x;
  }

  void solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out) {
    output(out, recurrenceShape(a, b, x0, steps, width, true), stepsShape(steps, width), a, b, x0);
    recurrence(a, b, x0, out, (k, ab, bb, x0b, x) -> k.denseRecurrence(ab, bb, x0b, x, steps, 1, width));
  }

  double[] solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    double[] y = new double[(int) adjointShape(a, g, steps, width, false)];
    adjoint(a, g, y, (k, ab, gb, out) -> k.diagonalRecurrenceAdjoint(ab, gb, out, steps, width));
    return y;
  }

  void solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out) {
    output(out, adjointShape(a, g, steps, width, false), stepsShape(steps, width), a, g);
    adjoint(a, g, out, (k, ab, gb, y) -> k.diagonalRecurrenceAdjoint(ab, gb, y, steps, width));
  }

  double[] solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    double[] y = new double[(int) adjointShape(a, g, steps, width, true)];
    adjoint(a, g, y, (k, ab, gb, out) -> k.denseRecurrenceAdjoint(ab, gb, out, steps, 1, width));
    return y;
  }

  void solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out) {
    output(out, adjointShape(a, g, steps, width, true), stepsShape(steps, width), a, g);
    adjoint(a, g, out, (k, ab, gb, y) -> k.denseRecurrenceAdjoint(ab, gb, y, steps, 1, width));
  }

  private static String stepsShape(int steps, int width) {
    return "steps×width = " + steps + "×" + width;
  }

  /** Checks a forward recurrence's arrays (a: steps×width, or steps×width×width when dense); returns steps×width. */
  private static long recurrenceShape(double[] a, double[] b, double[] x0, int steps, int width, boolean dense) {
    long n = stepsProduct(steps, width);
    coefficients(a, n, steps, width, dense);
    length(b, "b", n, stepsShape(steps, width));
    length(x0, "x0", width, "width = " + width);
    return n;
  }

  private static long adjointShape(double[] a, double[] g, int steps, int width, boolean dense) {
    long n = stepsProduct(steps, width);
    coefficients(a, n, steps, width, dense);
    length(g, "g", n, stepsShape(steps, width));
    return n;
  }

  private static void coefficients(double[] a, long n, int steps, int width, boolean dense) {
    if (dense) {
      length(a, "a", arrayProduct("steps×width×width", n, width),
          "steps×width×width = " + steps + "×" + width + "×" + width);
    } else {
      length(a, "a", n, stepsShape(steps, width));
    }
  }

  private static long stepsProduct(int steps, int width) {
    positive(steps, "steps");
    positive(width, "width");
    return arrayProduct("steps×width", steps, width);
  }

  /** A caller's output array: of {@code n} doubles and none of the inputs (kernels read inputs after writing). */
  private static void output(double[] out, long n, String shape, double[]... inputs) {
    length(out, "out", n, shape);
    for (double[] in : inputs) {
      if (in == out) {
        throw new IllegalArgumentException("out must be a different array from the inputs (no in-place solve)");
      }
    }
  }

  private interface RecurrenceKernel {
    void run(Pcr64Kernels kernels, Buffer a, Buffer b, Buffer x0, Buffer x);
  }

  private interface AdjointKernel {
    void run(Pcr64Kernels kernels, Buffer a, Buffer g, Buffer y);
  }

  private void recurrence(double[] a, double[] b, double[] x0, double[] x, RecurrenceKernel kernel) {
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer bb = kb.bindArray(b);
        Buffer x0b = kb.bindArray(x0);
        Buffer out = kb.bindArray(x)) {
      kernel.run(kernels(kb), ab, bb, x0b, out);
      kb.readBack(out, x);
    }
  }

  private void adjoint(double[] a, double[] g, double[] y, AdjointKernel kernel) {
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer gb = kb.bindArray(g);
        Buffer out = kb.bindArray(y)) {
      kernel.run(kernels(kb), ab, gb, out);
      kb.readBack(out, y);
    }
  }

  private static Pcr64Kernels kernels(KernelBackend kb) {
    return kb.kernels(Families.PCR64);
  }
}
