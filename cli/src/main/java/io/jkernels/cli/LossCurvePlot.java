package io.jkernels.cli;

import io.jkernels.pipelines.deeppcr.ResidualClassifierTraining;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The residual classifier's two loss curves in one picture (XChart, PNG): the backpropagation run as a wide pale
 * line, the DeepPCR run as a thin dark dashed line over it (they agree to float32 rounding, so one would hide the
 * other), the title giving the largest relative difference beside the rounding twin's (what float32 rounding alone
 * does to this training, {@link ResidualClassifierTraining#DRIFT_FACTOR}).
 */
final class LossCurvePlot {
  static final int WIDTH = 900;
  static final int HEIGHT = 420;

  private LossCurvePlot() {}

  static XYChart chart(ResidualClassifierTraining.Result r) {
    ResidualClassifierTraining.Config c = r.config();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(String.format(Locale.ROOT, "Digits, %d residual blocks x %d, batch %d: max rel. loss difference %.1e"
            + " (float32 rounding alone %.1e)", c.layers(), c.width(), c.batch(), r.maxLossRelativeDifference(),
            r.roundingDrift()))
        .xAxisTitle("SGD step").yAxisTitle("training loss (cross-entropy of the batch)").build();
    Styler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    double[] steps = new double[r.backpropLosses().length];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i + 1;
    }
    XYSeries backprop = chart.addSeries("backpropagation (sequential passes)", steps, r.backpropLosses());
    backprop.setMarker(SeriesMarkers.NONE);
    backprop.setLineColor(new Color(0x8ecae6));
    backprop.setLineStyle(new BasicStroke(6f));
    XYSeries deepPcr = chart.addSeries("DeepPCR (Newton-PCR forward, adjoint-solve backward)", steps,
        r.deepPcrLosses());
    deepPcr.setMarker(SeriesMarkers.NONE);
    deepPcr.setLineColor(new Color(0xc0392b));
    deepPcr.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f));
    return chart;
  }

  static byte[] png(ResidualClassifierTraining.Result r) throws IOException {
    System.setProperty("java.awt.headless", "true"); // drawn off-screen: no display needed
    return BitmapEncoder.getBitmapBytes(chart(r), BitmapEncoder.BitmapFormat.PNG);
  }
}
