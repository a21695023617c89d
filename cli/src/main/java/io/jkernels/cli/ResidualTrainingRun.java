package io.jkernels.cli;

import io.jkernels.pcr.Pcr;
import io.jkernels.pipelines.deeppcr.DigitsDataset;
import io.jkernels.pipelines.deeppcr.LossCurveCsv;
import io.jkernels.pipelines.deeppcr.ResidualClassifierTraining;
import io.jkernels.pipelines.deeppcr.TrainTestSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code jkernels deeppcr --train-resnet}: trains the residual classifier on the digits with DeepPCR and with
 * backpropagation ({@link ResidualClassifierTraining}), prints both loss curves side by side (every k-th step; the
 * CSV has all), their largest relative difference, each run's wall time and the speed ratio, Newton's iterations
 * and the test accuracies; with {@code --out DIR} writes the CSV and the loss-curve PNG ({@link LossCurvePlot})
 * as new files (never replacing one). Exit code 0 when the runs agree, 1 when not, 2 when the data set is missing.
 */
final class ResidualTrainingRun {
  /** Rows of the side-by-side table printed (evenly spaced steps; the last always). */
  static final int PRINTED_ROWS = 20;

  private ResidualTrainingRun() {}

  static int run(Pcr pcr, String backend, ResidualClassifierTraining.Config c, Path outDir, PrintWriter out,
      PrintWriter err) {
    TrainTestSplit data;
    try {
      data = TrainTestSplit.of(DigitsDataset.load(), TrainTestSplit.DEFAULT_TEST_FRACTION,
          TrainTestSplit.DEFAULT_SEED);
    } catch (NoSuchFileException e) {
      err.println("deeppcr --train-resnet: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("deeppcr --train-resnet: cannot read the digits data set: " + e.getMessage());
      return 2;
    }
    if (c.batch() > data.train().count()) {
      err.println("--resnet-batch " + c.batch() + " is more than the " + data.train().count() + " training samples");
      return 2;
    }
    out.printf(Locale.ROOT, "residual training on %s: digits (%s), %d train / %d test samples, 64 features, "
        + "10 classes%n", backend, DigitsDataset.DEBIAN_PATH, data.train().count(), data.test().count());
    out.printf(Locale.ROOT, "model: 64 -> %d projection, %d residual blocks x_l = x_{l-1} + %s(W_l x_{l-1} + c_l), "
        + "%d -> 10 head, softmax cross-entropy%n", c.width(), c.layers(),
        c.activation().name().toLowerCase(Locale.ROOT), c.width());
    out.printf(Locale.ROOT, "SGD: %d steps of batch %d, lr %s (trunk lr/L), momentum %s, seed %d; Newton tol %.0e,"
        + " at most %d iterations%n", c.steps(), c.batch(), c.learningRate(), c.momentum(), c.seed(),
        c.newton().tolerance(), c.newton().maxIterations());
    out.flush();
    ResidualClassifierTraining.Result r;
    try {
      r = ResidualClassifierTraining.run(pcr, data, c);
    } catch (ArithmeticException e) {
      err.println("deeppcr --train-resnet: " + e.getMessage());
      return 1;
    }
    printTable(r, out);
    boolean ok = r.agrees();
    ResidualClassifierTraining.Evaluation first = r.first();
    ResidualClassifierTraining.Evaluation last = r.last();
    out.printf(Locale.ROOT, "relative loss difference: first step (same parameters) %.2e (tolerance %.0e); max over"
        + " steps %.2e (allowed %.2e: %.0fx the drift %.2e of a backprop run from parameters one ulp off, at least "
        + "%.0e); final parameters %.2e (allowed %.2e)  %s%n",
        r.firstStepRelativeDifference(), ResidualClassifierTraining.FIRST_STEP_TOLERANCE,
        r.maxLossRelativeDifference(), r.allowedLossDifference(), ResidualClassifierTraining.DRIFT_FACTOR,
        r.roundingDrift(), ResidualClassifierTraining.DIFFERENCE_FLOOR, r.finalParameters().relative(),
        r.allowedParameterDifference(),
        ok ? "ok" : r.converged() ? "FAIL" : "FAIL (Newton unconverged)");
    out.printf(Locale.ROOT, "test accuracy after %d steps: deeppcr %.1f %%  backprop %.1f %%  (before training %.1f "
        + "%%; chance 10 %%)%n", last.step(), 100 * last.deepPcrAccuracy(), 100 * last.backpropAccuracy(),
        100 * first.backpropAccuracy());
    out.printf(Locale.ROOT, "Newton iterations per step: mean %.2f, max %d%n", r.meanIterations(), r.maxIterations());
    out.printf(Locale.ROOT, "time (all steps): deeppcr %.3f s  backprop %.3f s  speed ratio x%.3g (backprop time / "
        + "deeppcr time)%n", r.deepPcrTotalSeconds(), r.backpropTotalSeconds(), r.speedRatio());
    if (r.speedRatio() < 1 && !"cuda".equals(backend)) {
      out.println("  DeepPCR is slower here, as expected on a CPU: each Newton iteration costs about two sequential"
          + " passes and a CPU has too few lanes for the parallel solve to pay (see pipelines/DEEPPCR.md); the"
          + " paper's 7x is on a GPU.");
    }
    if (outDir != null) {
      try {
        String base = "resnet-training-L" + c.layers() + "-w" + c.width() + "-"
            + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = NewFiles.write(outDir, base, ".csv", LossCurveCsv.text(r).getBytes(StandardCharsets.UTF_8));
        Path png = NewFiles.write(outDir, base, ".png", LossCurvePlot.png(r));
        out.println("wrote " + csv + " and " + png);
      } catch (IOException e) {
        err.println("deeppcr --train-resnet: could not write to " + outDir + ": " + e.getMessage());
        return 1;
      }
    }
    out.flush();
    return ok ? 0 : 1;
  }

  private static void printTable(ResidualClassifierTraining.Result r, PrintWriter out) {
    int n = r.backpropLosses().length;
    int every = Math.max(1, (n + PRINTED_ROWS - 1) / PRINTED_ROWS);
    out.println(" step   loss deeppcr    loss backprop   rel diff  newton  deeppcr ms  backprop ms");
    for (int i = 0; i < n; i++) {
      if ((i + 1) % every != 0 && i != 0 && i != n - 1) {
        continue;
      }
      double a = r.deepPcrLosses()[i];
      double b = r.backpropLosses()[i];
      out.printf(Locale.ROOT, "%5d  %.8e  %.8e  %.2e  %6d  %10.2f  %11.2f%n", i + 1, a, b, Math.abs(a - b) / b,
          r.newtonIterations()[i], 1e3 * r.deepPcrSeconds()[i], 1e3 * r.backpropSeconds()[i]);
    }
  }
}
