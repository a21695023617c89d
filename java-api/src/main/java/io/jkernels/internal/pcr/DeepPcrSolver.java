package io.jkernels.internal.pcr;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.MlpKernels;
import io.jkernels.kernels.pcr.PcrKernels;

/**
 * DeepPCR (Danieli et al., NeurIPS 2023) for an MLP {@code x_l = f_l(x_{l−1}) = act(W_l x_{l−1} + c_l)}: the L
 * sequential layers are solved as one system of equations {@code x_l − f_l(x_{l−1}) = 0} by Newton's method, each
 * Newton step a block-bidiagonal linear system solved by a dense linear recurrence (PCR on the GPU). A residual
 * network ({@link Network#residual}) is the same iteration with {@code f_l(x) = x + act(W_l x + c_l)} and
 * {@code J_l = I + diag(act′) W_l}: the kernels add the identity.
 *
 * <p>Backend-independent: it only calls {@link PcrKernels} primitives on backend {@link Buffer}s, so the states
 * stay where the backend keeps them. One iteration:
 * <ol>
 *   <li>evaluate every layer at once from the current states: {@code f_l(x_{l−1})}, {@code act′}, and the
 *       right-hand side {@code r_l = f_l(x_{l−1}) − J_l x_{l−1}} ({@code mlpLinearize});</li>
 *   <li>residual {@code max |x_l − f_l(x_{l−1})|}: stop when it is at most the tolerance (the states returned are
 *       exactly those the residual was measured on, so a converged result is never wrong by more than it says),
 *       or when it is NaN (a non-finite value appeared);</li>
 *   <li>the Newton step {@code x_l ← J_l x_{l−1} + r_l}, {@code x_{−1} = input}, with the Jacobians
 *       {@code J_l = diag(act′(W_l x_{l−1} + c_l)) W_l}. The CPU sweeps with them applied on the fly
 *       ({@code mlpNewtonStep}), reproducing f to one rounding. Where the step forms the Jacobians and solves the
 *       dense recurrence by PCR (a GPU), it is taken in correction form, {@code δ_l = J_l δ_{l−1} +
 *       (f_l(x_{l−1}) − x_l)}, {@code δ_{−1} = 0}, {@code x ← x + δ} (the same step in exact arithmetic): PCR's
 *       ⌈log₂ L⌉ rounds of width-w products round at the scale of what they solve for, so solving for x itself
 *       floors the residual near (w + log₂ L)·ε·max|x|, above the default tolerance for residual nets, whose
 *       states do not shrink, while the correction shrinks as Newton converges.</li>
 * </ol>
 * The initial guess is all states zero: free to set up, and the first step linearises every layer about a zero
 * input, which is exact for layer 0 (its input is known). In exact arithmetic step k makes layers 0..k−1 exact, so
 * at most L steps are ever needed; near the solution convergence is quadratic.
 *
 * <p>One iteration for both element types: {@link Precision#FLOAT32} runs it on the PCR family's kernels
 * ({@link PcrKernels}), {@link Precision#FLOAT64} on the float64 family's ({@code Families.PCR64}, whose buffers hold
 * each double in two floats); the methods without a precision are the float32 ones.
 *
 * <p>Batch elements are independent systems. Where the step forms the Jacobians, they take layers×batch×width²
 * floats, so the batch is solved in chunks that keep them under {@link #JACOBIAN_BUDGET_FLOATS}; the reported iterations are the
 * largest over chunks, the residual the largest, converged only if every chunk converged.
 */
public final class DeepPcrSolver {
  /** At most this many Jacobian floats (256 MiB) live at once; larger batches are solved in chunks. */
  public static final long JACOBIAN_BUDGET_FLOATS = 1L << 26;

  private DeepPcrSolver() {}

  /** The element type of a solve: which kernels run it and how many floats of a {@link Buffer} one element takes. */
  public enum Precision {
    FLOAT32(1),
    FLOAT64(2);

    private final int floats;

    Precision(int floats) {
      this.floats = floats;
    }

    /** The MLP primitives of this precision on a backend. */
    MlpKernels mlp(KernelBackend backend) {
      return this == FLOAT32 ? backend.pcr() : backend.kernels(Families.PCR64);
    }

    /** The dense recurrence of this precision ({@code RecurrenceSolver.denseRecurrence}). */
    void denseRecurrence(KernelBackend backend, Buffer a, Buffer b, Buffer x0, Buffer x, int steps, int batch,
        int width) {
      if (this == FLOAT32) {
        backend.pcr().denseRecurrence(a, b, x0, x, steps, batch, width);
      } else {
        backend.kernels(Families.PCR64).denseRecurrence(a, b, x0, x, steps, batch, width);
      }
    }

    /** The adjoint dense recurrence of this precision ({@code RecurrenceSolver.denseRecurrenceAdjoint}). */
    void denseRecurrenceAdjoint(KernelBackend backend, Buffer a, Buffer g, Buffer y, int steps, int batch,
        int width) {
      if (this == FLOAT32) {
        backend.pcr().denseRecurrenceAdjoint(a, g, y, steps, batch, width);
      } else {
        backend.kernels(Families.PCR64).denseRecurrenceAdjoint(a, g, y, steps, batch, width);
      }
    }

    /** A buffer of {@code elements} elements of this precision. */
    Buffer allocate(KernelBackend backend, long elements) {
      return backend.allocate(Math.multiplyExact(elements, (long) floats));
    }

    /** {@code KernelBackend.copy} counted in elements of this precision. */
    void copy(KernelBackend backend, Buffer src, long srcOffset, Buffer dst, long dstOffset, long count) {
      backend.copy(src, srcOffset * floats, dst, dstOffset * floats, count * floats);
    }

    /**
     * Zeroes the first {@code count} elements on the backend (all-zero bits are 0.0 in both types; a device memset
     * on CUDA, nothing uploaded).
     */
    void fillZero(KernelBackend backend, Buffer buffer, long count) {
      backend.pcr().fillZero(buffer, count * floats);
    }
  }

  /** Iterations used, final residual (NaN when non-finite), and the two flags. */
  public record Outcome(int iterations, double residual, boolean converged, boolean nonFinite) {
    Outcome merge(Outcome other) {
      double r = Double.isNaN(residual) || Double.isNaN(other.residual) ? Double.NaN
          : Math.max(residual, other.residual);
      return new Outcome(Math.max(iterations, other.iterations), r, converged && other.converged,
          nonFinite || other.nonFinite);
    }
  }

  /**
   * The MLP's parameters as backend buffers; {@code residual}: every layer is a residual block
   * {@code x_l = x_{l−1} + act(W_l x_{l−1} + c_l)}, whose Jacobian is {@code I + diag(act′) W_l}.
   */
  public record Network(ActivationKind activation, Buffer weights, Buffer biases, int layers, int width,
      boolean residual) {
    /** A network of plain (non-residual) layers. */
    public Network(ActivationKind activation, Buffer weights, Buffer biases, int layers, int width) {
      this(activation, weights, biases, layers, width, false);
    }
  }

  /** Batch elements per chunk so that the Jacobians stay within the budget (at least 1). */
  static int chunkSize(int layers, int batch, int width, long budget) {
    long perElement = (long) layers * width * width;
    return (int) Math.max(1, Math.min(batch, budget / perElement));
  }

  /** Newton's method; writes the states (layers×batch×width) and returns how it went. */
  public static Outcome forward(KernelBackend backend, Network net, Buffer inputs, Buffer states, int batch,
      double tolerance, int maxIterations) {
    return forward(backend, Precision.FLOAT32, net, inputs, states, batch, tolerance, maxIterations);
  }

  /** {@link #forward(KernelBackend, Network, Buffer, Buffer, int, double, int)} in the given precision. */
  public static Outcome forward(KernelBackend backend, Precision precision, Network net, Buffer inputs,
      Buffer states, int batch, double tolerance, int maxIterations) {
    return forward(backend, precision, net, inputs, states, batch, tolerance, maxIterations,
        JACOBIAN_BUDGET_FLOATS);
  }

  static Outcome forward(KernelBackend backend, Network net, Buffer inputs, Buffer states, int batch,
      double tolerance, int maxIterations, long budget) {
    return forward(backend, Precision.FLOAT32, net, inputs, states, batch, tolerance, maxIterations, budget);
  }

  static Outcome forward(KernelBackend backend, Precision p, Network net, Buffer inputs, Buffer states, int batch,
      double tolerance, int maxIterations, long budget) {
    int chunk = p.mlp(backend).newtonStepNeedsJacobians()
        ? chunkSize(net.layers, batch, net.width, budget / p.floats) : batch;
    if (chunk == batch) {
      return forwardChunk(backend, p, net, inputs, states, batch, tolerance, maxIterations);
    }
    Outcome total = null;
    for (int s0 = 0; s0 < batch; s0 += chunk) {
      int c = Math.min(chunk, batch - s0);
      try (Buffer chunkInputs = p.allocate(backend, (long) c * net.width);
          Buffer chunkStates = p.allocate(backend, (long) net.layers * c * net.width)) {
        gather(backend, p, inputs, chunkInputs, 1, batch, s0, c, net.width);
        Outcome o = forwardChunk(backend, p, net, chunkInputs, chunkStates, c, tolerance, maxIterations);
        scatter(backend, p, chunkStates, states, net.layers, batch, s0, c, net.width);
        total = total == null ? o : total.merge(o);
      }
    }
    return total;
  }

  private static Outcome forwardChunk(KernelBackend backend, Precision p, Network net, Buffer inputs,
      Buffer states, int batch, double tolerance, int maxIterations) {
    MlpKernels k = p.mlp(backend);
    int layers = net.layers;
    int width = net.width;
    long n = (long) layers * batch * width;
    boolean correctionForm = k.newtonStepNeedsJacobians();
    try (Buffer values = p.allocate(backend, n);
        Buffer slopes = p.allocate(backend, n);
        Buffer offsets = p.allocate(backend, n);
        Buffer jacobians = correctionForm ? p.allocate(backend, n * width) : null;
        Buffer zeroInput = correctionForm ? p.allocate(backend, (long) batch * width) : null) {
      p.fillZero(backend, states, n);
      if (correctionForm) {
        p.fillZero(backend, zeroInput, (long) batch * width);
      }
      int iterations = 0;
      while (true) {
        k.mlpLinearize(net.activation, net.weights, net.biases, inputs, states, values, slopes, offsets, layers,
            batch, width, net.residual);
        double residual = k.maxAbsDifference(states, values, n);
        if (Double.isNaN(residual)) {
          return new Outcome(iterations, Double.NaN, false, true);
        }
        if (residual <= tolerance) {
          return new Outcome(iterations, residual, true, false);
        }
        if (iterations == maxIterations) {
          return new Outcome(iterations, residual, false, false);
        }
        if (correctionForm) {
          // δ_l = J_l δ_{l−1} + (f_l(x_{l−1}) − x_l), δ_{−1} = 0, then x += δ: offsets and values are free here
          k.addScaled(values, -1f, states, offsets, n);
          k.mlpJacobians(net.weights, slopes, jacobians, layers, batch, width, net.residual);
          p.denseRecurrence(backend, jacobians, offsets, zeroInput, values, layers, batch, width);
          k.addScaled(states, 1f, values, states, n);
        } else {
          k.mlpNewtonStep(net.weights, slopes, offsets, inputs, states, jacobians, layers, batch, width,
              net.residual);
        }
        iterations++;
      }
    }
  }

  /**
   * DeepPCR's backward pass: one adjoint solve {@code y_{L−1} = g}, {@code y_l = J_{l+1}ᵀ y_{l+1}} for the state
   * adjoints (dLoss/dx_l), then the parameter gradients from them. Writes dInputs (batch×width), dWeights, dBiases.
   */
  public static void backward(KernelBackend backend, Network net, Buffer inputs, Buffer states,
      Buffer outputGradient, int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases) {
    backward(backend, Precision.FLOAT32, net, inputs, states, outputGradient, batch, dInputs, dWeights, dBiases);
  }

  /** {@link #backward(KernelBackend, Network, Buffer, Buffer, Buffer, int, Buffer, Buffer, Buffer)} in a precision. */
  public static void backward(KernelBackend backend, Precision precision, Network net, Buffer inputs, Buffer states,
      Buffer outputGradient, int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases) {
    backward(backend, precision, net, inputs, states, outputGradient, batch, dInputs, dWeights, dBiases,
        JACOBIAN_BUDGET_FLOATS);
  }

  static void backward(KernelBackend backend, Network net, Buffer inputs, Buffer states, Buffer outputGradient,
      int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases, long budget) {
    backward(backend, Precision.FLOAT32, net, inputs, states, outputGradient, batch, dInputs, dWeights, dBiases,
        budget);
  }

  static void backward(KernelBackend backend, Precision p, Network net, Buffer inputs, Buffer states,
      Buffer outputGradient, int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases, long budget) {
    MlpKernels k = p.mlp(backend);
    int layers = net.layers;
    int width = net.width;
    long n = (long) layers * batch * width;
    try (Buffer values = p.allocate(backend, n);
        Buffer slopes = p.allocate(backend, n);
        Buffer offsets = p.allocate(backend, n);
        Buffer adjoint = p.allocate(backend, n)) {
      k.mlpLinearize(net.activation, net.weights, net.biases, inputs, states, values, slopes, offsets, layers,
          batch, width, net.residual);
      int chunk = chunkSize(layers, batch, width, budget / p.floats);
      for (int s0 = 0; s0 < batch; s0 += chunk) {
        int c = Math.min(chunk, batch - s0);
        long cn = (long) layers * c * width;
        try (Buffer chunkSlopes = c == batch ? null : p.allocate(backend, cn);
            Buffer g = p.allocate(backend, cn);
            Buffer y = c == batch ? null : p.allocate(backend, cn);
            Buffer jacobians = p.allocate(backend, cn * width)) {
          Buffer sl = slopes;
          if (c != batch) {
            gather(backend, p, slopes, chunkSlopes, layers, batch, s0, c, width);
            sl = chunkSlopes;
          }
          p.fillZero(backend, g, cn - (long) c * width);
          p.copy(backend, outputGradient, (long) s0 * width, g, cn - (long) c * width, (long) c * width);
          k.mlpJacobians(net.weights, sl, jacobians, layers, c, width, net.residual);
          Buffer target = c == batch ? adjoint : y;
          p.denseRecurrenceAdjoint(backend, jacobians, g, target, layers, c, width);
          if (c != batch) {
            scatter(backend, p, y, adjoint, layers, batch, s0, c, width);
          }
        }
      }
      k.mlpGradients(net.weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, layers, batch,
          width, net.residual);
    }
  }

  /** Ordinary backpropagation, layer by layer; same outputs as {@link #backward}. */
  public static void sequentialBackward(KernelBackend backend, Network net, Buffer inputs, Buffer states,
      Buffer outputGradient, int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases) {
    sequentialBackward(backend, Precision.FLOAT32, net, inputs, states, outputGradient, batch, dInputs, dWeights,
        dBiases);
  }

  /** {@link #sequentialBackward(KernelBackend, Network, Buffer, Buffer, Buffer, int, Buffer, Buffer, Buffer)}. */
  public static void sequentialBackward(KernelBackend backend, Precision p, Network net, Buffer inputs,
      Buffer states, Buffer outputGradient, int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases) {
    MlpKernels k = p.mlp(backend);
    long n = (long) net.layers * batch * net.width;
    try (Buffer values = p.allocate(backend, n);
        Buffer slopes = p.allocate(backend, n);
        Buffer offsets = p.allocate(backend, n);
        Buffer adjoint = p.allocate(backend, n)) {
      k.mlpLinearize(net.activation, net.weights, net.biases, inputs, states, values, slopes, offsets, net.layers,
          batch, net.width, net.residual);
      k.mlpAdjoint(net.weights, slopes, outputGradient, adjoint, net.layers, batch, net.width, net.residual);
      k.mlpGradients(net.weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, net.layers, batch,
          net.width, net.residual);
    }
  }

  /** Copies batch elements [s0, s0+c) of a layers×batch×width array into a dense layers×c×width one. */
  private static void gather(KernelBackend backend, Precision p, Buffer full, Buffer part, int layers, int batch,
      int s0, int c, int width) {
    for (long l = 0; l < layers; l++) {
      p.copy(backend, full, (l * batch + s0) * width, part, l * c * width, (long) c * width);
    }
  }

  private static void scatter(KernelBackend backend, Precision p, Buffer part, Buffer full, int layers, int batch,
      int s0, int c, int width) {
    for (long l = 0; l < layers; l++) {
      p.copy(backend, part, l * c * width, full, (l * batch + s0) * width, (long) c * width);
    }
  }
}
