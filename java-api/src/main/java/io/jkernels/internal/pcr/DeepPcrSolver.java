package io.jkernels.internal.pcr;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.ActivationKind;
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
 *       {@code J_l = diag(act′(W_l x_{l−1} + c_l)) W_l} ({@code mlpNewtonStep}: on a GPU the Jacobians are formed
 *       and the dense recurrence solved by PCR; the CPU sweeps with them applied on the fly).</li>
 * </ol>
 * The initial guess is all states zero: free to set up, and the first step linearises every layer about a zero
 * input, which is exact for layer 0 (its input is known). In exact arithmetic step k makes layers 0..k−1 exact, so
 * at most L steps are ever needed; near the solution convergence is quadratic.
 *
 * <p>Batch elements are independent systems. Where the step forms the Jacobians, they take layers×batch×width²
 * floats, so the batch is solved in chunks that keep them under {@link #JACOBIAN_BUDGET_FLOATS}; the reported iterations are the
 * largest over chunks, the residual the largest, converged only if every chunk converged.
 */
public final class DeepPcrSolver {
  /** At most this many Jacobian floats (256 MiB) live at once; larger batches are solved in chunks. */
  public static final long JACOBIAN_BUDGET_FLOATS = 1L << 26;

  private DeepPcrSolver() {}

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
    return forward(backend, net, inputs, states, batch, tolerance, maxIterations, JACOBIAN_BUDGET_FLOATS);
  }

  static Outcome forward(KernelBackend backend, Network net, Buffer inputs, Buffer states, int batch,
      double tolerance, int maxIterations, long budget) {
    int chunk = backend.pcr().newtonStepNeedsJacobians() ? chunkSize(net.layers, batch, net.width, budget) : batch;
    if (chunk == batch) {
      return forwardChunk(backend, net, inputs, states, batch, tolerance, maxIterations);
    }
    Outcome total = null;
    for (int s0 = 0; s0 < batch; s0 += chunk) {
      int c = Math.min(chunk, batch - s0);
      try (Buffer chunkInputs = backend.allocate((long) c * net.width);
          Buffer chunkStates = backend.allocate((long) net.layers * c * net.width)) {
        gather(backend, inputs, chunkInputs, 1, batch, s0, c, net.width);
        Outcome o = forwardChunk(backend, net, chunkInputs, chunkStates, c, tolerance, maxIterations);
        scatter(backend, chunkStates, states, net.layers, batch, s0, c, net.width);
        total = total == null ? o : total.merge(o);
      }
    }
    return total;
  }

  private static Outcome forwardChunk(KernelBackend backend, Network net, Buffer inputs, Buffer states, int batch,
      double tolerance, int maxIterations) {
    PcrKernels k = backend.pcr();
    int layers = net.layers;
    int width = net.width;
    long n = (long) layers * batch * width;
    try (Buffer values = backend.allocate(n);
        Buffer slopes = backend.allocate(n);
        Buffer offsets = backend.allocate(n);
        Buffer jacobians = k.newtonStepNeedsJacobians() ? backend.allocate(n * width) : null) {
      fillZero(states, n);
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
        k.mlpNewtonStep(net.weights, slopes, offsets, inputs, states, jacobians, layers, batch, width,
            net.residual);
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
    backward(backend, net, inputs, states, outputGradient, batch, dInputs, dWeights, dBiases,
        JACOBIAN_BUDGET_FLOATS);
  }

  static void backward(KernelBackend backend, Network net, Buffer inputs, Buffer states, Buffer outputGradient,
      int batch, Buffer dInputs, Buffer dWeights, Buffer dBiases, long budget) {
    PcrKernels k = backend.pcr();
    int layers = net.layers;
    int width = net.width;
    long n = (long) layers * batch * width;
    try (Buffer values = backend.allocate(n);
        Buffer slopes = backend.allocate(n);
        Buffer offsets = backend.allocate(n);
        Buffer adjoint = backend.allocate(n)) {
      k.mlpLinearize(net.activation, net.weights, net.biases, inputs, states, values, slopes, offsets, layers,
          batch, width, net.residual);
      int chunk = chunkSize(layers, batch, width, budget);
      for (int s0 = 0; s0 < batch; s0 += chunk) {
        int c = Math.min(chunk, batch - s0);
        long cn = (long) layers * c * width;
        try (Buffer chunkSlopes = c == batch ? null : backend.allocate(cn);
            Buffer g = backend.allocate(cn);
            Buffer y = c == batch ? null : backend.allocate(cn);
            Buffer jacobians = backend.allocate(cn * width)) {
          Buffer sl = slopes;
          if (c != batch) {
            gather(backend, slopes, chunkSlopes, layers, batch, s0, c, width);
            sl = chunkSlopes;
          }
          fillZero(g, cn - (long) c * width);
          backend.copy(outputGradient, (long) s0 * width, g, cn - (long) c * width, (long) c * width);
          k.mlpJacobians(net.weights, sl, jacobians, layers, c, width, net.residual);
          Buffer target = c == batch ? adjoint : y;
          k.denseRecurrenceAdjoint(jacobians, g, target, layers, c, width);
          if (c != batch) {
            scatter(backend, y, adjoint, layers, batch, s0, c, width);
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
    PcrKernels k = backend.pcr();
    long n = (long) net.layers * batch * net.width;
    try (Buffer values = backend.allocate(n);
        Buffer slopes = backend.allocate(n);
        Buffer offsets = backend.allocate(n);
        Buffer adjoint = backend.allocate(n)) {
      k.mlpLinearize(net.activation, net.weights, net.biases, inputs, states, values, slopes, offsets, net.layers,
          batch, net.width, net.residual);
      k.mlpAdjoint(net.weights, slopes, outputGradient, adjoint, net.layers, batch, net.width, net.residual);
      k.mlpGradients(net.weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, net.layers, batch,
          net.width, net.residual);
    }
  }

  /** Copies batch elements [s0, s0+c) of a layers×batch×width array into a dense layers×c×width one. */
  private static void gather(KernelBackend backend, Buffer full, Buffer part, int layers, int batch, int s0, int c,
      int width) {
    for (long l = 0; l < layers; l++) {
      backend.copy(full, (l * batch + s0) * width, part, l * c * width, (long) c * width);
    }
  }

  private static void scatter(KernelBackend backend, Buffer part, Buffer full, int layers, int batch, int s0, int c,
      int width) {
    for (long l = 0; l < layers; l++) {
      backend.copy(part, l * c * width, full, (l * batch + s0) * width, (long) c * width);
    }
  }

  private static final float[] ZEROS = new float[1 << 16];

  /** Zeroes the first {@code count} floats (allocate's contents are not promised to be zero on every backend). */
  static void fillZero(Buffer buffer, long count) {
    for (long done = 0; done < count; done += ZEROS.length) {
      buffer.write(done, ZEROS, 0, (int) Math.min(ZEROS.length, count - done));
    }
  }
}
