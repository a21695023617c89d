package io.jkernels.internal;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Objects;

/**
 * {@link Pcr} on a backend context: checks every argument (naming it and the expected shape) before any kernel
 * runs, binds the arrays to the backend, calls {@link io.jkernels.kernels.pcr.PcrKernels} (or the backend-independent
 * {@link DeepPcrSolver}), and copies the results out.
 */
final class BackendPcr implements Pcr {
  private final BackendContext context;

  BackendPcr(BackendContext context) {
    this.context = context;
  }

  // ---- tridiagonal and recurrences -----------------------------------------------------------------------------

  @Override
  public float[] solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch) {
    positive(size, "size");
    nonNegative(batch, "batch");
    long n = checkedProduct("size×batch", size, batch);
    length(lower, "lower", n, "size×batch = " + size + "×" + batch);
    length(diag, "diag", n, "size×batch = " + size + "×" + batch);
    length(upper, "upper", n, "size×batch = " + size + "×" + batch);
    length(rhs, "rhs", n, "size×batch = " + size + "×" + batch);
    float[] x = new float[(int) n];
    if (n == 0) {
      return x;
    }
    KernelBackend kb = context.kernels();
    long singular;
    try (Buffer l = kb.bindArray(lower);
        Buffer d = kb.bindArray(diag);
        Buffer u = kb.bindArray(upper);
        Buffer r = kb.bindArray(rhs);
        Buffer out = kb.bindArray(x)) {
      singular = kb.pcr().solveTridiagonal(l, d, u, r, out, size, batch);
      if (singular < 0) {
        kb.readBack(out, x);
      }
    }
    if (singular >= 0) {
      throw new ArithmeticException("tridiagonal system " + singular + " (of batch " + batch + ", size " + size
          + ") is singular (a zero pivot in LU with partial pivoting, or a solution beyond float32 range)");
    }
    return x;
  }

  @Override
  public float[] solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", n, "steps×width = " + steps + "×" + width);
    length(b, "b", n, "steps×width = " + steps + "×" + width);
    length(x0, "x0", width, "width = " + width);
    float[] x = new float[(int) n];
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer bb = kb.bindArray(b);
        Buffer x0b = kb.bindArray(x0);
        Buffer out = kb.bindArray(x)) {
      kb.pcr().diagonalRecurrence(ab, bb, x0b, out, steps, width);
      kb.readBack(out, x);
    }
    return x;
  }

  @Override
  public float[] solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", checkedProduct("steps×width×width", n, width),
        "steps×width×width = " + steps + "×" + width + "×" + width);
    length(b, "b", n, "steps×width = " + steps + "×" + width);
    length(x0, "x0", width, "width = " + width);
    float[] x = new float[(int) n];
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer bb = kb.bindArray(b);
        Buffer x0b = kb.bindArray(x0);
        Buffer out = kb.bindArray(x)) {
      kb.pcr().denseRecurrence(ab, bb, x0b, out, steps, 1, width);
      kb.readBack(out, x);
    }
    return x;
  }

  @Override
  public float[] solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", n, "steps×width = " + steps + "×" + width);
    length(g, "g", n, "steps×width = " + steps + "×" + width);
    float[] y = new float[(int) n];
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer gb = kb.bindArray(g);
        Buffer out = kb.bindArray(y)) {
      kb.pcr().diagonalRecurrenceAdjoint(ab, gb, out, steps, width);
      kb.readBack(out, y);
    }
    return y;
  }

  @Override
  public float[] solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", checkedProduct("steps×width×width", n, width),
        "steps×width×width = " + steps + "×" + width + "×" + width);
    length(g, "g", n, "steps×width = " + steps + "×" + width);
    float[] y = new float[(int) n];
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer gb = kb.bindArray(g);
        Buffer out = kb.bindArray(y)) {
      kb.pcr().denseRecurrenceAdjoint(ab, gb, out, steps, 1, width);
      kb.readBack(out, y);
    }
    return y;
  }

  // ---- MLP -------------------------------------------------------------------------------------------------------

  @Override
  public DeepPcrResult deepPcrForward(Mlp mlp, float[] inputs, int batch, NewtonOptions options) {
    Objects.requireNonNull(options, "options");
    long n = mlpShape(mlp, inputs, batch);
    float[] states = new float[(int) n];
    KernelBackend kb = context.kernels();
    DeepPcrSolver.Outcome o;
    try (Parameters p = new Parameters(kb, mlp);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      o = DeepPcrSolver.forward(kb, p.network, in, out, batch, options.tolerance(), options.maxIterations());
      kb.readBack(out, states);
    }
    return new DeepPcrResult(states, o.iterations(), o.residual(), o.converged(), o.nonFinite());
  }

  @Override
  public float[] sequentialForward(Mlp mlp, float[] inputs, int batch) {
    long n = mlpShape(mlp, inputs, batch);
    float[] states = new float[(int) n];
    KernelBackend kb = context.kernels();
    try (Parameters p = new Parameters(kb, mlp);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      kb.pcr().mlpForward(p.network.activation(), p.network.weights(), p.network.biases(), in, out, mlp.layers(),
          batch, mlp.width());
      kb.readBack(out, states);
    }
    return states;
  }

  @Override
  public MlpGradients deepPcrBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch) {
    return backward(mlp, inputs, states, outputGradient, batch, true);
  }

  @Override
  public MlpGradients sequentialBackward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient,
      int batch) {
    return backward(mlp, inputs, states, outputGradient, batch, false);
  }

  private MlpGradients backward(Mlp mlp, float[] inputs, float[] states, float[] outputGradient, int batch,
      boolean adjointSolve) {
    long n = mlpShape(mlp, inputs, batch);
    int width = mlp.width();
    String stateShape = "layers×batch×width = " + mlp.layers() + "×" + batch + "×" + width;
    length(states, "states", n, stateShape);
    finite(states, "states");
    length(outputGradient, "outputGradient", (long) batch * width, "batch×width = " + batch + "×" + width);
    finite(outputGradient, "outputGradient");
    float[] dInputs = new float[batch * width];
    float[] dWeights = new float[mlp.layers() * width * width];
    float[] dBiases = new float[mlp.layers() * width];
    KernelBackend kb = context.kernels();
    try (Parameters p = new Parameters(kb, mlp);
        Buffer in = kb.bindArray(inputs);
        Buffer st = kb.bindArray(states);
        Buffer g = kb.bindArray(outputGradient);
        Buffer di = kb.bindArray(dInputs);
        Buffer dw = kb.bindArray(dWeights);
        Buffer db = kb.bindArray(dBiases)) {
      if (adjointSolve) {
        DeepPcrSolver.backward(kb, p.network, in, st, g, batch, di, dw, db);
      } else {
        DeepPcrSolver.sequentialBackward(kb, p.network, in, st, g, batch, di, dw, db);
      }
      kb.readBack(di, dInputs);
      kb.readBack(dw, dWeights);
      kb.readBack(db, dBiases);
    }
    return new MlpGradients(dInputs, dWeights, dBiases);
  }

  /** The MLP's weights and biases bound to the backend for one call. */
  private static final class Parameters implements AutoCloseable {
    final DeepPcrSolver.Network network;

    Parameters(KernelBackend kb, Mlp mlp) {
      Buffer w = kb.bindArray(mlp.weights());
      Buffer c;
      try {
        c = kb.bindArray(mlp.biases());
      } catch (RuntimeException e) {
        w.close();
        throw e;
      }
      network = new DeepPcrSolver.Network(ActivationKind.valueOf(mlp.activation().name()), w, c, mlp.layers(),
          mlp.width());
    }

    @Override
    public void close() {
      network.weights().close();
      network.biases().close();
    }
  }

  // ---- argument checks -----------------------------------------------------------------------------------------

  /** Checks the MLP call's common arguments; returns layers×batch×width. */
  private static long mlpShape(Mlp mlp, float[] inputs, int batch) {
    Objects.requireNonNull(mlp, "mlp");
    positive(batch, "batch");
    long n = checkedProduct("layers×batch×width", checkedProduct("layers×batch", mlp.layers(), batch), mlp.width());
    checkedProduct("layers×width×width", (long) mlp.layers() * mlp.width(), mlp.width());
    length(inputs, "inputs", (long) batch * mlp.width(), "batch×width = " + batch + "×" + mlp.width());
    finite(inputs, "inputs");
    return n;
  }

  private static long recurrenceShape(int steps, int width) {
    positive(steps, "steps");
    positive(width, "width");
    return checkedProduct("steps×width", steps, width);
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  private static void nonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  /** a·b, which must fit a Java array. */
  private static long checkedProduct(String what, long a, long b) {
    long p = a * b;
    if (a != 0 && (p / a != b || p > Integer.MAX_VALUE - 8)) {
      throw new IllegalArgumentException(what + " = " + a + "×" + b + " does not fit a Java array");
    }
    return p;
  }

  private static void length(float[] array, String name, long expected, String shape) {
    Objects.requireNonNull(array, name);
    if (array.length != expected) {
      throw new IllegalArgumentException(name + " has length " + array.length + ", expected " + shape + " = "
          + expected);
    }
  }

  private static void finite(float[] array, String name) {
    for (int i = 0; i < array.length; i++) {
      if (!Float.isFinite(array[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + array[i] + "; must be finite");
      }
    }
  }
}
