package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.internal.Json;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pipelines.deeppcr.Agreement;
import io.jkernels.pipelines.deeppcr.ResidualClassifierTraining;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report's residual-training section: its Markdown, JSON and HTML carry the numbers of the result they are
 * given (a made-up one, so a wrong field shows); a failing result fails it; and the real section, run as the report
 * runs it, agrees (in the Vector API run of the suite only: it trains for a few seconds). The HTML's plot is drawn
 * by a headless browser in {@link HtmlReportTest}, which embeds {@link #sample()}.
 */
class ResidualTrainingSectionTest {
  /**
   * A small made-up result: 3 steps, the losses 2.0e-7 apart relatively at most, the twin's 4e-6 (so 4e-5 allowed);
   * the disagreeing one 0.2 apart at the last step.
   */
  static ResidualTrainingSection.Section sample(boolean agreeing) {
    ResidualClassifierTraining.Config c = new ResidualClassifierTraining.Config(Activation.TANH, 8, 4, 16, 3, 0.05f,
        0.9f, 1, 0, NewtonOptions.defaults());
    double[] backprop = {2.5, 1.25, 0.5};
    double[] deepPcr = {2.5, 1.25 * (1 + 2e-7), agreeing ? 0.5 : 0.6};
    double[] twin = {2.5, 1.25, 0.5 * (1 + 4e-6)};
    return new ResidualTrainingSection.Section("vector", new ResidualClassifierTraining.Result(c, 1438, 359,
        deepPcr, backprop, twin, new int[] {3, 2, 2}, new double[] {0.5, 0.25, 0.25},
        new double[] {0.1, 0.05, 0.05}, List.of(new ResidualClassifierTraining.Evaluation(0, 0.1, 0.1),
            new ResidualClassifierTraining.Evaluation(3, 0.75, 0.75)), true, new Agreement(1e-8, 1e-7),
        new Agreement(1e-8, 2e-7)), null);
  }

  @Test
  void markdownJsonAndHtmlCarryTheNumbers() throws Exception {
    ResidualTrainingSection.Section s = sample(true);
    assertTrue(s.ok());
    String md = ResidualTrainingSection.markdown(s);
    assertTrue(md.contains("## Residual training") && md.contains("2.00e-07 (allowed 4.00e-05)")
        && md.contains("4.00e-06 (allowed: 10x this")
        && md.contains("75.0 % / 75.0 % (before training 10.0 %)") && md.contains("mean 2.33, max 3")
        && md.contains("| verdict | PASS |"), md);
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(ResidualTrainingSection.json(s));
    assertEquals(8.0, ((Number) json.get("layers")).doubleValue());
    assertEquals(2e-7, ((Number) json.get("max_loss_rel_diff")).doubleValue(), 1e-12);
    assertEquals(0.0, ((Number) json.get("first_step_loss_rel_diff")).doubleValue());
    assertEquals(4e-6, ((Number) json.get("rounding_drift")).doubleValue(), 1e-12);
    assertEquals(Boolean.TRUE, json.get("agrees"));
    assertEquals(3, ((List<?>) json.get("losses_backprop")).size());
    String html = ResidualTrainingSection.html(s);
    assertTrue(html.contains("<img alt=\"residual training loss curves\"") && html.contains("class=\"PASS\""), html);
    assertFalse(html.contains("<script"));

    ResidualTrainingSection.Section bad = sample(false);
    assertFalse(bad.ok());
    assertTrue(ResidualTrainingSection.markdown(bad).contains("| verdict | FAIL |"));
    ResidualTrainingSection.Section notRun = new ResidualTrainingSection.Section(null, null, "no data");
    assertTrue(notRun.ok(), "a missing data set does not fail the report");
    assertTrue(ResidualTrainingSection.markdown(notRun).contains("Not run: no data."));
    assertEquals("no data", ((Map<?, ?>) Json.parse(ResidualTrainingSection.json(notRun))).get("not_run"));
  }

  @Test
  void theReportsRunAgrees() {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "run once, in the suite's Vector API run");
    DigitsPeer.assumeInstalled();
    StringWriter log = new StringWriter();
    ResidualTrainingSection.Section s = ResidualTrainingSection.run(new PrintWriter(log, true));
    assertTrue(s.result() != null, "ran: " + s.notRun());
    assertTrue(s.ok(), ResidualTrainingSection.markdown(s));
    assertTrue(s.result().last().backpropAccuracy() > 0.5, "it learned: " + s.result().evaluations());
    assertTrue(log.toString().contains("== residual training"), log.toString());
  }
}
