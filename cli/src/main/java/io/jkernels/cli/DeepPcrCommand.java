package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.BackendUnavailableException;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pipelines.deeppcr.Agreement;
import io.jkernels.pipelines.deeppcr.DdimSampler;
import io.jkernels.pipelines.deeppcr.DeepPcrMlp;
import io.jkernels.pipelines.deeppcr.DiffusionSampler;
import io.jkernels.pipelines.deeppcr.NewtonChain;
import io.jkernels.pipelines.deeppcr.Regime;
import io.jkernels.pipelines.deeppcr.ResidualClassifierTraining;
import io.jkernels.pipelines.deeppcr.SamplerComparison;
import io.jkernels.pipelines.deeppcr.Timing;
import io.jkernels.pipelines.deeppcr.TrainingExample;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels deeppcr}: the DeepPCR pipelines (MLP forward and backward, a training step, a diffusion sampler)
 * on one backend, each solved by Newton-PCR and sequentially; prints wall times (the fastest run), Newton's
 * iterations and residual, and the errors between the two. Exit code 1 when they disagree beyond tolerance.
 */
@Command(name = "deeppcr", mixinStandardHelpOptions = true,
    description = "Run the DeepPCR pipelines (MLP forward/backward, a training step, a diffusion sampler) by "
        + "Newton-PCR and sequentially; print times, iterations and errors. Exit code 1 if they disagree.")
final class DeepPcrCommand implements Callable<Integer> {
  /**
   * Relative error allowed between the DeepPCR and the sequential states, gradients and samples: both are float32
   * with different summation orders, and Newton stops at a residual of 1e-5 per unit, which a contracting chain
   * passes on with a factor ≤ 1/(1 − 0.5).
   */
  static final double TOLERANCE = 1e-4;

  @Spec
  CommandSpec spec;

  @Option(names = "--layers", defaultValue = "64", description = "MLP layers L (default ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--width", defaultValue = "16", description = "MLP and sampler width w (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--batch", defaultValue = "16", description = "MLP batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--activation", defaultValue = "tanh",
      description = "tanh, relu, gelu or identity (default ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--backend", description = "cuda, vector or scalar (default: the best available).")
  String backend;

  @Option(names = "--expanding",
      description = "Use an expanding MLP (spectral norm 2 per layer) instead of a contracting one (0.5); "
          + "Newton may then stop unconverged, which it must report.")
  boolean expanding;

  @Option(names = "--sampler", defaultValue = "ddim",
      description = "Diffusion sampler: ddim (DDIM, S steps of a T=1000 schedule, 2-hidden-layer denoiser: the "
          + "paper's setting) or ddpm (DDPM-style, T steps, 1-hidden-layer denoiser) (default ${DEFAULT-VALUE}).")
  String sampler;

  @Option(names = "--sampler-steps", defaultValue = "100",
      description = "Diffusion sampler steps: DDIM's S (<= 1000) or DDPM's T (default ${DEFAULT-VALUE}; 0 skips "
          + "the sampler).")
  int samplerSteps;

  @Option(names = "--ddim-hidden", defaultValue = "64",
      description = "Hidden width of both layers of the DDIM denoiser (default ${DEFAULT-VALUE}).")
  int ddimHidden;

  @Option(names = "--ddim-eta", defaultValue = "0",
      description = "DDIM's eta in [0, 1]: 0 deterministic, 1 DDPM's variance (noise drawn up front) "
          + "(default ${DEFAULT-VALUE}).")
  double ddimEta;

  @Option(names = "--sampler-batch", defaultValue = "2",
      description = "Samples drawn by the sampler, one Newton-PCR chain each (default ${DEFAULT-VALUE}).")
  int samplerBatch;

  @Option(names = "--train-steps", defaultValue = "3",
      description = "SGD steps of the training example (default ${DEFAULT-VALUE}; 0 skips it).")
  int trainSteps;

  @Option(names = "--learning-rate", defaultValue = "0.5", description = "SGD learning rate (default ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--repeats", defaultValue = "3",
      description = "Timed runs of each pass at least; the fastest is printed (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--min-time", defaultValue = "1",
      description = "Keep rerunning each pass until this many seconds have passed, so the JIT has compiled it "
          + "(default ${DEFAULT-VALUE}; 0 for exactly --repeats runs).")
  double minTime;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  DeepPcrSweepOptions sweepOptions = new DeepPcrSweepOptions();

  // Residual classifier training (issue 13): the logic is in ResidualTrainingRun.
  @Option(names = "--train-resnet", description = "Train a deep residual MLP classifier on the handwritten digits "
      + "(Debian's python3-sklearn) with DeepPCR and with backpropagation side by side, instead of the other runs.")
  boolean trainResnet;

  @Option(names = "--resnet-layers", defaultValue = "64",
      description = "Residual blocks L of --train-resnet (default ${DEFAULT-VALUE}; 1024 works, slowly on a CPU).")
  int resnetLayers;

  @Option(names = "--resnet-width", defaultValue = "32", description = "Width of the residual blocks (default "
      + "${DEFAULT-VALUE}).")
  int resnetWidth;

  @Option(names = "--resnet-steps", defaultValue = "200", description = "SGD steps of --train-resnet (default "
      + "${DEFAULT-VALUE}).")
  int resnetSteps;

  @Option(names = "--resnet-batch", defaultValue = "32", description = "Mini-batch of --train-resnet (default "
      + "${DEFAULT-VALUE}).")
  int resnetBatch;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Activation act;
    try {
      act = Activation.valueOf(activation.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("unknown activation '" + activation + "' (expected tanh, relu, gelu or identity)");
      return 2;
    }
    if (layers < 1 || width < 1 || batch < 1 || repeats < 1 || samplerSteps < 0 || samplerBatch < 1
        || trainSteps < 0 || !(minTime >= 0) || Double.isInfinite(minTime)) {
      err.println("--layers, --width, --batch, --repeats and --sampler-batch must be >= 1; "
          + "--sampler-steps, --train-steps and --min-time >= 0");
      return 2;
    }
    boolean ddim = sampler.trim().equalsIgnoreCase("ddim");
    if (!ddim && !sampler.trim().equalsIgnoreCase("ddpm")) {
      err.println("unknown sampler '" + sampler + "' (expected ddim or ddpm)");
      return 2;
    }
    if (sweepOptions.sweep) {
      return DeepPcrSweep.run(sweepOptions, spec, act, expanding, repeats, minTime, seed);
    }
    Timing timing = new Timing(repeats, minTime);
    NewtonOptions chainNewton = samplerSteps > 0 ? NewtonChain.defaultOptions(samplerSteps) : null;
    DdimSampler.Config ddimConfig = null;
    if (ddim && samplerSteps > 0) {
      try {
        ddimConfig = new DdimSampler.Config(samplerSteps, DdimSampler.DEFAULT_TRAINING_STEPS, width, ddimHidden,
            samplerBatch, ddimEta, seed, timing, chainNewton);
      } catch (IllegalArgumentException e) {
        err.println("bad DDIM sampler flags (--sampler-steps, --ddim-hidden, --ddim-eta): " + e.getMessage());
        return 2;
      }
    }
    Regime regime = expanding ? Regime.EXPANDING : Regime.CONTRACTING;
    NewtonOptions newton = NewtonOptions.defaults();
    boolean ok = true;
    KernelContext opened;
    try {
      opened = backend == null ? Kernels.open() : Kernels.open(Backend.parse(backend));
    } catch (IllegalArgumentException | BackendUnavailableException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (trainResnet) {
      try (KernelContext ctx = opened) {
        if (resnetLayers < 1 || resnetWidth < 1 || resnetSteps < 1 || resnetBatch < 1) {
          err.println("--resnet-layers, --resnet-width, --resnet-steps and --resnet-batch must be >= 1");
          return 2;
        }
        try {
          if (sweepOptions.out != null) {
            Outputs.checkWritableFolder(sweepOptions.out, "--out");
          }
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          return 2;
        }
        out.printf(Locale.ROOT, "deeppcr on %s: %s%n", ctx.backend().id(), ctx.description());
        return ResidualTrainingRun.run(ctx.pcr(), ctx.backend().id(), new ResidualClassifierTraining.Config(act,
            resnetLayers, resnetWidth, resnetBatch, resnetSteps, ResidualClassifierTraining.Config.DEFAULT_LEARNING_RATE,
            ResidualClassifierTraining.Config.DEFAULT_MOMENTUM, seed, Math.max(1, resnetSteps / 10), newton),
            sweepOptions.out, out, err);
      }
    }
    try (KernelContext ctx = opened) {
      out.printf(Locale.ROOT, "deeppcr on %s: %s%n", ctx.backend().id(), ctx.description());
      out.printf(Locale.ROOT, "MLP: %d layers x width %d, batch %d, %s, %s (spectral norm %.1f per layer), "
          + "seed %d; times: fastest of >= %d runs and >= %.2g s per pass%n", layers, width, batch,
          act.name().toLowerCase(Locale.ROOT), regime.name().toLowerCase(Locale.ROOT), regime.spectralNorm(), seed,
          repeats, minTime);

      DeepPcrMlp.Result mlp = DeepPcrMlp.run(ctx.pcr(),
          new DeepPcrMlp.Config(act, layers, width, batch, regime, seed, timing, newton));
      DeepPcrMlp.ForwardComparison f = mlp.forward();
      // Agreement is the goal; an expanding MLP may instead report non-convergence, which is honest, not wrong.
      boolean forwardOk = f.converged() ? f.agreement().within(TOLERANCE) : expanding;
      out.printf(Locale.ROOT, "forward   sequential %s  deeppcr %s  (%s)  iterations %d  residual %.2e  %s  "
          + "max|diff| %.2e  rel %.2e  %s%n", ms(f.sequentialSeconds()), ms(f.deepPcrSeconds()),
          speedup(f.sequentialSeconds(), f.deepPcrSeconds()), f.iterations(), f.residual(),
          f.nonFinite() ? "non-finite" : f.converged() ? "converged" : "NOT converged", f.agreement().maxAbs(),
          f.agreement().relative(), verdict(forwardOk, f.converged()));
      ok &= forwardOk;

      DeepPcrMlp.BackwardComparison b = mlp.backward();
      boolean backwardOk = b.worst().within(TOLERANCE);
      out.printf(Locale.ROOT, "backward  sequential %s  deeppcr %s  (%s)  rel inputs %.2e  weights %.2e  "
          + "biases %.2e  %s%n", ms(b.sequentialSeconds()), ms(b.deepPcrSeconds()),
          speedup(b.sequentialSeconds(), b.deepPcrSeconds()), b.inputs().relative(), b.weights().relative(),
          b.biases().relative(), verdict(backwardOk, true));
      ok &= backwardOk;

      if (trainSteps > 0) {
        TrainingExample.Result t = TrainingExample.run(ctx.pcr(), new TrainingExample.Config(act, layers, width,
            batch, trainSteps, learningRate, seed, timing, newton));
        boolean trainOk = t.converged() && t.maxLossRelativeDifference() <= TOLERANCE
            && t.finalWeights().within(TOLERANCE);
        out.printf(Locale.ROOT, "training  %d SGD steps, lr %s, MSE to a teacher MLP: sequential %s  deeppcr %s  "
            + "iterations %s%n", trainSteps, learningRate, ms(t.sequentialSeconds()), ms(t.deepPcrSeconds()),
            Arrays.toString(t.newtonIterations()));
        out.printf(Locale.ROOT, "          loss sequential %s%n          loss deeppcr    %s%n", losses(t.sequentialLosses()),
            losses(t.deepPcrLosses()));
        out.printf(Locale.ROOT, "          max rel loss diff %.2e  final weights rel %.2e  %s%n",
            t.maxLossRelativeDifference(), t.finalWeights().relative(), verdict(trainOk, t.converged()));
        ok &= trainOk;
      }

      if (samplerSteps > 0) {
        SamplerComparison s = ddim ? DdimSampler.run(ctx.pcr(), ddimConfig)
            : DiffusionSampler.run(ctx.pcr(), new DiffusionSampler.Config(samplerSteps, width, width, samplerBatch,
                seed, timing, chainNewton));
        boolean samplerOk = s.converged() && s.samples().within(TOLERANCE) && s.trajectories().within(TOLERANCE);
        out.printf(Locale.ROOT, "sampler   %s: sequential %s  newton-pcr %s  (%s)  iterations max %d total %d "
            + "(cap %d)  residual %.2e  %s  rel trajectory %.2e  rel x_0 %.2e  %s%n", s.setting(),
            ms(s.sequentialSeconds()), ms(s.newtonSeconds()), speedup(s.sequentialSeconds(), s.newtonSeconds()),
            s.maxIterations(), s.totalIterations(), chainNewton.maxIterations(), s.residual(),
            s.nonFinite() ? "non-finite" : s.converged() ? "converged" : "NOT converged",
            s.trajectories().relative(), s.samples().relative(), verdict(samplerOk, s.converged()));
        ok &= samplerOk;
      }
    }
    out.println(ok ? "all agree within " + TOLERANCE + " (relative)" : "DISAGREEMENT beyond " + TOLERANCE);
    out.flush();
    return ok ? 0 : 1;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
  }

  private static String speedup(double sequential, double parallel) {
    return String.format(Locale.ROOT, "x%.3g", sequential / parallel);
  }

  private static String losses(double[] losses) {
    StringBuilder sb = new StringBuilder();
    for (double l : losses) {
      sb.append(String.format(Locale.ROOT, "%.7e ", l));
    }
    return sb.toString().trim();
  }

  private static String verdict(boolean ok, boolean converged) {
    return ok ? (converged ? "ok" : "ok (reported unconverged)") : "FAIL";
  }
}
