package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Random;

/**
 * A few SGD steps on a small regression task, taken twice from the same start: once with DeepPCR (Newton-PCR
 * forward, adjoint-solve backward), once with the sequential forward pass and ordinary backpropagation. Targets come
 * from a teacher MLP of the same shape; the loss is the mean squared error of the last layer,
 * {@code L = Σ (y − t)² / (batch·width)}, so {@code ∂L/∂y = 2 (y − t) / (batch·width)}; the update is
 * {@code θ ← θ − η ∂L/∂θ} for the weights and biases. Both runs should see the same losses to float32 tolerance.
 */
public final class TrainingExample {
  private TrainingExample() {}

  /** Sizes, SGD steps and learning rate, seed, timing (of whole runs), and Newton's stopping rule. */
  public record Config(Activation activation, int layers, int width, int batch, int steps, float learningRate,
      long seed, Timing timing, NewtonOptions newton) {
    public Config {
      if (activation == null || timing == null || newton == null) {
        throw new IllegalArgumentException("activation, timing and newton must not be null");
      }
      if (layers < 1 || width < 1 || batch < 1 || steps < 1) {
        throw new IllegalArgumentException("layers, width, batch and steps must be >= 1, got " + layers
            + ", " + width + ", " + batch + ", " + steps);
      }
      if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
      }
    }
  }

  /**
   * Losses before each step and after the last (steps+1 values) for each run, Newton's iterations per forward
   * pass, whether every Newton solve converged, the final weights' agreement, and each run's wall time (s, the
   * fastest whole run, {@link Timing}).
   */
  public record Result(Config config, double[] deepPcrLosses, double[] sequentialLosses, int[] newtonIterations,
      boolean converged, Agreement finalWeights, double deepPcrSeconds, double sequentialSeconds) {
    /** max over steps of |loss_deeppcr − loss_sequential| / |loss_sequential|. */
    public double maxLossRelativeDifference() {
      double worst = 0;
      for (int i = 0; i < sequentialLosses.length; i++) {
        double d = Math.abs(deepPcrLosses[i] - sequentialLosses[i]) / Math.abs(sequentialLosses[i]);
        worst = Math.max(worst, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      }
      return worst;
    }
  }

  public static Result run(Pcr pcr, Config c) {
    Random random = new Random(c.seed());
    Mlp teacher = RandomMlp.build(c.activation(), c.layers(), c.width(), Regime.CONTRACTING, random);
    Mlp student = RandomMlp.build(c.activation(), c.layers(), c.width(), Regime.CONTRACTING, random);
    float[] inputs = RandomMlp.inputs(c.batch(), c.width(), random);
    float[] targets = DeepPcrMlp.outputs(pcr.sequentialForward(teacher, inputs, c.batch()), c.layers(), c.batch(),
        c.width());

    int[] iterations = new int[c.steps() + 1];
    boolean[] converged = {true};
    BestOf<Run> parallel = BestOf.run(c.timing(), () -> train(student, inputs, targets, c, (mlp, step) -> {
      DeepPcrResult r = pcr.deepPcrForward(mlp, inputs, c.batch(), c.newton());
      iterations[step] = r.iterations();
      converged[0] &= r.converged();
      return r.states();
    }, (mlp, states, g) -> pcr.deepPcrBackward(mlp, inputs, states, g, c.batch())));
    BestOf<Run> sequential = BestOf.run(c.timing(), () -> train(student, inputs, targets, c,
        (mlp, step) -> pcr.sequentialForward(mlp, inputs, c.batch()),
        (mlp, states, g) -> pcr.sequentialBackward(mlp, inputs, states, g, c.batch())));
    return new Result(c, parallel.result().losses(), sequential.result().losses(), iterations, converged[0],
        Agreement.of(parallel.result().mlp().weights(), sequential.result().mlp().weights()), parallel.seconds(),
        sequential.seconds());
  }

  private interface Forward {
    float[] states(Mlp mlp, int step);
  }

  private interface Backward {
    MlpGradients gradients(Mlp mlp, float[] states, float[] outputGradient);
  }

  private record Run(Mlp mlp, double[] losses) {}

  private static Run train(Mlp start, float[] inputs, float[] targets, Config c, Forward forward,
      Backward backward) {
    Mlp mlp = start;
    double[] losses = new double[c.steps() + 1];
    for (int step = 0; ; step++) {
      float[] states = forward.states(mlp, step);
      float[] y = DeepPcrMlp.outputs(states, c.layers(), c.batch(), c.width());
      float[] g = new float[y.length];
      losses[step] = meanSquaredError(y, targets, g);
      if (step == c.steps()) {
        return new Run(mlp, losses);
      }
      MlpGradients grads = backward.gradients(mlp, states, g);
      mlp = Mlp.of(mlp.activation(), mlp.layers(), mlp.width(), sgd(mlp.weights(), grads.weights(), c.learningRate()),
          sgd(mlp.biases(), grads.biases(), c.learningRate()));
    }
  }

  /** Σ (y − t)² / n, accumulated in double; writes ∂L/∂y = 2 (y − t) / n into {@code gradient}. */
  static double meanSquaredError(float[] y, float[] t, float[] gradient) {
    double sum = 0;
    double n = y.length;
    for (int i = 0; i < y.length; i++) {
      double d = (double) y[i] - t[i];
      sum += d * d;
      gradient[i] = (float) (2 * d / n);
    }
    return sum / n;
  }

  private static float[] sgd(float[] theta, float[] gradient, float learningRate) {
    for (int i = 0; i < theta.length; i++) {
      theta[i] -= learningRate * gradient[i];
    }
    return theta;
  }
}
