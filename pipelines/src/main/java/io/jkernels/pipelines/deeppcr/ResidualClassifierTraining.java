package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The paper's third experiment in small (Danieli et al., NeurIPS 2023, §4.3: ResNets trained with DeepPCR): a deep
 * {@link ResidualClassifier} trained on a real data set twice from the same parameters, once with DeepPCR through
 * the trunk (Newton-PCR forward, adjoint-solve backward) and once with the sequential forward pass and ordinary
 * backpropagation. Both runs take the same SGD-with-momentum steps ({@link ClassifierTrainer}) on the same
 * mini-batches ({@link MiniBatches}), interleaved step by step (so the JIT and the machine's load treat them
 * alike); a third, untimed run (the rounding twin, {@link #DRIFT_FACTOR}) measures how far float32 rounding alone
 * moves such a training. Recorded per step: each run's loss and wall time, DeepPCR's Newton iterations; every
 * {@code evaluateEvery} steps (and before the first and after the last) each run's test-set accuracy. The losses
 * must agree to float32 rounding: the runs differ only by the rounding of two ways of computing the same passes
 * (and Newton's stopping tolerance).
 */
public final class ResidualClassifierTraining {
  /**
   * The first step's relative loss difference, where both runs hold identical parameters: only the forward pass's
   * float32 rounding separates them (Newton's last, quadratic step leaves the states a few ulp from the
   * layer-by-layer ones): 1e-6, about ten float32 ulps.
   */
  public static final double FIRST_STEP_TOLERANCE = 1e-6;

  /**
   * After the first step the two trajectories drift apart by rounding, as any two float32 implementations of the
   * same SGD do: DeepPCR's gradients differ from backpropagation's by about 1e-6 relative (sums in another order),
   * and training amplifies such differences from step to step (measured: 1e-8 at the first step, 1e-5 to 1e-4 after
   * 200 steps at 64 blocks of width 32, whether Newton stops at 1e-5 or 1e-7). How much is the problem's own
   * sensitivity, so the pipeline measures it: a third run, the <em>rounding twin</em>, is backpropagation again
   * from the same parameters moved by one ulp each. The DeepPCR run agrees "to float32 rounding" when its distance
   * from backpropagation stays within {@value #DRIFT_FACTOR}× the twin's (its per-step gradient rounding is ~10 ulp
   * against the twin's one ulp once) or under {@value #DIFFERENCE_FLOOR} (short runs, where the twin has not drifted
   * yet). A real fault (a missing skip term, a wrong gradient, a stale state) differs by 1e-3 or more within a step
   * or two, at any length.
   */
  public static final double DRIFT_FACTOR = 10;

  /** Relative differences of the losses and final parameters accepted as rounding whatever the twin shows. */
  public static final double DIFFERENCE_FLOOR = 1e-5;

  private ResidualClassifierTraining() {}

  /**
   * The network (activation, L blocks of {@code width} units), SGD (batch, steps, learning rate η of the
   * projection and head, η/L for the trunk, momentum μ), the seed of initialisation and batch order, how often the
   * test set is scored (0: only before and after) and Newton's stopping rule.
   */
  public record Config(Activation activation, int layers, int width, int batch, int steps, float learningRate,
      float momentum, long seed, int evaluateEvery, NewtonOptions newton) {
    /** Learning rate of the defaults. */
    public static final float DEFAULT_LEARNING_RATE = 0.05f;
    /** Momentum of the defaults. */
    public static final float DEFAULT_MOMENTUM = 0.9f;

    public Config {
      if (activation == null || newton == null) {
        throw new IllegalArgumentException("activation and newton must not be null");
      }
      if (layers < 1 || width < 1 || batch < 1 || steps < 1 || evaluateEvery < 0) {
        throw new IllegalArgumentException("layers, width, batch and steps must be >= 1 and evaluateEvery >= 0, got "
            + layers + ", " + width + ", " + batch + ", " + steps + ", " + evaluateEvery);
      }
      if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
      }
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
      }
    }

    /** tanh blocks, η = 0.05, μ = 0.9, seed 1, the test set scored 10 times, Newton's defaults. */
    public static Config of(int layers, int width, int batch, int steps) {
      return new Config(Activation.TANH, layers, width, batch, steps, DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM, 1,
          Math.max(1, steps / 10), NewtonOptions.defaults());
    }
  }

  /** Test-set accuracy of both runs after {@code step} steps. */
  public record Evaluation(int step, double deepPcrAccuracy, double backpropAccuracy) {}

  /**
   * Per step (index = step, the loss is the batch's before that step's update): both losses and the rounding
   * twin's, both wall times (s), DeepPCR's Newton iterations; the test-set evaluations; whether every Newton solve
   * converged; and how far the DeepPCR run's and the twin's final parameters are from backpropagation's.
   */
  public record Result(Config config, int trainSamples, int testSamples, double[] deepPcrLosses,
      double[] backpropLosses, double[] twinLosses, int[] newtonIterations, double[] deepPcrSeconds,
      double[] backpropSeconds, List<Evaluation> evaluations, boolean converged, Agreement finalParameters,
      Agreement twinFinalParameters) {
    /** max over steps of |loss_deeppcr − loss_backprop| / |loss_backprop| (+∞ if a NaN appears). */
    public double maxLossRelativeDifference() {
      return maxRelative(deepPcrLosses, backpropLosses);
    }

    /** max over steps of |loss_twin − loss_backprop| / |loss_backprop|: the problem's own rounding drift. */
    public double roundingDrift() {
      return maxRelative(twinLosses, backpropLosses);
    }

    /** The largest relative loss difference accepted: max(floor, {@value #DRIFT_FACTOR} × the twin's drift). */
    public double allowedLossDifference() {
      return Math.max(DIFFERENCE_FLOOR, DRIFT_FACTOR * roundingDrift());
    }

    /** The largest relative difference of the final parameters accepted, likewise from the twin's. */
    public double allowedParameterDifference() {
      return Math.max(DIFFERENCE_FLOOR, DRIFT_FACTOR * twinFinalParameters.relative());
    }

    private static double maxRelative(double[] a, double[] b) {
      double worst = 0;
      for (int i = 0; i < b.length; i++) {
        double d = Math.abs(a[i] - b[i]) / Math.abs(b[i]);
        worst = Math.max(worst, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      }
      return worst;
    }

    /** The first step's |loss_deeppcr − loss_backprop| / |loss_backprop|: identical parameters, rounding only. */
    public double firstStepRelativeDifference() {
      double d = Math.abs(deepPcrLosses[0] - backpropLosses[0]) / Math.abs(backpropLosses[0]);
      return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    /**
     * Every Newton solve converged, the first step's losses agree within {@link #FIRST_STEP_TOLERANCE}, and all
     * losses and the final parameters within what rounding explains ({@link #allowedLossDifference()},
     * {@link #allowedParameterDifference()}).
     */
    public boolean agrees() {
      return converged && firstStepRelativeDifference() <= FIRST_STEP_TOLERANCE
          && maxLossRelativeDifference() <= allowedLossDifference()
          && finalParameters.within(allowedParameterDifference());
    }

    /** The evaluation after the last step. */
    public Evaluation last() {
      return evaluations.get(evaluations.size() - 1);
    }

    /** The evaluation before the first step. */
    public Evaluation first() {
      return evaluations.get(0);
    }

    /** Total wall time of the DeepPCR run's steps (s, evaluations excluded). */
    public double deepPcrTotalSeconds() {
      return sum(deepPcrSeconds);
    }

    /** Total wall time of the backpropagation run's steps (s, evaluations excluded). */
    public double backpropTotalSeconds() {
      return sum(backpropSeconds);
    }

    /** Backpropagation time ÷ DeepPCR time over all steps: above 1, DeepPCR was faster. */
    public double speedRatio() {
      return backpropTotalSeconds() / deepPcrTotalSeconds();
    }

    /** The most Newton iterations any step's forward pass took. */
    public int maxIterations() {
      int m = 0;
      for (int i : newtonIterations) {
        m = Math.max(m, i);
      }
      return m;
    }

    /** Mean Newton iterations per step. */
    public double meanIterations() {
      double s = 0;
      for (int i : newtonIterations) {
        s += i;
      }
      return s / newtonIterations.length;
    }

    private static double sum(double[] v) {
      double s = 0;
      for (double x : v) {
        s += x;
      }
      return s;
    }
  }

  /** Trains on the digits data set ({@link DigitsDataset}) with the default split ({@link TrainTestSplit}). */
  public static Result runOnDigits(Pcr pcr, Config c) throws IOException {
    return run(pcr, TrainTestSplit.of(DigitsDataset.load(), TrainTestSplit.DEFAULT_TEST_FRACTION,
        TrainTestSplit.DEFAULT_SEED), c);
  }

  /** Trains on {@code data.train()}, scores on {@code data.test()}. */
  public static Result run(Pcr pcr, TrainTestSplit data, Config c) {
    LabelledSamples train = data.train();
    LabelledSamples test = data.test();
    Random random = new Random(c.seed());
    ResidualClassifier start = ResidualClassifier.initial(c.activation(), train.featureCount(), c.width(),
        c.layers(), train.classCount(), random);
    MiniBatches batches = new MiniBatches(train.count(), c.batch(), random.nextLong());
    ClassifierTrainer deepPcr = new ClassifierTrainer(pcr, TrunkSolver.DEEP_PCR, c.newton(), start,
        c.learningRate(), c.momentum());
    ClassifierTrainer backprop = new ClassifierTrainer(pcr, TrunkSolver.BACKPROPAGATION, c.newton(), start,
        c.learningRate(), c.momentum());
    ClassifierTrainer twin = new ClassifierTrainer(pcr, TrunkSolver.BACKPROPAGATION, c.newton(),
        start.movedOneUlp(new Random(c.seed() + 1)), c.learningRate(), c.momentum());

    int n = c.steps();
    double[] lossA = new double[n];
    double[] lossB = new double[n];
    double[] lossTwin = new double[n];
    double[] timeA = new double[n];
    double[] timeB = new double[n];
    int[] iterations = new int[n];
    boolean converged = true;
    List<Evaluation> evaluations = new ArrayList<>();
    evaluations.add(evaluate(0, deepPcr, backprop, test));
    for (int step = 0; step < n; step++) {
      LabelledSamples batch = train.rows(batches.next());
      ClassifierTrainer.Step a = deepPcr.step(batch, step);
      ClassifierTrainer.Step b = backprop.step(batch, step);
      lossTwin[step] = twin.step(batch, step).loss();
      lossA[step] = a.loss();
      lossB[step] = b.loss();
      timeA[step] = a.seconds();
      timeB[step] = b.seconds();
      iterations[step] = a.iterations();
      converged &= a.converged();
      int done = step + 1;
      if (done == n || (c.evaluateEvery() > 0 && done % c.evaluateEvery() == 0)) {
        evaluations.add(evaluate(done, deepPcr, backprop, test));
      }
    }
    float[] reference = backprop.model().flattened();
    return new Result(c, train.count(), test.count(), lossA, lossB, lossTwin, iterations, timeA, timeB,
        List.copyOf(evaluations), converged, Agreement.of(deepPcr.model().flattened(), reference),
        Agreement.of(twin.model().flattened(), reference));
  }

  private static Evaluation evaluate(int step, ClassifierTrainer a, ClassifierTrainer b, LabelledSamples test) {
    return new Evaluation(step, a.correct(test) / (double) test.count(), b.correct(test) / (double) test.count());
  }
}
