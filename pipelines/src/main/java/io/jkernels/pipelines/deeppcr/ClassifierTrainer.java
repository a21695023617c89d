package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;

/**
 * Trains one {@link ResidualClassifier} with SGD with momentum ({@code v ← μ v + ∂L/∂θ}, {@code θ ← θ − η v}), its
 * trunk passed through by one {@link TrunkSolver}. The trunk's learning rate is {@code η/L}: every one of the L
 * blocks adds its own update to the output, so a depth-independent step of the function needs each block's step
 * 1/L as large (the depth scaling of residual nets whose branches are initialised ~1/√L; without it 1024 blocks
 * diverge at a learning rate that trains 8). The host part (projection, head, loss) is {@link HostDense} and
 * {@link SoftmaxCrossEntropy}, the same for every solver.
 */
final class ClassifierTrainer {
  /** Largest batch the test-set evaluation passes through the trunk at once (bounds the states' memory). */
  static final int EVALUATION_CHUNK = 128;

  private final Pcr pcr;
  private final TrunkSolver solver;
  private final NewtonOptions newton;
  private final ResidualClassifier model;
  private final ResidualClassifier velocity;
  private final float learningRate;
  private final float momentum;

  ClassifierTrainer(Pcr pcr, TrunkSolver solver, NewtonOptions newton, ResidualClassifier start, float learningRate,
      float momentum) {
    this.pcr = pcr;
    this.solver = solver;
    this.newton = newton;
    this.model = start.copy();
    this.velocity = zerosLike(start);
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  private static ResidualClassifier zerosLike(ResidualClassifier m) {
    ResidualClassifier z = m.copy();
    for (float[] p : new float[][] {z.projection, z.projectionBias, z.trunkWeights, z.trunkBiases, z.head,
        z.headBias}) {
      java.util.Arrays.fill(p, 0);
    }
    return z;
  }

  /** One step's loss (before the update), correct predictions in the batch, Newton's record and wall time (s). */
  record Step(double loss, int correct, int iterations, boolean converged, double seconds) {}

  /** The current parameters (live: do not modify). */
  ResidualClassifier model() {
    return model;
  }

  /** Forward, loss, backward and update on one mini-batch. */
  Step step(LabelledSamples batch, int stepIndex) {
    long t0 = System.nanoTime();
    int b = batch.count();
    int f = model.features();
    int w = model.width();
    int k = model.classes();
    int layers = model.layers();
    float[] inputs = HostDense.forward(model.projection, model.projectionBias, batch.features(), b, f, w);
    Mlp trunk = model.trunk();
    TrunkSolver.Forward forward = solver.forward(pcr, trunk, inputs, b, newton);
    float[] last = DeepPcrMlp.outputs(forward.states(), layers, b, w);
    float[] logits = HostDense.forward(model.head, model.headBias, last, b, w, k);
    float[] dLogits = new float[logits.length];
    double loss = SoftmaxCrossEntropy.loss(logits, batch.labels(), b, k, dLogits);
    if (!Double.isFinite(loss)) {
      throw new ArithmeticException(solver + " run: the loss is " + loss + " at step " + stepIndex
          + " (training diverged; lower the learning rate)");
    }
    int correct = SoftmaxCrossEntropy.correct(logits, batch.labels(), b, k);

    float[] dHead = new float[model.head.length];
    float[] dHeadBias = new float[k];
    HostDense.parameterGradients(dLogits, last, b, w, k, dHead, dHeadBias);
    float[] dLast = HostDense.inputGradient(model.head, dLogits, b, w, k);
    MlpGradients g = solver.backward(pcr, trunk, inputs, forward.states(), dLast, b);
    float[] dProjection = new float[model.projection.length];
    float[] dProjectionBias = new float[w];
    HostDense.parameterGradients(g.inputs(), batch.features(), b, f, w, dProjection, dProjectionBias);

    float trunkRate = learningRate / layers;
    update(model.head, velocity.head, dHead, learningRate);
    update(model.headBias, velocity.headBias, dHeadBias, learningRate);
    update(model.trunkWeights, velocity.trunkWeights, g.weights(), trunkRate);
    update(model.trunkBiases, velocity.trunkBiases, g.biases(), trunkRate);
    update(model.projection, velocity.projection, dProjection, learningRate);
    update(model.projectionBias, velocity.projectionBias, dProjectionBias, learningRate);
    return new Step(loss, correct, forward.iterations(), forward.converged(), (System.nanoTime() - t0) * 1e-9);
  }

  private void update(float[] theta, float[] v, float[] gradient, float rate) {
    for (int i = 0; i < theta.length; i++) {
      v[i] = momentum * v[i] + gradient[i];
      theta[i] -= rate * v[i];
    }
  }

  /** Correct predictions on {@code samples}, the trunk passed through by this trainer's solver. */
  int correct(LabelledSamples samples) {
    Mlp trunk = model.trunk();
    int right = 0;
    int f = model.features();
    int w = model.width();
    for (int s0 = 0; s0 < samples.count(); s0 += EVALUATION_CHUNK) {
      int b = Math.min(EVALUATION_CHUNK, samples.count() - s0);
      float[] x = java.util.Arrays.copyOfRange(samples.features(), s0 * f, (s0 + b) * f);
      int[] y = java.util.Arrays.copyOfRange(samples.labels(), s0, s0 + b);
      float[] inputs = HostDense.forward(model.projection, model.projectionBias, x, b, f, w);
      float[] states = solver.forward(pcr, trunk, inputs, b, newton).states();
      float[] logits = HostDense.forward(model.head, model.headBias,
          DeepPcrMlp.outputs(states, model.layers(), b, w), b, w, model.classes());
      right += SoftmaxCrossEntropy.correct(logits, y, b, model.classes());
    }
    return right;
  }
}
