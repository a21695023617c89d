package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.validation.BackendRun;
import io.jkernels.validation.CheckResult;
import io.jkernels.validation.ValidationReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report: self-contained (plots as inline PNGs, no script source, no network), and really drawn, as a
 * headless Chromium shows: every image decoded at its full width, and the page's pixels not blank. Skipped (not
 * passed) where Chromium is absent; CI installs it ({@code .ci/run}).
 */
class HtmlReportTest {
  @TempDir
  Path dir;

  private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([^\"]+)\"");

  private static String cached;

  /** Drawn once per JVM: AWT's first start is the slow part. */
  static synchronized String sampleHtml() throws Exception {
    if (cached == null) {
      cached = drawSample();
    }
    return cached;
  }

  /**
   * The browser check runs in the Vector API run of the suite only: the page does not depend on the backend, and a
   * second browser start would only cost CI time.
   */
  private static boolean vectorRun() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static String drawSample() throws Exception {
    List<CheckResult> vector = List.of(
        new CheckResult("transport", "apply", "rows=7", "vector", 1e-7, 1e-6, null, 1),
        new CheckResult("transport", "apply", "rows=1", "vector", 0, 1e-6, null, 2),
        new CheckResult("pcr", "solveTridiagonal", "size=5", "vector", 3e-6, 1e-5, null, 3));
    List<CheckResult> scalar = List.of(
        new CheckResult("transport", "apply", "rows=7", "scalar", 2e-7, 1e-6, null, 1),
        new CheckResult("pcr", "solveTridiagonal", "size=5", "scalar", 2e-5, 1e-5, null, 3));
    ValidationReport v = new ValidationReport(List.of(new BackendRun("vector", "Vector API, 256 bits", vector, 0, 1, null),
        new BackendRun("scalar", "plain loops", scalar, 0, 1, null), BackendRun.unavailable("cuda", "no GPU")), 42,
        Map.of("date", "2026-12-01"));
    var bench = new BenchSession.Summary("vector", List.of(
        new BenchSession.Row(BenchSession.CEILING, "", 2.0, 40.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.transport.ApplyBenchmark.apply", "rows=8", 1.0, 36.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.transport.ApplyBenchmark.sequentialReference", "rows=8", 0.25,
            9.0, "ops/s")), 40.0, List.of(), true, false);
    return HtmlReport.html(v, bench, 12, ResidualTrainingSection.html(ResidualTrainingSectionTest.sample(true)));
  }

  @Test
  void selfContainedWithDecodablePlots() throws Exception {
    String html = sampleHtml();
    assertFalse(html.contains("<script"), "no script at all");
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing fetched from the network");
    Matcher m = IMG.matcher(html);
    int images = 0;
    while (m.find()) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertEquals(900, img.getWidth());
      images++;
    }
    assertEquals(5, images, "one validation plot per backend that ran (2), ceiling and reference plots (2), the "
        + "residual training's loss curves (1)");
    assertTrue(html.contains("FAIL"), "the failing scalar case shows");
    assertTrue(html.contains("cuda: not run: no GPU"), html);
  }

  private static Path chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private String runChromium(Path browser, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + log());
    return out;
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("chromium.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void headlessChromiumDrawsEveryPlot() throws Exception {
    Path browser = chromium();
    Assumptions.assumeTrue(browser != null, "Chromium is not installed here (CI installs it): skipped, not passed");
    Assumptions.assumeTrue(vectorRun(), "checked once, in the run with the Vector API module");
    Path page = dir.resolve("report.html");
    Files.writeString(page, sampleHtml());
    String dom = runChromium(browser, "--dump-dom", page.toUri().toString());
    int drawn = 0;
    Matcher m = Pattern.compile("<img [^>]*>").matcher(dom);
    while (m.find()) {
      String tag = m.group();
      assertFalse(tag.contains("data-broken"), "an image failed to decode: " + tag.substring(0, 80));
      assertTrue(tag.contains("data-drawn=\"900\""), () -> "an image did not load at its width: "
          + tag.substring(0, Math.min(120, tag.length())));
      drawn++;
    }
    assertEquals(5, drawn, dom.length() > 2000 ? dom.substring(0, 2000) : dom);

    Path shot = dir.resolve("shot.png");
    runChromium(browser, "--screenshot=" + shot, "--window-size=1000,2900", "--hide-scrollbars",
        page.toUri().toString());
    BufferedImage img = ImageIO.read(shot.toFile());
    Files.copy(shot, Path.of("target", "html-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    long coloured = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          coloured++; // bars and lines are coloured; text and background are grey
        }
      }
    }
    long sampled = (long) (img.getWidth() / 2) * (img.getHeight() / 2);
    assertTrue(coloured > sampled / 200, "the plots' bars show in the rendered page: " + coloured + " of " + sampled
        + " sampled pixels coloured");
  }
}
