package io.jkernels.internal;

import static io.jkernels.internal.Arguments.positive;

import io.jkernels.FloatArray;
import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.NewtonOutcome;
import io.jkernels.pcr.ResidentMlp;
import java.util.Objects;

/**
 * The resident MLP calls of {@link io.jkernels.pcr.Pcr} (issue 13): every argument checked (nulls first, then
 * owners, closed arrays, lengths, aliasing, and finiteness on the backend: one pass that returns a flag, not the
 * data) before any output is written, then {@link DeepPcrSolver} or the family's training kernels on the
 * buffers behind the arrays. Nothing is copied to or from the host but the Newton record and the loss.
 */
final class ResidentMlpCalls {
  private ResidentMlpCalls() {}

  static ResidentMlp upload(BackendContext context, Mlp mlp) {
    Objects.requireNonNull(mlp, "mlp");
    return ResidentNetwork.upload(context, mlp);
  }

  static NewtonOutcome deepPcrForward(BackendContext context, ResidentMlp mlp, FloatArray inputs, FloatArray states,
      int batch, NewtonOptions options) {
    Objects.requireNonNull(options, "options");
    Forward f = forward(context, mlp, inputs, states, batch);
    DeepPcrSolver.Outcome o = DeepPcrSolver.forward(f.kernels, f.net, f.inputs, f.states, batch, options.tolerance(),
        options.maxIterations());
    return new NewtonOutcome(o.iterations(), o.residual(), o.converged(), o.nonFinite());
  }

  static void sequentialForward(BackendContext context, ResidentMlp mlp, FloatArray inputs, FloatArray states,
      int batch) {
    Forward f = forward(context, mlp, inputs, states, batch);
    DeepPcrSolver.Network n = f.net;
    f.kernels.pcr().mlpForward(n.activation(), n.weights(), n.biases(), f.inputs, f.states, n.layers(), batch,
        n.width(), n.residual());
  }

  private record Forward(KernelBackend kernels, DeepPcrSolver.Network net, Buffer inputs, Buffer states) {}

  private static Forward forward(BackendContext context, ResidentMlp mlp, FloatArray inputs, FloatArray states,
      int batch) {
    nonNull(mlp, "mlp", inputs, "inputs", states, "states");
    ResidentNetwork network = own(context, mlp);
    DeepPcrSolver.Network net = network.network("mlp");
    positive(batch, "batch");
    int w = net.width();
    Buffer in = context.bufferOf(inputs, "inputs", (long) batch * w, "batch×width = " + batch + "×" + w);
    Buffer st = context.bufferOf(states, "states", (long) net.layers() * batch * w, stateShape(net, batch));
    distinct(states, "states", inputs, network.weights(), network.biases());
    KernelBackend kb = context.kernels();
    finiteParameters(kb, net);
    finite(kb, in, "inputs");
    return new Forward(kb, net, in, st);
  }

  static void backward(BackendContext context, ResidentMlp mlp, FloatArray inputs, FloatArray states,
      FloatArray outputGradient, FloatArray dInputs, FloatArray dWeights, FloatArray dBiases, int batch,
      boolean adjointSolve) {
    nonNull(mlp, "mlp", inputs, "inputs", states, "states");
    nonNull(outputGradient, "outputGradient", dInputs, "dInputs", dWeights, "dWeights");
    Objects.requireNonNull(dBiases, "dBiases");
    ResidentNetwork network = own(context, mlp);
    DeepPcrSolver.Network net = network.network("mlp");
    positive(batch, "batch");
    int w = net.width();
    String batchShape = "batch×width = " + batch + "×" + w;
    Buffer in = context.bufferOf(inputs, "inputs", (long) batch * w, batchShape);
    Buffer st = context.bufferOf(states, "states", (long) net.layers() * batch * w, stateShape(net, batch));
    Buffer g = context.bufferOf(outputGradient, "outputGradient", (long) batch * w, batchShape);
    Buffer di = context.bufferOf(dInputs, "dInputs", (long) batch * w, batchShape);
    Buffer dw = context.bufferOf(dWeights, "dWeights", weightCount(net), weightShape(net));
    Buffer db = context.bufferOf(dBiases, "dBiases", biasCount(net), biasShape(net));
    FloatArray[] read = {inputs, states, outputGradient, network.weights(), network.biases()};
    distinct(dInputs, "dInputs", read);
    distinct(dWeights, "dWeights", read);
    distinct(dBiases, "dBiases", read);
    distinct(dWeights, "dWeights", dInputs);
    distinct(dBiases, "dBiases", dInputs, dWeights);
    KernelBackend kb = context.kernels();
    finiteParameters(kb, net);
    finite(kb, in, "inputs");
    finite(kb, st, "states");
    finite(kb, g, "outputGradient");
    if (adjointSolve) {
      DeepPcrSolver.backward(kb, net, in, st, g, batch, di, dw, db);
    } else {
      DeepPcrSolver.sequentialBackward(kb, net, in, st, g, batch, di, dw, db);
    }
  }

  static void sgdUpdate(BackendContext context, ResidentMlp mlp, FloatArray dWeights, FloatArray dBiases,
      float learningRate) {
    nonNull(mlp, "mlp", dWeights, "dWeights", dBiases, "dBiases");
    if (!Float.isFinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite, got " + learningRate);
    }
    ResidentNetwork network = own(context, mlp);
    DeepPcrSolver.Network net = network.network("mlp");
    Buffer dw = context.bufferOf(dWeights, "dWeights", weightCount(net), weightShape(net));
    Buffer db = context.bufferOf(dBiases, "dBiases", biasCount(net), biasShape(net));
    // The update writes the parameters while reading the gradients: a gradient that is a parameter array would
    // be read after being written (and is a caller's mistake in any case).
    distinct(dWeights, "dWeights", network.weights(), network.biases());
    distinct(dBiases, "dBiases", network.weights(), network.biases());
    KernelBackend kb = context.kernels();
    finite(kb, dw, "dWeights");
    finite(kb, db, "dBiases");
    kb.pcr().sgdUpdate(net.weights(), dw, learningRate, weightCount(net));
    kb.pcr().sgdUpdate(net.biases(), db, learningRate, biasCount(net));
  }

  static double meanSquaredError(BackendContext context, ResidentMlp mlp, FloatArray states, FloatArray targets,
      FloatArray outputGradient, int batch) {
    nonNull(mlp, "mlp", states, "states", targets, "targets");
    Objects.requireNonNull(outputGradient, "outputGradient");
    ResidentNetwork network = own(context, mlp);
    DeepPcrSolver.Network net = network.network("mlp");
    positive(batch, "batch");
    long outputs = (long) batch * net.width();
    String batchShape = "batch×width = " + batch + "×" + net.width();
    Buffer st = context.bufferOf(states, "states", net.layers() * outputs, stateShape(net, batch));
    Buffer t = context.bufferOf(targets, "targets", outputs, batchShape);
    Buffer g = context.bufferOf(outputGradient, "outputGradient", outputs, batchShape);
    distinct(outputGradient, "outputGradient", states, targets, network.weights(), network.biases());
    KernelBackend kb = context.kernels();
    finite(kb, t, "targets");
    return kb.pcr().meanSquaredError(st, (net.layers() - 1L) * outputs, t, g, outputs);
  }

  // ---- checks --------------------------------------------------------------------------------------------------

  private static void nonNull(Object a, String an, Object b, String bn, Object c, String cn) {
    Objects.requireNonNull(a, an);
    Objects.requireNonNull(b, bn);
    Objects.requireNonNull(c, cn);
  }

  /** {@code mlp} as this context's network (IAE naming it when another context made it). */
  private static ResidentNetwork own(BackendContext context, ResidentMlp mlp) {
    if (!(mlp instanceof ResidentNetwork network) || network.owner() != context) {
      throw new IllegalArgumentException("mlp belongs to another kernel context (upload the Mlp with this "
          + "context's pcr().upload)");
    }
    return network;
  }

  /** An output must not be an input (or a parameter): the kernels read inputs after writing outputs. */
  private static void distinct(FloatArray out, String name, FloatArray... inputs) {
    Arguments.distinct(out, name, "the inputs, the other outputs and the network's parameters",
        (Object[]) inputs);
  }

  /** NaN or ±∞ anywhere in the buffer: checked on the backend, so only a flag comes back. */
  private static void finite(KernelBackend kb, Buffer buffer, String name) {
    if (!kb.pcr().allFinite(buffer, buffer.length())) {
      throw new IllegalArgumentException(name + " holds NaN or ±∞; must be finite");
    }
  }

  private static void finiteParameters(KernelBackend kb, DeepPcrSolver.Network net) {
    finite(kb, net.weights(), "mlp.weights");
    finite(kb, net.biases(), "mlp.biases");
  }

  private static long weightCount(DeepPcrSolver.Network net) {
    return (long) net.layers() * net.width() * net.width();
  }

  private static long biasCount(DeepPcrSolver.Network net) {
    return (long) net.layers() * net.width();
  }

  private static String stateShape(DeepPcrSolver.Network net, int batch) {
    return "layers×batch×width = " + net.layers() + "×" + batch + "×" + net.width();
  }

  private static String weightShape(DeepPcrSolver.Network net) {
    return "layers×width×width = " + net.layers() + "×" + net.width() + "×" + net.width();
  }

  private static String biasShape(DeepPcrSolver.Network net) {
    return "layers×width = " + net.layers() + "×" + net.width();
  }
}
