package io.jkernels.internal;

import static io.jkernels.internal.Arguments.arrayProduct;
import static io.jkernels.internal.Arguments.finite;
import static io.jkernels.internal.Arguments.length;
import static io.jkernels.internal.Arguments.nonNegative;
import static io.jkernels.internal.Arguments.positive;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.internal.pcr.DeepPcrSolver.Precision;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.Pcr64Kernels;
import io.jkernels.pcr.DeepPcrResult64;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients64;
import io.jkernels.pcr.NewtonOptions;
import java.util.Objects;

/**
 * The float64 twins of {@link io.jkernels.pcr.Pcr}'s solves and recurrences on a backend context: the same checks
 * as {@link BackendPcr} (every argument named with its expected shape, all before any output is written), then the
 * {@link Families#PCR64} kernels on double[] arrays bound to the backend ({@code KernelBackend.bindArray(double[])}).
 * The MLP twins run the backend-independent {@link DeepPcrSolver} in {@link Precision#FLOAT64} on the Mlp's float64
 * parameters. {@link BackendPcr} delegates its double[] overloads here.
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
    Arguments.distinct(out, "out", "the inputs (no in-place solve)", (Object[]) inputs);
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

  // ---- MLP -------------------------------------------------------------------------------------------------------

  DeepPcrResult64 deepPcrForward(Mlp mlp, double[] inputs, int batch, NewtonOptions options) {
    Objects.requireNonNull(options, "options");
    long n = mlpShape(mlp, inputs, batch);
    double[] states = new double[(int) n];
    KernelBackend kb = context.kernels();
    DeepPcrSolver.Outcome o;
    try (BoundMlp p = new BoundMlp(kb, mlp, true);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      o = DeepPcrSolver.forward(kb, Precision.FLOAT64, p.network, in, out, batch, options.tolerance(),
          options.maxIterations());
      kb.readBack(out, states);
    }
    return new DeepPcrResult64(states, o.iterations(), o.residual(), o.converged(), o.nonFinite());
  }

  double[] sequentialForward(Mlp mlp, double[] inputs, int batch) {
    double[] states = new double[(int) mlpShape(mlp, inputs, batch)];
    sequentialForwardInto(mlp, inputs, batch, states);
    return states;
  }

  void sequentialForward(Mlp mlp, double[] inputs, int batch, double[] out) {
    long n = mlpShape(mlp, inputs, batch);
    output(out, n, "layers×batch×width = " + mlp.layers() + "×" + batch + "×" + mlp.width(), inputs);
    sequentialForwardInto(mlp, inputs, batch, out);
  }

  private void sequentialForwardInto(Mlp mlp, double[] inputs, int batch, double[] states) {
    KernelBackend kb = context.kernels();
    try (BoundMlp p = new BoundMlp(kb, mlp, true);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      kernels(kb).mlpForward(p.network.activation(), p.network.weights(), p.network.biases(), in, out,
          mlp.layers(), batch, mlp.width(), mlp.isResidual());
      kb.readBack(out, states);
    }
  }

  MlpGradients64 backward(Mlp mlp, double[] inputs, double[] states, double[] outputGradient, int batch,
      boolean adjointSolve) {
    long n = mlpShape(mlp, inputs, batch);
    int width = mlp.width();
    length(states, "states", n, "layers×batch×width = " + mlp.layers() + "×" + batch + "×" + width);
    finite(states, "states");
    length(outputGradient, "outputGradient", (long) batch * width, "batch×width = " + batch + "×" + width);
    finite(outputGradient, "outputGradient");
    double[] dInputs = new double[batch * width];
    double[] dWeights = new double[mlp.layers() * width * width];
    double[] dBiases = new double[mlp.layers() * width];
    KernelBackend kb = context.kernels();
    try (BoundMlp p = new BoundMlp(kb, mlp, true);
        Buffer in = kb.bindArray(inputs);
        Buffer st = kb.bindArray(states);
        Buffer g = kb.bindArray(outputGradient);
        Buffer di = kb.bindArray(dInputs);
        Buffer dw = kb.bindArray(dWeights);
        Buffer db = kb.bindArray(dBiases)) {
      if (adjointSolve) {
        DeepPcrSolver.backward(kb, Precision.FLOAT64, p.network, in, st, g, batch, di, dw, db);
      } else {
        DeepPcrSolver.sequentialBackward(kb, Precision.FLOAT64, p.network, in, st, g, batch, di, dw, db);
      }
      kb.readBack(di, dInputs);
      kb.readBack(dw, dWeights);
      kb.readBack(db, dBiases);
    }
    return new MlpGradients64(dInputs, dWeights, dBiases);
  }

  /** Checks the MLP call's common arguments (as BackendPcr's float32 check); returns layers×batch×width. */
  private static long mlpShape(Mlp mlp, double[] inputs, int batch) {
    Objects.requireNonNull(mlp, "mlp");
    positive(batch, "batch");
    long n = arrayProduct("layers×batch×width", arrayProduct("layers×batch", mlp.layers(), batch), mlp.width());
    arrayProduct("layers×width×width", (long) mlp.layers() * mlp.width(), mlp.width());
    length(inputs, "inputs", (long) batch * mlp.width(), "batch×width = " + batch + "×" + mlp.width());
    finite(inputs, "inputs");
    return n;
  }
}
