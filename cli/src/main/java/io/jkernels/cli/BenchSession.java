package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import io.jkernels.internal.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks packed in this jar (found through JMH's {@code META-INF/BenchmarkList}, by regex, so a
 * new family's benchmarks appear without touching this class), one benchmark method at a time so progress shows,
 * and sets each kernel beside its ceiling: memory-bound benchmarks count their traffic ({@code Traffic}) and are
 * shown in GB/s against the parallel in-place affine ceiling ({@code MemoryBandwidthBenchmark}); a method whose
 * name contains "reference" or "sequential" is the baseline the other methods of its class are compared with.
 */
final class BenchSession {
  static final String DEFAULT_INCLUDE = "io\\.jkernels\\.benchmarks\\..*";
  static final String MEMORY_CLASS = "io.jkernels.benchmarks.MemoryBandwidthBenchmark";
  static final String CEILING = MEMORY_CLASS + ".inPlaceAffineParallel";

  /** One benchmark result (one method and one parameter combination). */
  /** {@code ownCeiling}: GB/s of a ceiling the benchmark measured in its own fork ("ceilingGBs"), else NaN. */
  record Row(String benchmark, String params, double opsPerSecond, double gbPerSecond, String unit,
      double ownCeiling) {
    Row(String benchmark, String params, double opsPerSecond, double gbPerSecond, String unit) {
      this(benchmark, params, opsPerSecond, gbPerSecond, unit, Double.NaN);
    }

    String shortName() {
      return benchmark.replace("io.jkernels.benchmarks.", "");
    }

    String className() {
      return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    String method() {
      return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    boolean isBaseline() {
      String m = method().toLowerCase(Locale.ROOT);
      return m.contains("reference") || m.contains("sequential");
    }

    /** "pkg|apply" for a method named referenceApply or sequentialApply: the operation it is the baseline of. */
    String baselineOf() {
      String m = method().toLowerCase(Locale.ROOT);
      for (String prefix : List.of("reference", "sequential")) {
        if (m.startsWith(prefix) && m.length() > prefix.length()) {
          return packageName() + "|" + m.substring(prefix.length());
        }
      }
      return null;
    }

    String packageName() {
      String c = className();
      return c.substring(0, Math.max(0, c.lastIndexOf('.')));
    }
  }

  /** The finished summary. */
  record Summary(String backend, List<Row> rows, double ceilingGbps, List<String> failed, boolean quick,
      boolean disturbed) {}

  private final PrintWriter log;
  private final boolean quick;
  private final String include;
  private final String exclude;
  private final Backend backend;
  private final Path jmhLog;
  private boolean disturbed;

  BenchSession(PrintWriter log, boolean quick, String include, String exclude, Backend backend, Path jmhLog) {
    this.log = log;
    this.quick = quick;
    this.include = include;
    this.exclude = exclude;
    this.backend = backend;
    this.jmhLog = jmhLog;
  }

  /** The best backend present (the benchmarks' forks are pinned to it with -Djkernels.backend). */
  static Backend bestBackend() {
    try (var ctx = Kernels.open()) {
      return ctx.backend();
    }
  }

  /** Benchmark methods packed in this jar matching the filters; the ceilings first. */
  List<String> discover() {
    return List.copyOf(entries().keySet());
  }

  /** Name → JMH's entry (with the declared @Param values), the ceilings first. */
  private Map<String, BenchmarkListEntry> entries() {
    SortedSet<BenchmarkListEntry> found = BenchmarkList.defaultList().find(
        OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(include),
        exclude == null ? List.of() : List.of(exclude));
    List<BenchmarkListEntry> sorted = new ArrayList<>(found);
    sorted.sort(java.util.Comparator.comparing((BenchmarkListEntry e) -> !e.getUsername().startsWith(MEMORY_CLASS))
        .thenComparing(BenchmarkListEntry::getUsername));
    Map<String, BenchmarkListEntry> byName = new java.util.LinkedHashMap<>();
    for (BenchmarkListEntry e : sorted) {
      byName.putIfAbsent(e.getUsername(), e);
    }
    return byName;
  }

  Summary run() {
    Map<String, BenchmarkListEntry> entries = entries();
    List<String> names = List.copyOf(entries.keySet());
    List<Row> rows = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    log.printf("bench: %d benchmark methods on %s (%s mode; JMH log %s)%n", names.size(), backend.id(),
        quick ? "quick" : "full", jmhLog);
    log.flush();
    java.nio.channels.FileLock lock = lockMachine();
    try {
      runAll(names, entries, rows, failed);
    } finally {
      if (lock != null) {
        try {
          lock.channel().close();
        } catch (java.io.IOException ignored) {
          // closing releases the lock; nothing else to do
        }
      }
    }
    double ceiling = rows.stream().filter(r -> r.benchmark().equals(CEILING)).mapToDouble(Row::gbPerSecond)
        .filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
    return new Summary(backend.id(), rows, ceiling, failed, quick, disturbed);
  }

  private void runAll(List<String> names, Map<String, BenchmarkListEntry> entries, List<Row> rows,
      List<String> failed) {
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      log.printf("[%d/%d] %s%n", k + 1, names.size(), name.replace("io.jkernels.benchmarks.", ""));
      log.flush();
      try {
        Collection<RunResult> results = runLocked(entries.get(name));
        if (results.isEmpty()) {
          failed.add(name);
          log.println("      failed (see the JMH log)");
        }
        for (RunResult r : results) {
          Row row = row(name, r);
          rows.add(row);
          log.println("      " + (row.params().isEmpty() ? "" : row.params() + ": ") + format(row));
        }
      } catch (RunnerException | RuntimeException e) {
        failed.add(name);
        log.println("      failed: " + e.getMessage() + " (see the JMH log)");
      }
      log.flush();
    }
  }

  /**
   * Runs one benchmark; {@link #run()} holds JMH's machine-wide lock for the whole session instead of JMH taking it
   * per benchmark.
   */
  private Collection<RunResult> runLocked(BenchmarkListEntry entry) throws RunnerException {
    return new Runner(options(entry).build()).run();
  }

  /**
   * Takes JMH's lock file ({@code $TMPDIR/jmh.lock}, which every JMH run takes) for the whole session, so no other
   * JMH run starts between two of ours. When another run holds it, the summary goes on, marked disturbed: late and
   * disturbed beats missing. Either way JMH is told not to take the lock itself ({@code jmh.ignoreLock}, which it
   * reads once, when its Runner class loads: so this runs before any Runner exists).
   */
  private java.nio.channels.FileLock lockMachine() {
    java.nio.channels.FileLock lock = null;
    try {
      java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
          Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock"), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.WRITE);
      lock = channel.tryLock();
      if (lock == null) {
        channel.close();
      }
    } catch (java.io.IOException | java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      disturbed = true;
      log.println("bench: another JMH run holds its lock on this machine: going on anyway, the numbers are disturbed");
    }
    System.setProperty("jmh.ignoreLock", "true");
    return lock;
  }

  /**
   * One method's options. Quick runs take, for every parameter other than the backend, only its first declared
   * value: the convention is that a benchmark lists its headline configuration first.
   */
  private ChainedOptionsBuilder options(BenchmarkListEntry entry) {
    // Options given here replace the annotation's jvmArgsAppend: keep the benchmark's own (e.g. -Xmx) and add ours.
    java.util.LinkedHashSet<String> jvmArgs = new java.util.LinkedHashSet<>();
    if (entry.getJvmArgsAppend().hasValue()) {
      jvmArgs.addAll(entry.getJvmArgsAppend().get());
    }
    jvmArgs.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-D" + Kernels.BACKEND_PROPERTY + "=" + backend.id()));
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("^" + java.util.regex.Pattern.quote(entry.getUsername()) + "$")
        .forks(1)
        .shouldFailOnError(true)
        .jvmArgsAppend(jvmArgs.toArray(String[]::new))
        .param("backend", backend.id()) // family benchmarks with a "backend" @Param: only the backend under test
        .output(jmhLog.toString());
    if (quick) {
      b.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(1)
          .measurementTime(TimeValue.seconds(2));
      if (entry.getParams().hasValue()) {
        entry.getParams().get().forEach((key, values) -> {
          if (!key.equals("backend") && values.length > 0) {
            b.param(key, values[0]);
          }
        });
      }
    } else {
      b.warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(3)
          .measurementTime(TimeValue.seconds(2));
    }
    return b;
  }

  private static Row row(String name, RunResult r) {
    BenchmarkParams p = r.getParams();
    StringBuilder params = new StringBuilder();
    for (String key : p.getParamsKeys()) {
      params.append(params.length() > 0 ? " " : "").append(key).append('=').append(p.getParam(key));
    }
    Result<?> primary = r.getPrimaryResult();
    Map<String, Result> secondary = r.getSecondaryResults();
    double gbps = Double.NaN;
    Result<?> bytes = secondary.get("bytes");
    Result<?> gigabytes = secondary.get("gigabytes");
    if (bytes != null) {
      gbps = bytes.getScore() / 1e9 * perSecond(bytes.getScoreUnit());
    } else if (gigabytes != null) {
      gbps = gigabytes.getScore() * perSecond(gigabytes.getScoreUnit());
    }
    Result<?> ceiling = secondary.get("ceilingGBs");
    return new Row(name, params.toString(), primary.getScore(), gbps, primary.getScoreUnit(),
        ceiling != null ? ceiling.getScore() : Double.NaN);
  }

  /** Factor from JMH's throughput unit ("ops/s", "ops/ms", ...) to per second. */
  private static double perSecond(String unit) {
    if (unit.endsWith("/ms")) {
      return 1e3;
    }
    if (unit.endsWith("/us")) {
      return 1e6;
    }
    if (unit.endsWith("/ns")) {
      return 1e9;
    }
    if (unit.endsWith("/min")) {
      return 1.0 / 60;
    }
    return 1;
  }

  static String format(Row r) {
    return Double.isNaN(r.gbPerSecond()) ? String.format(Locale.ROOT, "%.4g %s", r.opsPerSecond(), r.unit())
        : String.format(Locale.ROOT, "%.1f GB/s", r.gbPerSecond());
  }

  /** Fails with the reason when {@code regex} does not compile. */
  static void checkRegex(String regex, String option) {
    try {
      java.util.regex.Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException(option + " '" + regex + "' is not a valid regex: " + e.getDescription(), e);
    }
  }

  /** The last {@code n} lines of a log file (none when it cannot be read). */
  static List<String> tail(Path file, int n) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /** What the ratio columns mean: printed under every table, so a number can be quoted with its meaning. */
  static final String LEGEND = """
      Higher is better in every column. throughput: GB/s for memory-bound kernels (the bytes they must move per       second), else JMH operations per second. ceiling: the memory-bandwidth ceiling the kernel is held to, in GB/s       (measured by the kernel's own fork, else by its class with the same parameters, else by       MemoryBandwidthBenchmark.inPlaceAffineParallel). of ceiling: throughput ÷ ceiling, GB/s over GB/s; 1 is the       memory floor reached; ABOVE marks a ratio over 1 (the data stayed in cache, or the ceiling run was disturbed),       not a kernel faster than memory. vs reference: speed-up over the sequential reference, as a time ratio for the       same work (same class and parameters) or a GB/s ratio when the reference runs another size; blank where       neither holds.""";

  /**
   * The summary cells: benchmark, params, throughput, its ceiling, throughput ÷ ceiling, and the speed-up over the
   * reference. Ceiling: a secondary result "ceilingGBs" measured in the row's own fork; else the best method named
   * "...ceiling..." of its class with the same parameters (e.g. a device-to-device copy for GPU kernels), else of
   * its class at any parameters; else the host's parallel in-place affine ceiling. Traffic comes from a secondary
   * result "bytes" (bytes/s) or "gigabytes" (GB/s). The reference of a row is a "...reference..."/"...sequential..."
   * method of its class with the same parameters (compared in time: the same work), else a method named
   * reference&lt;Name&gt; or sequential&lt;Name&gt; in its package (compared in GB/s when both count traffic, as it
   * may run another size; else not compared: operations of different sizes do not divide). Every ratio is unit
   * over the same unit.
   */
  /** One row's comparisons: NaN where a ratio does not apply; {@code basis} "time", "GB/s" or null. */
  record Ratios(Row row, double ceiling, double ofCeiling, double speedup, String basis) {}

  static List<Ratios> ratios(Summary s) {
    Map<String, Row> baselines = new TreeMap<>();
    Map<String, Double> classCeilings = new TreeMap<>();
    Map<String, Double> classParamCeilings = new TreeMap<>();
    Map<String, Row> namedBaselines = new TreeMap<>();
    for (Row r : s.rows()) {
      if (r.isBaseline()) {
        baselines.putIfAbsent(r.className() + "|" + r.params(), r);
        if (r.baselineOf() != null) {
          namedBaselines.putIfAbsent(r.baselineOf(), r);
        }
      }
      if (isCeiling(r) && !Double.isNaN(r.gbPerSecond())) {
        classCeilings.merge(r.className(), r.gbPerSecond(), Math::max);
        classParamCeilings.merge(r.className() + "|" + r.params(), r.gbPerSecond(), Math::max);
      }
    }
    List<Ratios> out = new ArrayList<>();
    for (Row r : s.rows()) {
      double ceiling = !Double.isNaN(r.ownCeiling()) && r.ownCeiling() > 0 ? r.ownCeiling()
          : classParamCeilings.getOrDefault(r.className() + "|" + r.params(),
              classCeilings.getOrDefault(r.className(), s.ceilingGbps()));
      boolean memory = !Double.isNaN(r.gbPerSecond()) && !Double.isNaN(ceiling) && ceiling > 0 && !isCeiling(r);
      double speedup = Double.NaN;
      String basis = null;
      if (!isCeiling(r) && !r.isBaseline()) {
        Row same = baselines.get(r.className() + "|" + r.params());
        Row named = namedBaselines.get(r.packageName() + "|" + r.method().toLowerCase(Locale.ROOT));
        if (same != null) {
          speedup = r.opsPerSecond() / same.opsPerSecond();
          basis = "time";
        } else if (named != null && !Double.isNaN(r.gbPerSecond()) && !Double.isNaN(named.gbPerSecond())) {
          speedup = r.gbPerSecond() / named.gbPerSecond();
          basis = "GB/s";
        }
        if (Double.isNaN(speedup) || Double.isInfinite(speedup)) {
          speedup = Double.NaN;
          basis = null;
        }
      }
      out.add(new Ratios(r, memory ? ceiling : Double.NaN, memory ? r.gbPerSecond() / ceiling : Double.NaN, speedup,
          basis));
    }
    return out;
  }

  static List<String[]> cells(Summary s) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"benchmark", "params", "throughput", "ceiling", "of ceiling", "vs reference"});
    for (Ratios q : ratios(s)) {
      Row r = q.row();
      boolean memory = !Double.isNaN(q.ofCeiling());
      rows.add(new String[] {r.shortName(), r.params(), format(r),
          memory ? String.format(Locale.ROOT, "%.1f GB/s", q.ceiling()) : "",
          memory ? String.format(Locale.ROOT, "%.2f", q.ofCeiling()) + (q.ofCeiling() > 1 ? " ABOVE" : "") : "",
          q.basis() == null ? "" : ratio(q.speedup()) + "× " + q.basis()});
    }
    return rows;
  }

  private static boolean isCeiling(Row r) {
    return r.benchmark().startsWith(MEMORY_CLASS) || r.method().toLowerCase(Locale.ROOT).contains("ceiling");
  }

  /** Two significant digits at least: 0.033, 0.41, 4.0, 37. */
  static String ratio(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "";
    }
    return String.format(Locale.ROOT, x >= 10 ? "%.0f" : x >= 1 ? "%.1f" : x >= 0.1 ? "%.2f" : "%.2g", x);
  }

  static String table(Summary s) {
    return TextTable.render(cells(s)) + wrap(LEGEND, 110);
  }

  private static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > width && line.length() > 0) {
        out.append(line).append('\n');
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    return out.append(line).append('\n').toString();
  }

  static String markdown(Summary s) {
    StringBuilder md = new StringBuilder();
    md.append("Backend: ").append(s.backend()).append("; ")
        .append(s.quick() ? "quick run (1 fork, 2×1 s warmup, 2 s measured, first value of each parameter): indicative only"
            : "1 fork, 2×2 s warmup, 3×2 s measured")
        .append(". Ceiling: ").append(CEILING.replace("io.jkernels.benchmarks.", ""))
        .append(" (in-place a·x+b over 64 Mi floats, all cores) unless the benchmark's class has its own.")
        .append(s.disturbed() ? " **Another JMH run was active on this machine: the numbers are disturbed.**" : "")
        .append("\n\n");
    md.append(TextTable.markdown(cells(s), "l", "l", "r", "r", "r", "r"));
    md.append('\n').append(LEGEND).append('\n');
    if (!s.failed().isEmpty()) {
      md.append("\nFailed to run: ").append(String.join(", ", s.failed())).append('\n');
    }
    return md.toString();
  }

  static String json(Summary s) {
    StringBuilder js = new StringBuilder("{\"backend\": ").append(Json.string(s.backend()))
        .append(", \"quick\": ").append(s.quick()).append(", \"disturbed\": ").append(s.disturbed()).append(", \"ceiling_gbps\": ").append(Json.number(s.ceilingGbps()))
        .append(", \"results\": [");
    List<Ratios> ratios = ratios(s);
    for (int i = 0; i < ratios.size(); i++) {
      Ratios q = ratios.get(i);
      Row r = q.row();
      // the table's ratios too, with their basis, so a quoted number carries its meaning ("NaN" where none applies)
      js.append(i > 0 ? "," : "").append("\n    {\"benchmark\": ").append(Json.string(r.benchmark()))
          .append(", \"params\": ").append(Json.string(r.params())).append(", \"score\": ")
          .append(Json.number(r.opsPerSecond())).append(", \"unit\": ").append(Json.string(r.unit()))
          .append(", \"gbps\": ").append(Json.number(r.gbPerSecond()))
          .append(", \"ceiling_gbps\": ").append(Json.number(q.ceiling()))
          .append(", \"of_ceiling\": ").append(Json.number(q.ofCeiling()))
          .append(", \"vs_reference\": ").append(Json.number(q.speedup()))
          .append(", \"vs_reference_basis\": ").append(Json.string(q.basis())).append('}');
    }
    js.append("], \"failed\": [");
    for (int i = 0; i < s.failed().size(); i++) {
      js.append(i > 0 ? ", " : "").append(Json.string(s.failed().get(i)));
    }
    return js.append("]}").toString();
  }
}
