package io.jkernels.pipelines.deeppcr;

import java.util.Locale;

/**
 * A training result as CSV text (RFC 4180, a header row): one row per step s = 1..steps with both runs' losses on
 * step s's mini-batch (before its update), their relative difference, the rounding twin's loss
 * ({@link ResidualClassifierTraining#DRIFT_FACTOR}), DeepPCR's Newton iterations, both step times
 * (s) and, where the test set was scored after step s, both test accuracies (empty elsewhere); a first row, step 0,
 * carries only the accuracies before training.
 */
public final class LossCurveCsv {
  /** The header row. */
  public static final String HEADER = "step,loss_deeppcr,loss_backprop,loss_rel_diff,loss_rounding_twin,newton_iterations,"
      + "deeppcr_seconds,backprop_seconds,test_accuracy_deeppcr,test_accuracy_backprop";

  private LossCurveCsv() {}

  /** The CSV text of {@code r}. */
  public static String text(ResidualClassifierTraining.Result r) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    java.util.Map<Integer, ResidualClassifierTraining.Evaluation> scored = new java.util.HashMap<>();
    for (ResidualClassifierTraining.Evaluation e : r.evaluations()) {
      scored.put(e.step(), e);
    }
    ResidualClassifierTraining.Evaluation before = scored.get(0);
    if (before != null) {
      csv.append(String.format(Locale.ROOT, "0,,,,,,,,%s,%s\r\n", before.deepPcrAccuracy(), before.backpropAccuracy()));
    }
    for (int i = 0; i < r.backpropLosses().length; i++) {
      ResidualClassifierTraining.Evaluation e = scored.get(i + 1);
      double a = r.deepPcrLosses()[i];
      double b = r.backpropLosses()[i];
      csv.append(i + 1).append(',').append(a).append(',').append(b).append(',').append(Math.abs(a - b) / Math.abs(b))
          .append(',').append(r.twinLosses()[i]).append(',').append(r.newtonIterations()[i]).append(',').append(r.deepPcrSeconds()[i]).append(',')
          .append(r.backpropSeconds()[i]).append(',').append(e == null ? "" : Double.toString(e.deepPcrAccuracy()))
          .append(',').append(e == null ? "" : Double.toString(e.backpropAccuracy())).append("\r\n");
    }
    return csv.toString();
  }
}
