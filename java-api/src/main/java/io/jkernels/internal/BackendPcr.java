package io.jkernels.internal;

import static io.jkernels.internal.Arguments.arrayProduct;
import static io.jkernels.internal.Arguments.finite;
import static io.jkernels.internal.Arguments.length;
import static io.jkernels.internal.Arguments.nonNegative;
import static io.jkernels.internal.Arguments.positive;

import io.jkernels.FloatArray;
import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.PcrKernels;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.DeepPcrResult64;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.MlpGradients64;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.NewtonOutcome;
import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.ResidentMlp;
import java.util.Objects;

/**
 * {@link Pcr} on a backend context: checks every argument (naming it and the expected shape) before any kernel
 * runs, binds the arrays to the backend, calls {@link io.jkernels.kernels.pcr.PcrKernels} (or the backend-independent
 * {@link DeepPcrSolver}), and copies the results out.
 */
final class BackendPcr implements Pcr {
  private final BackendContext context;
  private final BackendPcr64 float64;

  BackendPcr(BackendContext context) {
    this.context = context;
    this.float64 = new BackendPcr64(context);
  }

  // ---- tridiagonal and recurrences -----------------------------------------------------------------------------

  @Override
  public float[] solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch) {
    float[] x = new float[(int) tridiagonalShape(lower, diag, upper, rhs, size, batch)];
    tridiagonal(lower, diag, upper, rhs, size, batch, x);
    return x;
  }

  @Override
  public void solveTridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch,
      float[] out) {
    long n = tridiagonalShape(lower, diag, upper, rhs, size, batch);
    output(out, n, "size×batch = " + size + "×" + batch, lower, diag, upper, rhs);
    tridiagonal(lower, diag, upper, rhs, size, batch, out);
  }

  /** Checks the tridiagonal arrays; returns size×batch. */
  private static long tridiagonalShape(float[] lower, float[] diag, float[] upper, float[] rhs, int size,
      int batch) {
    positive(size, "size");
    nonNegative(batch, "batch");
    long n = arrayProduct("size×batch", size, batch);
    length(lower, "lower", n, "size×batch = " + size + "×" + batch);
    length(diag, "diag", n, "size×batch = " + size + "×" + batch);
    length(upper, "upper", n, "size×batch = " + size + "×" + batch);
    length(rhs, "rhs", n, "size×batch = " + size + "×" + batch);
    return n;
  }

  /** Solves the (checked) systems into x. */
  private void tridiagonal(float[] lower, float[] diag, float[] upper, float[] rhs, int size, int batch,
      float[] x) {
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
      singular = kb.pcr().solveTridiagonal(l, d, u, r, out, size, batch);
      if (singular < 0) {
        kb.readBack(out, x);
      }
    }
    if (singular >= 0) {
      throw singular(singular, size, batch);
    }
  }

  @Override
  public float[] solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    float[] x = new float[(int) diagonalShape(a, b, x0, steps, width)];
    recurrence(a, b, x0, x, (k, ab, bb, x0b, out) -> k.diagonalRecurrence(ab, bb, x0b, out, steps, width));
    return x;
  }

  @Override
  public void solveDiagonalRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out) {
    output(out, diagonalShape(a, b, x0, steps, width), "steps×width = " + steps + "×" + width, a, b, x0);
    recurrence(a, b, x0, out, (k, ab, bb, x0b, x) -> k.diagonalRecurrence(ab, bb, x0b, x, steps, width));
  }

  private static long diagonalShape(float[] a, float[] b, float[] x0, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", n, "steps×width = " + steps + "×" + width);
    length(b, "b", n, "steps×width = " + steps + "×" + width);
    length(x0, "x0", width, "width = " + width);
    return n;
  }

  @Override
  public float[] solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width) {
    float[] x = new float[(int) denseShape(a, b, x0, steps, width)];
    recurrence(a, b, x0, x, (k, ab, bb, x0b, out) -> k.denseRecurrence(ab, bb, x0b, out, steps, 1, width));
    return x;
  }

  @Override
  public void solveDenseRecurrence(float[] a, float[] b, float[] x0, int steps, int width, float[] out) {
    output(out, denseShape(a, b, x0, steps, width), "steps×width = " + steps + "×" + width, a, b, x0);
    recurrence(a, b, x0, out, (k, ab, bb, x0b, x) -> k.denseRecurrence(ab, bb, x0b, x, steps, 1, width));
  }

  private static long denseShape(float[] a, float[] b, float[] x0, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", arrayProduct("steps×width×width", n, width),
        "steps×width×width = " + steps + "×" + width + "×" + width);
    length(b, "b", n, "steps×width = " + steps + "×" + width);
    length(x0, "x0", width, "width = " + width);
    return n;
  }

  @Override
  public float[] solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    float[] y = new float[(int) diagonalAdjointShape(a, g, steps, width)];
    adjoint(a, g, y, (k, ab, gb, out) -> k.diagonalRecurrenceAdjoint(ab, gb, out, steps, width));
    return y;
  }

  @Override
  public void solveDiagonalRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out) {
    output(out, diagonalAdjointShape(a, g, steps, width), "steps×width = " + steps + "×" + width, a, g);
    adjoint(a, g, out, (k, ab, gb, y) -> k.diagonalRecurrenceAdjoint(ab, gb, y, steps, width));
  }

  private static long diagonalAdjointShape(float[] a, float[] g, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", n, "steps×width = " + steps + "×" + width);
    length(g, "g", n, "steps×width = " + steps + "×" + width);
    return n;
  }

  @Override
  public float[] solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width) {
    float[] y = new float[(int) denseAdjointShape(a, g, steps, width)];
    adjoint(a, g, y, (k, ab, gb, out) -> k.denseRecurrenceAdjoint(ab, gb, out, steps, 1, width));
    return y;
  }

  @Override
  public void solveDenseRecurrenceAdjoint(float[] a, float[] g, int steps, int width, float[] out) {
    output(out, denseAdjointShape(a, g, steps, width), "steps×width = " + steps + "×" + width, a, g);
    adjoint(a, g, out, (k, ab, gb, y) -> k.denseRecurrenceAdjoint(ab, gb, y, steps, 1, width));
  }

  private static long denseAdjointShape(float[] a, float[] g, int steps, int width) {
    long n = recurrenceShape(steps, width);
    length(a, "a", arrayProduct("steps×width×width", n, width),
        "steps×width×width = " + steps + "×" + width + "×" + width);
    length(g, "g", n, "steps×width = " + steps + "×" + width);
    return n;
  }

  /**
   * A caller's output array: of {@code n} floats and none of the inputs (the kernels read inputs after writing
   * outputs).
   */
  private static void output(float[] out, long n, String shape, float[]... inputs) {
    length(out, "out", n, shape);
    Arguments.distinct(out, "out", "the inputs (no in-place solve)", (Object[]) inputs);
  }

  /** A recurrence kernel {@code x_l = f(a_l, x_{l−1}) + b_l} on bound buffers. */
  private interface RecurrenceKernel {
    void run(PcrKernels kernels, Buffer a, Buffer b, Buffer x0, Buffer x);
  }

  /** An adjoint recurrence kernel {@code y_l = f(a_{l+1}, y_{l+1}) + g_l} on bound buffers. */
  private interface AdjointKernel {
    void run(PcrKernels kernels, Buffer a, Buffer g, Buffer y);
  }

  /** Binds the (checked) arrays, runs the kernel into x and reads it back. */
  private void recurrence(float[] a, float[] b, float[] x0, float[] x, RecurrenceKernel kernel) {
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer bb = kb.bindArray(b);
        Buffer x0b = kb.bindArray(x0);
        Buffer out = kb.bindArray(x)) {
      kernel.run(kb.pcr(), ab, bb, x0b, out);
      kb.readBack(out, x);
    }
  }

  /** As {@link #recurrence} for an adjoint kernel. */
  private void adjoint(float[] a, float[] g, float[] y, AdjointKernel kernel) {
    KernelBackend kb = context.kernels();
    try (Buffer ab = kb.bindArray(a);
        Buffer gb = kb.bindArray(g);
        Buffer out = kb.bindArray(y)) {
      kernel.run(kb.pcr(), ab, gb, out);
      kb.readBack(out, y);
    }
  }

  // ---- resident forms ------------------------------------------------------------------------------------------

  @Override
  public void solveTridiagonal(FloatArray lower, FloatArray diag, FloatArray upper, FloatArray rhs, FloatArray x,
      int size, int batch) {
    positive(size, "size");
    nonNegative(batch, "batch");
    long n = (long) size * batch;
    String shape = "size×batch = " + size + "×" + batch;
    Buffer l = context.bufferOf(lower, "lower", n, shape);
    Buffer d = context.bufferOf(diag, "diag", n, shape);
    Buffer u = context.bufferOf(upper, "upper", n, shape);
    Buffer r = context.bufferOf(rhs, "rhs", n, shape);
    Buffer out = context.bufferOf(x, "x", n, shape);
    distinct(x, "x", lower, diag, upper, rhs);
    if (n == 0) {
      return;
    }
    KernelBackend kb = context.kernels();
    long singular;
    // Solve into scratch: a singular system is only found while solving, and x must stay as it was then.
    try (Buffer scratch = kb.allocate(n)) {
      singular = kb.pcr().solveTridiagonal(l, d, u, r, scratch, size, batch);
      if (singular < 0) {
        kb.copy(scratch, 0, out, 0, n);
      }
    }
    if (singular >= 0) {
      throw singular(singular, size, batch);
    }
  }

  @Override
  public void solveDiagonalRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps,
      int width) {
    long n = residentShape(steps, width);
    String shape = "steps×width = " + steps + "×" + width;
    Buffer ab = context.bufferOf(a, "a", n, shape);
    Buffer bb = context.bufferOf(b, "b", n, shape);
    Buffer x0b = context.bufferOf(x0, "x0", width, "width = " + width);
    Buffer out = context.bufferOf(x, "x", n, shape);
    distinct(x, "x", a, b, x0);
    context.kernels().pcr().diagonalRecurrence(ab, bb, x0b, out, steps, width);
  }

  @Override
  public void solveDenseRecurrence(FloatArray a, FloatArray b, FloatArray x0, FloatArray x, int steps, int width) {
    long n = residentShape(steps, width);
    String shape = "steps×width = " + steps + "×" + width;
    Buffer ab = context.bufferOf(a, "a", n * width, "steps×width×width = " + steps + "×" + width + "×" + width);
    Buffer bb = context.bufferOf(b, "b", n, shape);
    Buffer x0b = context.bufferOf(x0, "x0", width, "width = " + width);
    Buffer out = context.bufferOf(x, "x", n, shape);
    distinct(x, "x", a, b, x0);
    context.kernels().pcr().denseRecurrence(ab, bb, x0b, out, steps, 1, width);
  }

  @Override
  public void solveDiagonalRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width) {
    long n = residentShape(steps, width);
    String shape = "steps×width = " + steps + "×" + width;
    Buffer ab = context.bufferOf(a, "a", n, shape);
    Buffer gb = context.bufferOf(g, "g", n, shape);
    Buffer out = context.bufferOf(y, "y", n, shape);
    distinct(y, "y", a, g);
    context.kernels().pcr().diagonalRecurrenceAdjoint(ab, gb, out, steps, width);
  }

  @Override
  public void solveDenseRecurrenceAdjoint(FloatArray a, FloatArray g, FloatArray y, int steps, int width) {
    long n = residentShape(steps, width);
    String shape = "steps×width = " + steps + "×" + width;
    Buffer ab = context.bufferOf(a, "a", n * width, "steps×width×width = " + steps + "×" + width + "×" + width);
    Buffer gb = context.bufferOf(g, "g", n, shape);
    Buffer out = context.bufferOf(y, "y", n, shape);
    distinct(y, "y", a, g);
    context.kernels().pcr().denseRecurrenceAdjoint(ab, gb, out, steps, 1, width);
  }

  /** Outputs must not alias inputs: the kernels read inputs after writing outputs. */
  private static void distinct(FloatArray out, String name, FloatArray... inputs) {
    Arguments.distinct(out, name, "the inputs (no in-place solve)", (Object[]) inputs);
  }

  /** steps, width ≥ 1; their product as a long (resident arrays are not limited to Java array sizes). */
  private static long residentShape(int steps, int width) {
    positive(steps, "steps");
    positive(width, "width");
    return (long) steps * width;
  }

  private static ArithmeticException singular(long system, int size, int batch) {
    return new ArithmeticException("tridiagonal system " + system + " (of batch " + batch + ", size " + size
        + ") is singular (a zero pivot in LU with partial pivoting, or a solution beyond float32 range)");
  }

  // ---- MLP -------------------------------------------------------------------------------------------------------

  @Override
  public DeepPcrResult deepPcrForward(Mlp mlp, float[] inputs, int batch, NewtonOptions options) {
    Objects.requireNonNull(options, "options");
    long n = mlpShape(mlp, inputs, batch);
    float[] states = new float[(int) n];
    KernelBackend kb = context.kernels();
    DeepPcrSolver.Outcome o;
    try (BoundMlp p = new BoundMlp(kb, mlp, false);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      o = DeepPcrSolver.forward(kb, p.network, in, out, batch, options.tolerance(), options.maxIterations());
      kb.readBack(out, states);
    }
    return new DeepPcrResult(states, o.iterations(), o.residual(), o.converged(), o.nonFinite());
  }

  @Override
  public float[] sequentialForward(Mlp mlp, float[] inputs, int batch) {
    float[] states = new float[(int) mlpShape(mlp, inputs, batch)];
    sequentialForwardInto(mlp, inputs, batch, states);
    return states;
  }

  @Override
  public void sequentialForward(Mlp mlp, float[] inputs, int batch, float[] out) {
    long n = mlpShape(mlp, inputs, batch);
    // the network's own arrays are private copies: out cannot be one of them
    output(out, n, "layers×batch×width = " + mlp.layers() + "×" + batch + "×" + mlp.width(), inputs);
    sequentialForwardInto(mlp, inputs, batch, out);
  }

  private void sequentialForwardInto(Mlp mlp, float[] inputs, int batch, float[] states) {
    KernelBackend kb = context.kernels();
    try (BoundMlp p = new BoundMlp(kb, mlp, false);
        Buffer in = kb.bindArray(inputs);
        Buffer out = kb.bindArray(states)) {
      kb.pcr().mlpForward(p.network.activation(), p.network.weights(), p.network.biases(), in, out, mlp.layers(),
          batch, mlp.width(), mlp.isResidual());
      kb.readBack(out, states);
    }
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
    try (BoundMlp p = new BoundMlp(kb, mlp, false);
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

  // ---- argument checks -----------------------------------------------------------------------------------------

  /** Checks the MLP call's common arguments; returns layers×batch×width. */
  private static long mlpShape(Mlp mlp, float[] inputs, int batch) {
    Objects.requireNonNull(mlp, "mlp");
    positive(batch, "batch");
    long n = arrayProduct("layers×batch×width", arrayProduct("layers×batch", mlp.layers(), batch), mlp.width());
    arrayProduct("layers×width×width", (long) mlp.layers() * mlp.width(), mlp.width());
    length(inputs, "inputs", (long) batch * mlp.width(), "batch×width = " + batch + "×" + mlp.width());
    finite(inputs, "inputs");
    return n;
  }

  private static long recurrenceShape(int steps, int width) {
    positive(steps, "steps");
    positive(width, "width");
    return arrayProduct("steps×width", steps, width);
  }

  // ---- resident MLP calls (ResidentMlpCalls) ----------------------------------------------------------------------

  @Override
  public ResidentMlp upload(Mlp mlp) {
    return ResidentMlpCalls.upload(context, mlp);
  }

  @Override
  public NewtonOutcome deepPcrForward(ResidentMlp mlp, FloatArray inputs, FloatArray states, int batch,
      NewtonOptions options) {
    return ResidentMlpCalls.deepPcrForward(context, mlp, inputs, states, batch, options);
  }

  @Override
  public void sequentialForward(ResidentMlp mlp, FloatArray inputs, FloatArray states, int batch) {
    ResidentMlpCalls.sequentialForward(context, mlp, inputs, states, batch);
  }

  @Override
  public void deepPcrBackward(ResidentMlp mlp, FloatArray inputs, FloatArray states, FloatArray outputGradient,
      FloatArray dInputs, FloatArray dWeights, FloatArray dBiases, int batch) {
    ResidentMlpCalls.backward(context, mlp, inputs, states, outputGradient, dInputs, dWeights, dBiases, batch, true);
  }

  @Override
  public void sequentialBackward(ResidentMlp mlp, FloatArray inputs, FloatArray states, FloatArray outputGradient,
      FloatArray dInputs, FloatArray dWeights, FloatArray dBiases, int batch) {
    ResidentMlpCalls.backward(context, mlp, inputs, states, outputGradient, dInputs, dWeights, dBiases, batch,
        false);
  }

  @Override
  public void sgdUpdate(ResidentMlp mlp, FloatArray dWeights, FloatArray dBiases, float learningRate) {
    ResidentMlpCalls.sgdUpdate(context, mlp, dWeights, dBiases, learningRate);
  }

  @Override
  public double meanSquaredError(ResidentMlp mlp, FloatArray states, FloatArray targets, FloatArray outputGradient,
      int batch) {
    return ResidentMlpCalls.meanSquaredError(context, mlp, states, targets, outputGradient, batch);
  }

  // ---- float64 twins: BackendPcr64 -------------------------------------------------------------------------------

  @Override
  public double[] solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size,
      int batch) {
    return float64.solveTridiagonal(lower, diag, upper, rhs, size, batch);
  }

  @Override
  public void solveTridiagonal(double[] lower, double[] diag, double[] upper, double[] rhs, int size, int batch,
      double[] out) {
    float64.solveTridiagonal(lower, diag, upper, rhs, size, batch, out);
  }

  @Override
  public double[] solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    return float64.solveDiagonalRecurrence(a, b, x0, steps, width);
  }

  @Override
  public void solveDiagonalRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out) {
    float64.solveDiagonalRecurrence(a, b, x0, steps, width, out);
  }

  @Override
  public double[] solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width) {
    return float64.solveDenseRecurrence(a, b, x0, steps, width);
  }

  @Override
  public void solveDenseRecurrence(double[] a, double[] b, double[] x0, int steps, int width, double[] out) {
    float64.solveDenseRecurrence(a, b, x0, steps, width, out);
  }

  @Override
  public double[] solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    return float64.solveDiagonalRecurrenceAdjoint(a, g, steps, width);
  }

  @Override
  public void solveDiagonalRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out) {
    float64.solveDiagonalRecurrenceAdjoint(a, g, steps, width, out);
  }

  @Override
  public double[] solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width) {
    return float64.solveDenseRecurrenceAdjoint(a, g, steps, width);
  }

  @Override
  public void solveDenseRecurrenceAdjoint(double[] a, double[] g, int steps, int width, double[] out) {
    float64.solveDenseRecurrenceAdjoint(a, g, steps, width, out);
  }

  @Override
  public DeepPcrResult64 deepPcrForward(Mlp mlp, double[] inputs, int batch, NewtonOptions options) {
    return float64.deepPcrForward(mlp, inputs, batch, options);
  }

  @Override
  public double[] sequentialForward(Mlp mlp, double[] inputs, int batch) {
    return float64.sequentialForward(mlp, inputs, batch);
  }

  @Override
  public void sequentialForward(Mlp mlp, double[] inputs, int batch, double[] out) {
    float64.sequentialForward(mlp, inputs, batch, out);
  }

  @Override
  public MlpGradients64 deepPcrBackward(Mlp mlp, double[] inputs, double[] states, double[] outputGradient,
      int batch) {
    return float64.backward(mlp, inputs, states, outputGradient, batch, true);
  }

  @Override
  public MlpGradients64 sequentialBackward(Mlp mlp, double[] inputs, double[] states, double[] outputGradient,
      int batch) {
    return float64.backward(mlp, inputs, states, outputGradient, batch, false);
  }
}
