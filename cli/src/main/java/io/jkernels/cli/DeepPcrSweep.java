package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.kernels.cuda.GpuRoofline;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pipelines.deeppcr.DeepPcrMlp;
import io.jkernels.pipelines.deeppcr.RandomMlp;
import io.jkernels.pipelines.deeppcr.Regime;
import io.jkernels.pipelines.deeppcr.Timing;
import io.jkernels.validation.cost.DeepPcrClosedForm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jkernels deeppcr --sweep}: the crossover map. Every cell of the grid (layers × width × batch) runs
 * {@link DeepPcrMlp} on each backend (both passes, DeepPCR and sequential, the fastest of the command's
 * {@code --repeats} / {@code --min-time} runs), and the GPU cost model predicts the same cells, plus deeper ones, for
 * an H100 and an H200 ({@link DeepPcrClosedForm}, with the Newton iterations the CPU run needed on the same MLP);
 * {@link SweepReport} writes the tables and heat maps. Exit code 0, 1 when a measured cell disagrees with its
 * sequential pass (or a contracting MLP's Newton did not converge), 2 for a bad grid or output folder (nothing is
 * written then).
 */
final class DeepPcrSweep {
  /** The paper's headline speedups over the sequential pass on the same GPU (Danieli et al., NeurIPS 2023). */
  static final double FORWARD_HEADLINE = 30;

  static final double BACKWARD_HEADLINE = 200;

  /** The sweep's default --min-time: enough for the JIT at these sizes, and the default grid in about 2 minutes. */
  static final String SWEEP_MIN_TIME_TEXT = "0.5";

  static final double SWEEP_MIN_TIME = Double.parseDouble(SWEEP_MIN_TIME_TEXT);

  private DeepPcrSweep() {}

  /** Everything a report needs: the grid, the run's settings, the measured and the predicted cells. */
  record Result(SweepGrid grid, Settings settings, List<SweepCell> measured, List<SweepCell> predicted,
      Map<Backend, String> descriptions) {}

  /** The command's settings the sweep ran with. */
  record Settings(Activation activation, Regime regime, Timing timing, long seed, NewtonOptions newton) {}

  static int run(DeepPcrSweepOptions options, CommandSpec spec, Activation activation, boolean expanding,
      int repeats, double minTime, long seed) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SweepGrid grid;
    SweepReport.Target target;
    try {
      grid = SweepGrid.parse(options);
      if (grid.backends().isEmpty()) {
        throw new IllegalArgumentException("--backends: no CPU backend is available here");
      }
      target = SweepReport.Target.check(options.out);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    boolean minTimeGiven = spec.commandLine().getParseResult().hasMatchedOption("--min-time");
    Settings settings = new Settings(activation, expanding ? Regime.EXPANDING : Regime.CONTRACTING,
        new Timing(repeats, minTimeGiven ? minTime : SWEEP_MIN_TIME), seed, NewtonOptions.defaults());
    Result result = measure(grid, settings, err);
    Path folder;
    try {
      folder = SweepReport.write(result, target);
    } catch (IOException | UncheckedIOException e) {
      err.println("could not write the sweep: " + e.getMessage());
      return 2;
    }
    int failed = 0;
    for (SweepCell c : result.measured()) {
      if (!ok(c, settings.regime())) {
        failed++;
      }
    }
    out.printf(Locale.ROOT, "deeppcr sweep: %d cells x 2 passes on %s measured, %d predicted; wrote %s%n",
        grid.cells().size(), ids(grid.backends()), result.predicted().size(), folder);
    out.print(SweepReport.headlineSummary(result.predicted()));
    out.println(failed == 0 ? "all measured cells agree with the sequential pass within " + DeepPcrCommand.TOLERANCE
        : failed + " measured cell(s) DISAGREE or did not converge (see the table)");
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  /** A contracting MLP must converge and agree; an expanding one may instead report non-convergence. */
  static boolean ok(SweepCell c, Regime regime) {
    return c.converged() ? c.agrees() : regime == Regime.EXPANDING;
  }

  static Result measure(SweepGrid grid, Settings s, PrintWriter err) {
    List<SweepCell> measured = new ArrayList<>();
    Map<Backend, String> descriptions = new HashMap<>();
    Map<String, int[]> newton = new HashMap<>(); // "L/w/B" -> {iterations, converged}
    List<int[]> cells = grid.cells();
    int total = cells.size() * grid.backends().size();
    int done = 0;
    long start = System.nanoTime();
    for (Backend backend : grid.backends()) {
      try (KernelContext ctx = Kernels.open(backend)) {
        descriptions.put(backend, ctx.description());
        for (int[] cell : cells) {
          DeepPcrMlp.Result r = DeepPcrMlp.run(ctx.pcr(), new DeepPcrMlp.Config(s.activation(), cell[0], cell[1],
              cell[2], s.regime(), s.seed(), s.timing(), s.newton()));
          DeepPcrMlp.ForwardComparison f = r.forward();
          DeepPcrMlp.BackwardComparison b = r.backward();
          measured.add(new SweepCell(cell[0], cell[1], cell[2], SweepCell.Pass.FORWARD, backend.id(),
              f.sequentialSeconds(), f.deepPcrSeconds(), f.iterations(), f.converged(), f.agreement().relative(),
              f.agreement().within(DeepPcrCommand.TOLERANCE)));
          measured.add(new SweepCell(cell[0], cell[1], cell[2], SweepCell.Pass.BACKWARD, backend.id(),
              b.sequentialSeconds(), b.deepPcrSeconds(), 0, true, b.worst().relative(),
              b.worst().within(DeepPcrCommand.TOLERANCE)));
          newton.putIfAbsent(key(cell[0], cell[1], cell[2]), new int[] {f.iterations(), f.converged() ? 1 : 0});
          done++;
          err.printf(Locale.ROOT, "sweep [%d/%d] %s L=%d w=%d B=%d: forward x%.3g (%d its%s), backward x%.3g "
                  + "(%.0f s so far)%n", done, total, backend.id(), cell[0], cell[1], cell[2],
              f.sequentialSeconds() / f.deepPcrSeconds(), f.iterations(), f.converged() ? "" : ", NOT converged",
              b.sequentialSeconds() / b.deepPcrSeconds(), (System.nanoTime() - start) / 1e9);
          err.flush();
        }
      }
    }
    List<SweepCell> predicted = predict(grid, s, newton, err);
    return new Result(grid, s, measured, predicted, descriptions);
  }

  /**
   * The predicted map: every cell of the measured grid and of the deeper layers, on each device, Newton taking the
   * iterations it took on the CPU for the same MLP (the iterations are the algorithm's, not the device's, up to
   * float32 rounding); for deeper cells Newton is run once, untimed, on the first backend.
   */
  static List<SweepCell> predict(SweepGrid grid, Settings s, Map<String, int[]> newton, PrintWriter err) {
    try (KernelContext ctx = Kernels.open(grid.backends().getFirst())) {
      for (int l : grid.predictedLayers()) {
        for (int w : grid.widths()) {
          for (int b : grid.batches()) {
            if (!newton.containsKey(key(l, w, b))) {
              err.printf(Locale.ROOT, "sweep: Newton's iterations for the predicted map at L=%d w=%d B=%d on %s%n",
                  l, w, b, ctx.backend().id());
              err.flush();
              Random random = new Random(s.seed()); // as DeepPcrMlp.run draws the MLP and its inputs
              Mlp mlp = RandomMlp.build(s.activation(), l, w, s.regime(), random);
              float[] inputs = RandomMlp.inputs(b, w, random);
              DeepPcrResult r = ctx.pcr().deepPcrForward(mlp, inputs, b, s.newton());
              newton.put(key(l, w, b), new int[] {r.iterations(), r.converged() ? 1 : 0});
            }
          }
        }
      }
    }
    List<SweepCell> predicted = new ArrayList<>();
    for (GpuRoofline device : GpuRoofline.DEVICES) {
      for (int l : grid.allPredictedLayers()) {
        for (int w : grid.widths()) {
          for (int b : grid.batches()) {
            int[] n = newton.get(key(l, w, b));
            DeepPcrClosedForm.Passes p = DeepPcrClosedForm.predict(device, l, w, b, n[0]);
            predicted.add(new SweepCell(l, w, b, SweepCell.Pass.FORWARD, device.name(), p.sequentialForward(),
                p.deepPcrForward(), n[0], n[1] == 1, 0, true));
            predicted.add(new SweepCell(l, w, b, SweepCell.Pass.BACKWARD, device.name(), p.sequentialBackward(),
                p.deepPcrBackward(), 0, true, 0, true));
          }
        }
      }
    }
    return predicted;
  }

  /** Whether a predicted cell reaches the paper's headline for its pass (30× forward, 200× backward). */
  static boolean headline(SweepCell c) {
    double threshold = c.pass() == SweepCell.Pass.FORWARD ? FORWARD_HEADLINE : BACKWARD_HEADLINE;
    return c.speedup() >= threshold;
  }

  private static String key(int l, int w, int b) {
    return l + "/" + w + "/" + b;
  }

  private static String ids(List<Backend> backends) {
    List<String> ids = new ArrayList<>();
    for (Backend b : backends) {
      ids.add(b.id());
    }
    return String.join(", ", ids);
  }
}
