package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.Backend;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The classifier's host half (projection, head, softmax cross-entropy) chained to the trunk's gradients, held to
 * central finite differences of the loss: one SGD step with momentum 0 and learning rate η moves every parameter by
 * −η ∂L/∂θ, so the step's parameter change gives the gradient the trainer used.
 */
class ClassifierGradientTest {
  @Test
  void softmaxCrossEntropyOfEqualLogitsIsLogK() {
    float[] g = new float[2 * 4];
    double loss = SoftmaxCrossEntropy.loss(new float[8], new int[] {1, 3}, 2, 4, g);
    assertEquals(Math.log(4), loss, 1e-12);
    assertEquals((0.25 - 1) / 2, g[1], 1e-7);
    assertEquals(0.25 / 2, g[0], 1e-7);
    assertEquals(2, SoftmaxCrossEntropy.correct(new float[] {0, 5, 0, 0, 1, 0, 0, 2}, new int[] {1, 3}, 2, 4));
  }

  @Test
  void theTrainersGradientMatchesFiniteDifferences() {
    try (KernelContext ctx = Kernels.open(Backend.SCALAR)) {
      Random random = new Random(4);
      int features = 5;
      int batch = 7;
      int classes = 3;
      ResidualClassifier model = ResidualClassifier.initial(Activation.TANH, features, 4, 3, classes, random);
      // Larger trunk weights than the init's 1/(width·L), so the trunk's nonlinearity is really exercised.
      for (int i = 0; i < model.trunkWeights.length; i++) {
        model.trunkWeights[i] = (float) (0.5 * random.nextGaussian());
      }
      float[] x = new float[batch * features];
      int[] y = new int[batch];
      for (int s = 0; s < batch; s++) {
        for (int j = 0; j < features; j++) {
          x[s * features + j] = random.nextFloat();
        }
        y[s] = random.nextInt(classes);
      }
      LabelledSamples data = new LabelledSamples(x, y, features, classes);
      float rate = 1e-3f;
      ClassifierTrainer trainer = new ClassifierTrainer(ctx.pcr(), TrunkSolver.BACKPROPAGATION,
          NewtonOptions.defaults(), model, rate, 0);
      trainer.step(data, 0);
      float[] before = model.flattened();
      float[] after = trainer.model().flattened();
      // The trunk's parameters move by η/L · gradient, the others by η · gradient.
      int trunkFrom = model.projection.length + model.projectionBias.length;
      int trunkTo = trunkFrom + model.trunkWeights.length + model.trunkBiases.length;
      double worst = 0;
      double norm = 0;
      double h = 1e-2; // float32 loss: h² curvature error ~1e-4 against rounding ~1e-7/h ~1e-5
      for (int i = 0; i < before.length; i += 3) {
        double rateHere = i >= trunkFrom && i < trunkTo ? rate / model.layers() : rate;
        double used = (before[i] - after[i]) / rateHere;
        double numeric = (loss(ctx, model, data, i, h) - loss(ctx, model, data, i, -h)) / (2 * h);
        worst = Math.max(worst, Math.abs(used - numeric));
        norm = Math.max(norm, Math.abs(numeric));
      }
      assertTrue(norm > 1e-3, "the loss depends on the parameters sampled: " + norm);
      assertTrue(worst <= 2e-3 * Math.max(1, norm), "gradient differs from finite differences by " + worst
          + " (largest component " + norm + ")");
    }
  }

  /** The loss on {@code data} with parameter {@code index} (of {@link ResidualClassifier#flattened()}) moved by d. */
  private static double loss(KernelContext ctx, ResidualClassifier model, LabelledSamples data, int index, double d) {
    ResidualClassifier m = model.copy();
    float[][] parts = {m.projection, m.projectionBias, m.trunkWeights, m.trunkBiases, m.head, m.headBias};
    int at = index;
    for (float[] p : parts) {
      if (at < p.length) {
        p[at] += (float) d;
        break;
      }
      at -= p.length;
    }
    // One step at a learning rate of ~0 returns the loss before the step: the forward pass of m.
    ClassifierTrainer t = new ClassifierTrainer(ctx.pcr(), TrunkSolver.BACKPROPAGATION, NewtonOptions.defaults(), m,
        Float.MIN_NORMAL, 0);
    return t.step(data, 0).loss();
  }
}
