package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.validation.ConformanceSuite;
import io.jkernels.validation.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels report}: the main job. The conformance suite on every available backend (the emulated CUDA
 * driver too when no GPU is here), then the quick benchmark summary on the best backend and the GPU cost model
 * (every CUDA kernel's counts from the instrumented emulation, its floor and predicted H100/H200 time:
 * {@link CostModelSection}), written to {@code reports/report-<yyyy-MM-dd-HHmmss>.md}, {@code .json} (without the
 * cost model) and {@code .html} (with plots; a same-second run gets a "-2" suffix). Exit status 0 only when every
 * check passed and every benchmark ran (the cost floors are held by the test suite; the report shows them).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Validate every available backend and run the quick benchmark summary; write reports/report-<date>.md.")
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder for the report (default: reports).")
  Path out = Path.of("reports");

  @Option(names = "--seed", description = "Validation seed to replay (default: fresh).")
  Long seed;

  @Option(names = "--no-bench", description = "Validation only.")
  boolean noBench;

  @Option(names = "--bench-include", paramLabel = "REGEX", description = "Benchmarks to run (default: all).")
  String benchInclude = BenchSession.DEFAULT_INCLUDE;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    long runSeed = seed != null ? seed : ConformanceSuite.seed();
    if (!noBench) {
      BenchSession.checkRegex(benchInclude, "--bench-include");
    }
    Outputs.checkWritableFolder(out, "--out");
    String stamp = freeStamp(out, ZonedDateTime.now(ZoneOffset.UTC));

    err.println("== validation (every available backend)");
    ValidationReport validation = new ValidationSession(runSeed, null, err).run(List.of("all"));
    stdout.print(validation.table());
    stdout.flush();

    BenchSession.Summary bench = null;
    if (!noBench) {
      Backend best = BenchSession.bestBackend();
      err.println("== benchmarks (quick, on " + best.id() + ")");
      Path jmhLog = out.resolve("report-" + stamp + "-jmh.log");
      bench = new BenchSession(err, true, benchInclude, null, best, jmhLog).run();
      stdout.print(BenchSession.table(bench));
      stdout.flush();
    }

    ResidualTrainingSection.Section resnet = ResidualTrainingSection.run(err);
    stdout.print(ResidualTrainingSection.markdown(resnet));
    stdout.flush();

    err.println("== GPU cost model (instrumented emulation of the CUDA kernels)");
    CostModelSection.Section cost = CostModelSection.run();
    stdout.print(cost.markdown());
    stdout.flush();

    double seconds = (System.nanoTime() - start) / 1e9;
    Path md = out.resolve("report-" + stamp + ".md");
    ValidationReport.writeAtomically(md, markdown(validation, bench, seconds, ResidualTrainingSection.markdown(resnet))
        + CostModelSection.appendix(cost));
    ValidationReport.writeAtomically(out.resolve("report-" + stamp + ".json"), json(validation, bench, seconds, resnet));
    Path html = out.resolve("report-" + stamp + ".html");
    ValidationReport.writeAtomically(html, HtmlReport.html(validation, bench, seconds,
        ResidualTrainingSection.html(resnet)));
    boolean ok = validation.passed() && (bench == null || (bench.failed().isEmpty() && !bench.rows().isEmpty()))
        && resnet.ok();
    stdout.printf("%s: validation %d checks, %d failed%s; %.0f s%nreport: %s (and .json, .html with plots)%n",
        validation.checksRun() == 0 ? "NOTHING RAN" : ok ? "PASS" : "FAIL",
        validation.checksRun(), validation.failures(),
        bench == null ? "" : "; " + bench.rows().size() + " benchmark results, " + bench.failed().size() + " failed",
        seconds, md.toAbsolutePath().normalize());
    validation.failureLines().forEach(l -> stdout.println("  " + l));
    if (!resnet.ok()) {
      stdout.println("  residual training: DeepPCR and backpropagation disagree beyond float32 rounding (see the report)");
    }
    stdout.flush();
    if (validation.checksRun() == 0) {
      err.println("jkernels report: no validation check ran");
      err.flush();
      return 2;
    }
    return ok ? 0 : 1;
  }

  /**
   * "yyyy-MM-dd-HHmmss" (UTC), with "-2", "-3"... appended when a report of that name is already in {@code dir}: runs
   * in the same second do not overwrite each other.
   */
  static String freeStamp(Path dir, ZonedDateTime now) {
    String base = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
    String stamp = base;
    for (int k = 2; Files.exists(dir.resolve("report-" + stamp + ".md"))
        || Files.exists(dir.resolve("report-" + stamp + ".json")); k++) {
      stamp = base + "-" + k;
    }
    return stamp;
  }

  /** The report's Markdown; {@code sections} (e.g. residual training) follow the benchmarks, before the appendix. */
  private static String markdown(ValidationReport v, BenchSession.Summary bench, double seconds, String sections) {
    StringBuilder md = new StringBuilder(v.markdown().replaceFirst("# jkernels validation report",
        "# jkernels report\n\nValidation of every available backend against the float64 sequential references,"
            + " then a quick benchmark summary on the best backend. Whole run: " + String.format("%.0f", seconds)
            + " s.\n\n## Validation"));
    int cases = md.indexOf("\n## Every case");
    String everyCase = cases >= 0 ? md.substring(cases) : "";
    if (cases >= 0) {
      md.setLength(cases);
    }
    md.append("\n## Benchmarks\n\n");
    md.append(bench == null ? "Not run (--no-bench).\n" : BenchSession.markdown(bench));
    md.append(sections);
    md.append(everyCase.replace("## Every case", "## Appendix: every validation case"));
    return md.toString();
  }

  private static String json(ValidationReport v, BenchSession.Summary bench, double seconds,
      ResidualTrainingSection.Section resnet) {
    return "{\"seconds\": " + io.jkernels.internal.Json.number(Math.round(seconds)) + ",\n\"validation\": "
        + v.json().strip() + ",\n\"benchmarks\": " + (bench == null ? "null" : BenchSession.json(bench))
        + ",\n\"residual_training\": " + ResidualTrainingSection.json(resnet) + "\n}\n";
  }
}
