package io.jkernels.cli;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.Json;
import io.jkernels.pipelines.deeppcr.DigitsDataset;
import io.jkernels.pipelines.deeppcr.ResidualClassifierTraining;
import io.jkernels.pipelines.deeppcr.TrainTestSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.Locale;

/**
 * The report's residual-training section: the residual classifier trained on the digits with DeepPCR and with
 * backpropagation ({@link ResidualClassifierTraining}) at a small configuration ({@link #CONFIG}: a few seconds on a
 * CPU) on the best backend; both loss curves as a plot ({@link LossCurvePlot}), the largest relative loss
 * difference against its float32 tolerance, test accuracies, Newton's iterations and both wall times. The report
 * fails when the runs disagree; where the data set is missing the section says so and does not fail the report.
 */
final class ResidualTrainingSection {
  /** 16 blocks of width 16, batch 32, 60 steps (about one epoch of the 1437 training digits). */
  static final ResidualClassifierTraining.Config CONFIG = ResidualClassifierTraining.Config.of(16, 16, 32, 60);

  /** The result, or why there is none. */
  record Section(String backend, ResidualClassifierTraining.Result result, String notRun) {
    /** False only when it ran and the runs disagree. */
    boolean ok() {
      return result == null || result.agrees();
    }
  }

  private ResidualTrainingSection() {}

  static Section run(PrintWriter log) {
    if (!DigitsDataset.installed()) {
      return new Section(null, null, "the digits data set is missing (" + DigitsDataset.DEBIAN_PATH + "; install "
          + "Debian's " + DigitsDataset.DEBIAN_PACKAGE + ")");
    }
    try (KernelContext ctx = Kernels.open()) {
      log.println("== residual training: DeepPCR vs backpropagation on the digits, " + ctx.backend().id());
      log.flush();
      TrainTestSplit data = TrainTestSplit.of(DigitsDataset.load(), TrainTestSplit.DEFAULT_TEST_FRACTION,
          TrainTestSplit.DEFAULT_SEED);
      return new Section(ctx.backend().id(), ResidualClassifierTraining.run(ctx.pcr(), data, CONFIG), null);
    } catch (IOException | ArithmeticException e) {
      return new Section(null, null, "failed: " + e.getMessage());
    }
  }

  private static String summary(Section s) {
    ResidualClassifierTraining.Result r = s.result();
    ResidualClassifierTraining.Config c = r.config();
    return String.format(Locale.ROOT, "On %s: %d residual blocks x_l = x_{l-1} + tanh(W_l x_{l-1} + c_l) of width %d"
        + " (64 -> %d projection, %d -> 10 head), %d SGD steps of batch %d on %d digits, twice from the same start:"
        + " DeepPCR (Newton-PCR forward, adjoint-solve backward) and backpropagation.", s.backend(), c.layers(),
        c.width(), c.width(), c.width(), c.steps(), c.batch(), r.trainSamples());
  }

  private static String[][] rows(ResidualClassifierTraining.Result r) {
    return new String[][] {
        {"relative loss difference, first step (same parameters)", String.format(Locale.ROOT,
            "%.2e (tolerance %.0e)", r.firstStepRelativeDifference(), ResidualClassifierTraining.FIRST_STEP_TOLERANCE)},
        {"max relative loss difference over the steps", String.format(Locale.ROOT, "%.2e (allowed %.2e)",
            r.maxLossRelativeDifference(), r.allowedLossDifference())},
        {"rounding drift: backprop from parameters one ulp off", String.format(Locale.ROOT, "%.2e (allowed: %.0fx"
            + " this, at least %.0e)", r.roundingDrift(), ResidualClassifierTraining.DRIFT_FACTOR,
            ResidualClassifierTraining.DIFFERENCE_FLOOR)},
        {"final parameters, relative difference", String.format(Locale.ROOT, "%.2e (allowed %.2e)",
            r.finalParameters().relative(), r.allowedParameterDifference())},
        {"verdict", r.agrees() ? "PASS" : "FAIL"},
        {"test accuracy (" + r.testSamples() + " digits) deeppcr / backprop", String.format(Locale.ROOT,
            "%.1f %% / %.1f %% (before training %.1f %%)", 100 * r.last().deepPcrAccuracy(),
            100 * r.last().backpropAccuracy(), 100 * r.first().backpropAccuracy())},
        {"Newton iterations per step", String.format(Locale.ROOT, "mean %.2f, max %d%s", r.meanIterations(),
            r.maxIterations(), r.converged() ? "" : ", NOT all converged")},
        {"wall time deeppcr / backprop", String.format(Locale.ROOT, "%.3f s / %.3f s (speed ratio x%.3g)",
            r.deepPcrTotalSeconds(), r.backpropTotalSeconds(), r.speedRatio())}};
  }

  static String markdown(Section s) {
    StringBuilder md = new StringBuilder("\n## Residual training: DeepPCR against backpropagation\n\n");
    if (s.result() == null) {
      return md.append("Not run: ").append(s.notRun()).append(".\n").toString();
    }
    md.append(summary(s)).append("\n\n| | |\n|---|---|\n");
    for (String[] row : rows(s.result())) {
      md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
    }
    return md.append("\nThe HTML report plots both loss curves; `jkernels deeppcr --train-resnet --out DIR` writes "
        + "them as CSV and PNG.\n").toString();
  }

  static String json(Section s) {
    if (s.result() == null) {
      return "{\"not_run\": " + Json.string(s.notRun()) + "}";
    }
    ResidualClassifierTraining.Result r = s.result();
    ResidualClassifierTraining.Config c = r.config();
    return "{\"backend\": " + Json.string(s.backend()) + ", \"layers\": " + c.layers() + ", \"width\": " + c.width()
        + ", \"batch\": " + c.batch() + ", \"steps\": " + c.steps() + ", \"first_step_loss_rel_diff\": " + Json.number(r.firstStepRelativeDifference())
        + ", \"max_loss_rel_diff\": "
        + Json.number(r.maxLossRelativeDifference()) + ", \"allowed_loss_rel_diff\": "
        + Json.number(r.allowedLossDifference()) + ", \"rounding_drift\": " + Json.number(r.roundingDrift())
        + ", \"agrees\": " + r.agrees()
        + ", \"converged\": " + r.converged() + ", \"test_accuracy_deeppcr\": "
        + Json.number(r.last().deepPcrAccuracy()) + ", \"test_accuracy_backprop\": "
        + Json.number(r.last().backpropAccuracy()) + ", \"newton_iterations_mean\": "
        + Json.number(r.meanIterations()) + ", \"newton_iterations_max\": " + r.maxIterations()
        + ", \"deeppcr_seconds\": " + Json.number(r.deepPcrTotalSeconds()) + ", \"backprop_seconds\": "
        + Json.number(r.backpropTotalSeconds()) + ", \"losses_deeppcr\": " + array(r.deepPcrLosses())
        + ", \"losses_backprop\": " + array(r.backpropLosses()) + "}";
  }

  private static String array(double[] v) {
    StringBuilder a = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      a.append(i > 0 ? ", " : "").append(Json.number(v[i]));
    }
    return a.append(']').toString();
  }

  static String html(Section s) throws IOException {
    StringBuilder h = new StringBuilder("<h2>Residual training: DeepPCR against backpropagation</h2>\n");
    if (s.result() == null) {
      return h.append("<p>Not run: ").append(HtmlReport.esc(s.notRun())).append(".</p>\n").toString();
    }
    h.append("<p>").append(HtmlReport.esc(summary(s))).append(" The two loss curves lie on each other: they agree to"
        + " float32 rounding (measured against a third, untimed backpropagation run from parameters one ulp off).</p>\n");
    h.append("<img alt=\"residual training loss curves\" width=\"").append(LossCurvePlot.WIDTH)
        .append("\" height=\"").append(LossCurvePlot.HEIGHT).append("\" onload=\"this.dataset.drawn=this.naturalWidth\""
            + " onerror=\"this.dataset.broken='1'\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(LossCurvePlot.png(s.result()))).append("\">\n<table>\n");
    for (String[] row : rows(s.result())) {
      String cls = row[1].equals("PASS") || row[1].equals("FAIL") ? " class=\"" + row[1] + "\"" : "";
      h.append("<tr><td>").append(HtmlReport.esc(row[0])).append("</td><td").append(cls).append('>')
          .append(HtmlReport.esc(row[1])).append("</td></tr>\n");
    }
    return h.append("</table>\n").toString();
  }
}
