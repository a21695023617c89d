package io.jkernels.pipelines.deeppcr;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.NewtonOutcome;
import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.ResidentMlp;
import java.util.Random;

/**
 * A few SGD steps on a small regression task, taken twice from the same start: once with DeepPCR (Newton-PCR
 * forward, adjoint-solve backward), once with the sequential forward pass and ordinary backpropagation. Targets come
 * from a teacher MLP of the same shape; the loss is the mean squared error of the last layer,
 * {@code L = Σ (y − t)² / (batch·width)}, so {@code ∂L/∂y = 2 (y − t) / (batch·width)}; the update is
 * {@code θ ← θ − η ∂L/∂θ} for the weights and biases. Both runs should see the same losses to float32 tolerance.
 *
 * <p>{@link #runResident} takes the DeepPCR run twice more: through the array forms (as {@link #run}) and resident
 * ({@link ResidentMlp}, {@link FloatArray}s: parameters, inputs, targets, states and gradients stay on the backend,
 * only the loss comes back each step). The two are the same kernels on the same values, so their weights agree bit
 * for bit (on the vector backend to a rounding: its dot products' lane reduction is ordered differently by
 * interpreted and compiled code) and their losses to the last bits of the loss's double sum.
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

  /**
   * The DeepPCR training run through the array forms and through the resident forms, from the same start: losses
   * per step of each, whether every Newton solve converged, whether the final weights and biases are bit for bit
   * the same, their agreement, each run's wall time (s, the fastest whole run, {@link Timing}) and the floats the
   * array form moves between host and backend per step ({@link #arrayFormFloatsPerStep}; 0 are moved on the CPU
   * backends, where the array forms bind views of the arrays, but the arrays are still allocated and cloned).
   */
  public record ResidentResult(Config config, double[] arrayLosses, double[] residentLosses, boolean converged,
      boolean identicalParameters, Agreement finalWeights, double arraySeconds, double residentSeconds,
      long arrayFloatsPerStep) {
    /** max over steps of |loss_resident − loss_array| / |loss_array|. */
    public double maxLossRelativeDifference() {
      double worst = 0;
      for (int i = 0; i < arrayLosses.length; i++) {
        double d = Math.abs(residentLosses[i] - arrayLosses[i]) / Math.abs(arrayLosses[i]);
        worst = Math.max(worst, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      }
      return worst;
    }
  }

  /**
   * The same teacher, student and data as {@link #run}, trained by DeepPCR through the array and the resident forms.
   */
  public static ResidentResult runResident(KernelContext ctx, Config c) {
    Pcr pcr = ctx.pcr();
    Random random = new Random(c.seed());
    Mlp teacher = RandomMlp.build(c.activation(), c.layers(), c.width(), Regime.CONTRACTING, random);
    Mlp student = RandomMlp.build(c.activation(), c.layers(), c.width(), Regime.CONTRACTING, random);
    float[] inputs = RandomMlp.inputs(c.batch(), c.width(), random);
    float[] targets = DeepPcrMlp.outputs(pcr.sequentialForward(teacher, inputs, c.batch()), c.layers(), c.batch(),
        c.width());
    boolean[] converged = {true};
    BestOf<Run> array = BestOf.run(c.timing(), () -> train(student, inputs, targets, c, (mlp, step) -> {
      DeepPcrResult r = pcr.deepPcrForward(mlp, inputs, c.batch(), c.newton());
      converged[0] &= r.converged();
      return r.states();
    }, (mlp, states, g) -> pcr.deepPcrBackward(mlp, inputs, states, g, c.batch())));
    BestOf<Run> resident = BestOf.run(c.timing(), () -> trainResident(ctx, student, inputs, targets, c, converged));
    Mlp a = array.result().mlp();
    Mlp r = resident.result().mlp();
    boolean identical = java.util.Arrays.equals(a.weights(), r.weights())
        && java.util.Arrays.equals(a.biases(), r.biases());
    return new ResidentResult(c, array.result().losses(), resident.result().losses(), converged[0], identical,
        Agreement.of(r.weights(), a.weights()), array.seconds(), resident.seconds(),
        arrayFormFloatsPerStep(c.layers(), c.width(), c.batch()));
  }

  /**
   * The resident loop: one upload of the student, inputs and targets; each step DeepPCR forward, the loss and its
   * gradient, the adjoint-solve backward and the SGD update on the backend; the loss is the one number read.
   */
  private static Run trainResident(KernelContext ctx, Mlp start, float[] inputs, float[] targets, Config c,
      boolean[] converged) {
    Pcr pcr = ctx.pcr();
    long l = c.layers();
    long w = c.width();
    long b = c.batch();
    try (ResidentMlp mlp = pcr.upload(start);
        FloatArray in = ctx.upload(inputs);
        FloatArray t = ctx.upload(targets);
        FloatArray states = ctx.allocate(l * b * w);
        FloatArray g = ctx.allocate(b * w);
        FloatArray dInputs = ctx.allocate(b * w);
        FloatArray dWeights = ctx.allocate(l * w * w);
        FloatArray dBiases = ctx.allocate(l * w)) {
      double[] losses = new double[c.steps() + 1];
      for (int step = 0; ; step++) {
        NewtonOutcome o = pcr.deepPcrForward(mlp, in, states, c.batch(), c.newton());
        converged[0] &= o.converged();
        losses[step] = pcr.meanSquaredError(mlp, states, t, g, c.batch());
        if (step == c.steps()) {
          return new Run(mlp.toMlp(), losses);
        }
        pcr.deepPcrBackward(mlp, in, states, g, dInputs, dWeights, dBiases, c.batch());
        pcr.sgdUpdate(mlp, dWeights, dBiases, c.learningRate());
      }
    }
  }

  /**
   * Floats one array-form DeepPCR training step moves between host and backend on a device backend (CUDA), which
   * the resident step does not: the forward call uploads the weights and biases (L·w² + L·w), the inputs (B·w) and
   * its output array (L·B·w) and downloads the states (L·B·w); the backward call uploads the parameters again, the
   * inputs, the states, the output gradient (B·w) and its three output arrays (B·w + L·w² + L·w) and downloads the
   * three gradients. In all {@code 4(L·w² + L·w) + 5·B·w + 3·L·B·w}. The resident step reads back only scalars: the
   * loss, one residual per Newton iteration, and one flag per finiteness check.
   */
  public static long arrayFormFloatsPerStep(int layers, int width, int batch) {
    long l = layers;
    long w = width;
    long b = batch;
    return 4 * (l * w * w + l * w) + 5 * b * w + 3 * l * b * w;
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
