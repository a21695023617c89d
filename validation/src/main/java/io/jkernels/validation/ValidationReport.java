package io.jkernels.validation;

import io.jkernels.internal.AtomicFiles;
import io.jkernels.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation outcome over several backends, as the printed summary (one row per family, operation and
 * backend, with the worst case), and as Markdown and JSON files with one row per case.
 */
public final class ValidationReport {
  private final List<BackendRun> runs;
  private final long seed;
  private final Map<String, String> environment;

  /** {@code environment}: facts for the report header (date, host, java, commit...), in order. */
  public ValidationReport(List<BackendRun> runs, long seed, Map<String, String> environment) {
    this.runs = List.copyOf(runs);
    this.seed = seed;
    this.environment = new LinkedHashMap<>(environment);
  }

  public List<BackendRun> runs() {
    return runs;
  }

  public long seed() {
    return seed;
  }

  /** True when at least one check ran and none failed: a run in which nothing ran never passes. */
  public boolean passed() {
    return checksRun() > 0 && runs.stream().allMatch(r -> r.failures() == 0);
  }

  /** "PASS", "FAIL", or "NOTHING RAN" when no check ran at all (an empty selection or no backend available). */
  public String verdict() {
    return checksRun() == 0 ? "NOTHING RAN" : passed() ? "PASS" : "FAIL";
  }

  public long checksRun() {
    return runs.stream().mapToLong(r -> r.results().size()).sum();
  }

  public long failures() {
    return runs.stream().mapToLong(BackendRun::failures).sum();
  }

  /** One row per family, operation and backend: the case with the largest error/tolerance ratio stands for it. */
  public record Summary(String family, String operation, String backend, int cases, int failed, CheckResult worst) {
    public String verdict() {
      return failed == 0 ? "PASS" : "FAIL";
    }
  }

  public List<Summary> summaries() {
    List<Summary> rows = new ArrayList<>();
    for (BackendRun run : runs) {
      Map<String, List<CheckResult>> byOp = new LinkedHashMap<>();
      for (CheckResult r : run.results()) {
        byOp.computeIfAbsent(r.family() + "\0" + r.operation(), k -> new ArrayList<>()).add(r);
      }
      for (List<CheckResult> group : byOp.values()) {
        CheckResult worst = group.get(0);
        int failed = 0;
        for (CheckResult r : group) {
          if (!r.passed()) {
            failed++;
          }
          if (badness(r) > badness(worst)) {
            worst = r;
          }
        }
        rows.add(new Summary(worst.family(), worst.operation(), run.label(), group.size(), failed, worst));
      }
    }
    return rows;
  }

  private static double badness(CheckResult r) {
    if (r.failure() != null || Double.isNaN(r.error())) {
      return Double.POSITIVE_INFINITY;
    }
    return r.tolerance() > 0 ? r.error() / r.tolerance() : (r.error() > 0 ? Double.MAX_VALUE : 0);
  }

  /** Relative errors the way the tables show them. */
  public static String error(double e) {
    if (Double.isNaN(e) || Double.isInfinite(e)) {
      return Double.toString(e);
    }
    return e == 0 ? "0" : String.format(Locale.ROOT, "%.2e", e);
  }

  /** The printed table: family, operation, backend, cases, worst case, worst error, its tolerance, verdict. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"family", "operation", "backend", "cases", "worst case", "worst rel. error", "tolerance",
        "verdict"});
    for (Summary s : summaries()) {
      rows.add(new String[] {s.family(), s.operation(), s.backend(), (s.cases() - s.failed()) + "/" + s.cases(),
          s.worst().caseName(), error(s.worst().error()), error(s.worst().tolerance()), s.verdict()});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], Math.min(row[i].length(), i == 4 ? 40 : 1000));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i].length() > width[i] ? row[i].substring(0, width[i] - 1) + "…" : row[i];
        line.append(i > 0 ? "  " : "").append(String.format(Locale.ROOT, "%-" + width[i] + "s", cell));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    for (BackendRun run : runs) {
      if (!run.ran()) {
        sb.append(run.label()).append(": not run: ").append(run.unavailable()).append('\n');
      }
    }
    return sb.toString();
  }

  /** Each failed case with its message and the seed that replays it. */
  public List<String> failureLines() {
    List<String> lines = new ArrayList<>();
    for (BackendRun run : runs) {
      for (CheckResult r : run.results()) {
        if (!r.passed()) {
          lines.add(r.backend() + " " + r.family() + " " + r.operation() + " [" + r.caseName() + "]: error "
              + error(r.error()) + " > tolerance " + error(r.tolerance())
              + (r.failure() != null ? ": " + r.failure() : "") + " (case seed " + r.seed() + ")");
        }
      }
    }
    return lines;
  }

  /** The Markdown report: environment, summary table, unavailable backends, then every case. */
  public String markdown() {
    StringBuilder md = new StringBuilder("# jkernels validation report\n\n");
    environment.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("- seed: ").append(seed).append(" (replay with `jkernels validate --seed ").append(seed).append("`)\n");
    md.append("- verdict: **").append(verdict()).append("** (").append(checksRun())
        .append(" checks, ").append(failures()).append(" failed)\n\n## Backends\n\n");
    md.append("| backend | state | description | checks | skipped | seconds |\n| --- | --- | --- | ---: | ---: | ---: |\n");
    for (BackendRun run : runs) {
      md.append("| ").append(run.label()).append(" | ").append(run.ran() ? "ran" : "off: " + cell(run.unavailable()))
          .append(" | ").append(cell(run.description())).append(" | ").append(run.results().size()).append(" | ")
          .append(run.skipped()).append(" | ").append(String.format(Locale.ROOT, "%.1f", run.seconds())).append(" |\n");
    }
    md.append("\n## Summary (worst case per operation and backend)\n\n")
        .append("| family | operation | backend | passed | worst case | worst rel. error | tolerance | verdict |\n")
        .append("| --- | --- | --- | ---: | --- | ---: | ---: | --- |\n");
    for (Summary s : summaries()) {
      md.append("| ").append(s.family()).append(" | ").append(s.operation()).append(" | ").append(s.backend())
          .append(" | ").append(s.cases() - s.failed()).append('/').append(s.cases()).append(" | ")
          .append(cell(s.worst().caseName())).append(" | ").append(error(s.worst().error())).append(" | ")
          .append(error(s.worst().tolerance())).append(" | ").append(s.verdict()).append(" |\n");
    }
    List<String> failed = failureLines();
    if (!failed.isEmpty()) {
      md.append("\n## Failures\n\n");
      failed.forEach(f -> md.append("- ").append(cell(f)).append('\n'));
    }
    md.append("\n## Every case\n\n| family | operation | case | backend | rel. error | tolerance | verdict | note |\n")
        .append("| --- | --- | --- | --- | ---: | ---: | --- | --- |\n");
    for (BackendRun run : runs) {
      for (CheckResult r : run.results()) {
        md.append("| ").append(r.family()).append(" | ").append(r.operation()).append(" | ").append(cell(r.caseName()))
            .append(" | ").append(r.backend()).append(" | ").append(error(r.error())).append(" | ")
            .append(error(r.tolerance())).append(" | ").append(r.verdict()).append(" | ")
            .append(r.failure() == null ? "" : cell(r.failure())).append(" |\n");
      }
    }
    return md.toString();
  }

  /** The JSON report: the same facts, machine-readable. */
  public String json() {
    StringBuilder js = new StringBuilder("{\n  \"environment\": {");
    boolean first = true;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      js.append(first ? "" : ",").append("\n    ").append(Json.string(e.getKey())).append(": ")
          .append(Json.string(e.getValue()));
      first = false;
    }
    js.append("\n  },\n  \"seed\": ").append(seed).append(",\n  \"passed\": ").append(passed())
        .append(",\n  \"checks\": ").append(checksRun()).append(",\n  \"failures\": ").append(failures())
        .append(",\n  \"backends\": [");
    for (int i = 0; i < runs.size(); i++) {
      BackendRun run = runs.get(i);
      js.append(i > 0 ? "," : "").append("\n    {\"backend\": ").append(Json.string(run.label()))
          .append(", \"ran\": ").append(run.ran()).append(", \"unavailable\": ").append(Json.string(run.unavailable()))
          .append(", \"description\": ").append(Json.string(run.description())).append(", \"skipped\": ")
          .append(run.skipped()).append(", \"seconds\": ").append(Json.number(run.seconds())).append(", \"results\": [");
      for (int k = 0; k < run.results().size(); k++) {
        CheckResult r = run.results().get(k);
        js.append(k > 0 ? "," : "").append("\n      {\"family\": ").append(Json.string(r.family()))
            .append(", \"operation\": ").append(Json.string(r.operation())).append(", \"case\": ")
            .append(Json.string(r.caseName())).append(", \"error\": ").append(Json.number(r.error()))
            .append(", \"tolerance\": ").append(Json.number(r.tolerance())).append(", \"verdict\": ")
            .append(Json.string(r.verdict())).append(", \"failure\": ").append(Json.string(r.failure()))
            .append(", \"seed\": ").append(r.seed()).append('}');
      }
      js.append(run.results().isEmpty() ? "]}" : "\n    ]}");
    }
    js.append("\n  ]\n}\n");
    return js.toString();
  }

  /** Writes {@code validation-report.md} and {@code .json} into {@code dir}; returns the Markdown path. */
  public Path write(Path dir) throws IOException {
    writeAtomically(dir.resolve("validation-report.json"), json());
    Path md = dir.resolve("validation-report.md");
    writeAtomically(md, markdown());
    return md;
  }

  /** Writes {@code text} to a temporary file beside {@code target}, then moves it into place. */
  public static void writeAtomically(Path target, String text) throws IOException {
    AtomicFiles.write(target, ".part", tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}
