package io.jkernels.cli;

import io.jkernels.validation.ValidationReport;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The report as one self-contained HTML page: the plots (drawn with XChart to PNG and embedded as data URIs: no
 * file beside it, no script, nothing fetched from the network) and the tables of the Markdown report. Plots: per
 * backend, each operation's worst error against its tolerance; per benchmark, throughput against its ceiling, and
 * against its anchor (the sequential reference measured in the same run).
 */
final class HtmlReport {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;
  /** Log axes cannot show 0: a ratio this small (an exact result) is drawn at this floor, and said so. */
  private static final double FLOOR = 1e-6;

  private HtmlReport() {}

  /** The page; {@code sections} (ready HTML, e.g. the residual-training section) follow the benchmarks. */
  static String html(ValidationReport v, BenchSession.Summary bench, double seconds, String... sections)
      throws IOException {
    System.setProperty("java.awt.headless", "true"); // plots are drawn off-screen: no display needed
    StringBuilder h = new StringBuilder("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>jkernels report</title>
        <style>
          body { font-family: sans-serif; margin: 2em; max-width: 1000px; }
          table { border-collapse: collapse; margin: 1em 0; font-size: 90%; }
          td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
          .FAIL { color: #b00; font-weight: bold; } .PASS { color: #070; }
          img { display: block; margin: 1em 0; border: 1px solid #eee; }
        </style></head><body>
        <h1>jkernels report</h1>
        """);
    h.append("<p>Verdict: <b class=\"").append(v.passed() ? "PASS" : "FAIL").append("\">").append(esc(v.verdict()))
        .append("</b> (").append(v.checksRun()).append(" checks, ").append(v.failures()).append(" failed; seed ")
        .append(v.seed()).append("); whole run ").append(String.format(Locale.ROOT, "%.0f", seconds))
        .append(" s.</p>\n<h2>Validation: worst error against its tolerance</h2>\n")
        .append("<p>Per operation, the worst case's relative error ÷ its tolerance (log scale): below the line at 1")
        .append(" passes. Exact results are drawn at ").append(FLOOR).append(".</p>\n");
    Map<String, List<ValidationReport.Summary>> byBackend = new LinkedHashMap<>();
    for (ValidationReport.Summary s : v.summaries()) {
      byBackend.computeIfAbsent(s.backend(), k -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<String, List<ValidationReport.Summary>> e : byBackend.entrySet()) {
      List<String> ops = new ArrayList<>();
      List<Double> ratio = new ArrayList<>();
      for (ValidationReport.Summary s : e.getValue()) {
        ops.add(s.family() + "/" + s.operation());
        double r = s.worst().failure() != null || Double.isNaN(s.worst().error()) ? 1e3
            : s.worst().tolerance() > 0 ? s.worst().error() / s.worst().tolerance() : FLOOR;
        ratio.add(Math.max(FLOOR, Math.min(1e3, r)));
      }
      CategoryChart chart = chart(e.getKey() + ": worst error ÷ tolerance", "operation", "error ÷ tolerance");
      logAxis(chart, ratio);
      chart.addSeries("worst case", ops, ratio).setFillColor(new Color(0x3366cc));
      CategorySeries limit = chart.addSeries("tolerance (1)", ops, ops.stream().map(o -> 1.0).toList());
      limit.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
      limit.setLineColor(new Color(0xcc0000));
      h.append(image(chart, "validation on " + e.getKey()));
    }
    for (var run : v.runs()) {
      if (!run.ran()) {
        h.append("<p>").append(esc(run.label())).append(": not run: ").append(esc(run.unavailable())).append("</p>\n");
      }
    }
    h.append(table(summaryRows(v)));

    h.append("<h2>Benchmarks</h2>\n");
    if (bench == null) {
      h.append("<p>Not run (--no-bench).</p>\n");
    } else {
      h.append("<p>Backend ").append(esc(bench.backend())).append(bench.quick() ? "; quick run: indicative only" : "")
          .append(bench.disturbed() ? "; <b>another JMH run was active: the numbers are disturbed</b>" : "")
          .append(".</p>\n");
      List<String> memNames = new ArrayList<>();
      List<Double> ofCeiling = new ArrayList<>();
      List<String> refNames = new ArrayList<>();
      List<Double> speedup = new ArrayList<>();
      for (BenchSession.Ratios q : BenchSession.ratios(bench)) {
        String name = q.row().shortName() + (q.row().params().isEmpty() ? "" : " [" + q.row().params() + "]");
        if (!Double.isNaN(q.ofCeiling())) {
          memNames.add(name);
          ofCeiling.add(q.ofCeiling());
        }
        if (!Double.isNaN(q.speedup()) && q.speedup() > 0) {
          refNames.add(name + " (" + q.basis() + ")");
          speedup.add(q.speedup());
        }
      }
      if (memNames.isEmpty()) {
        h.append("<p>No memory-bound result to hold to a ceiling.</p>\n");
      } else {
        CategoryChart c = chart("Throughput ÷ memory-bandwidth ceiling (higher is better; 1 = the memory floor)",
            "benchmark", "GB/s ÷ ceiling GB/s");
        c.addSeries("of ceiling", memNames, ofCeiling).setFillColor(new Color(0x2a9d8f));
        CategorySeries one = c.addSeries("ceiling (1)", memNames, memNames.stream().map(x -> 1.0).toList());
        one.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        one.setLineColor(new Color(0xcc0000));
        h.append(image(c, "throughput against the ceiling"));
      }
      if (refNames.isEmpty()) {
        h.append("<p>No benchmark with a reference in this run.</p>\n");
      } else {
        CategoryChart c = chart("Speed-up over the anchor: the sequential reference (higher is better, log scale)",
            "benchmark", "× reference");
        logAxis(c, speedup);
        c.addSeries("speed-up", refNames, speedup).setFillColor(new Color(0xe76f51));
        h.append(image(c, "speed-up over the sequential reference"));
      }
      h.append(table(BenchSession.cells(bench)));
      h.append("<p>").append(esc(BenchSession.LEGEND)).append("</p>\n");
      if (!bench.failed().isEmpty()) {
        h.append("<p class=\"FAIL\">Failed to run: ").append(esc(String.join(", ", bench.failed()))).append("</p>\n");
      }
    }
    for (String section : sections) {
      h.append(section);
    }
    return h.append("</body></html>\n").toString();
  }

  /** A log y axis spanning the data and 1 (bars of a log axis need an explicit positive minimum). */
  private static void logAxis(CategoryChart c, List<Double> values) {
    double lo = Math.min(1, values.stream().mapToDouble(Double::doubleValue).min().orElse(1));
    double hi = Math.max(1, values.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo)) - 1)); // bars grow from the minimum: one decade under the smallest
    c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi * 1.01))));
  }

  private static List<String[]> summaryRows(ValidationReport v) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"family", "operation", "backend", "passed", "worst case", "worst rel. error", "tolerance",
        "verdict"});
    for (ValidationReport.Summary s : v.summaries()) {
      rows.add(new String[] {s.family(), s.operation(), s.backend(), (s.cases() - s.failed()) + "/" + s.cases(),
          s.worst().caseName(), ValidationReport.error(s.worst().error()),
          ValidationReport.error(s.worst().tolerance()), s.verdict()});
    }
    return rows;
  }

  private static CategoryChart chart(String title, String x, String y) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
        .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setOverlapped(true); // the limit line over the bars, not beside them
    return c;
  }

  /** The chart as an inline PNG; onload/onerror mark it, so a browser check can tell a drawn image from a broken one. */
  private static String image(CategoryChart chart, String alt) throws IOException {
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    return "<img alt=\"" + esc(alt) + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
        + "\" onload=\"this.dataset.drawn=this.naturalWidth\" onerror=\"this.dataset.broken='1'\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\">\n";
  }

  private static String table(List<String[]> rows) {
    StringBuilder t = new StringBuilder("<table>\n");
    for (int r = 0; r < rows.size(); r++) {
      t.append("<tr>");
      for (String cell : rows.get(r)) {
        String tag = r == 0 ? "th" : "td";
        t.append('<').append(tag).append(cell.equals("PASS") || cell.equals("FAIL") ? " class=\"" + cell + "\"" : "")
            .append('>').append(esc(cell)).append("</").append(tag).append('>');
      }
      t.append("</tr>\n");
    }
    return t.append("</table>\n").toString();
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
