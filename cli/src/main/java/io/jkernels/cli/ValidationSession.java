package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.validation.BackendRun;
import io.jkernels.validation.CheckResult;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.ConformanceSuite;
import io.jkernels.validation.ValidationReport;
import io.jkernels.validation.ValidationRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the conformance suite on a selection of backends and builds the report: the engine of {@code validate} and
 * {@code report}. The emulated CUDA driver is chosen by a system property that the CUDA provider reads when it
 * first probes, so "cuda-emulated" runs in a child JVM started with that property (same class path and flags);
 * the child writes its results to a file this process merges. The child also keeps a crash in emulated native code
 * from taking the whole report down.
 */
final class ValidationSession {
  static final String EMULATED = "cuda-emulated";
  static final String DRIVER_PROPERTY = "jkernels.cuda.driver";
  private static final long CHILD_TIMEOUT_MINUTES = 30;
  private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

  private final long seed;
  private final String only;
  private final PrintWriter log;
  /** Backends named explicitly that could not run: an error for {@code validate}. */
  private final List<String> missingExplicit = new ArrayList<>();

  /** {@code only}: a regex over "family/operation/case" selecting checks, or null for all. */
  ValidationSession(long seed, String only, PrintWriter log) {
    this.seed = seed;
    this.only = only;
    this.log = log;
  }

  List<String> missingExplicit() {
    return missingExplicit;
  }

  /**
   * Resolves "all", "cuda", "vector", "scalar", "cuda-emulated" into run labels. "all" is every available real
   * backend, plus the emulated CUDA driver when no real CUDA device is usable (a real device makes emulation moot).
   */
  static Set<String> resolve(List<String> selection) {
    Set<String> labels = new LinkedHashSet<>();
    for (String raw : selection) {
      String s = raw.strip().toLowerCase(Locale.ROOT);
      switch (s) {
        case "all" -> {
          for (Backend b : Backend.values()) {
            labels.add(b.id());
          }
          labels.add(EMULATED);
        }
        case "cuda", "vector", "scalar", EMULATED -> labels.add(s);
        default -> throw new IllegalArgumentException("unknown backend '" + raw
            + "' (expected cuda, vector, scalar, cuda-emulated or all)");
      }
    }
    return labels;
  }

  ValidationReport run(List<String> selection) {
    Set<String> labels = resolve(selection);
    boolean all = selection.stream().anyMatch(s -> s.strip().equalsIgnoreCase("all"));
    List<ConformanceCheck> checks = checks(only);
    List<BackendRun> runs = new ArrayList<>();
    boolean emulatedHere = "emulated".equalsIgnoreCase(System.getProperty(DRIVER_PROPERTY, "").strip());
    for (String label : labels) {
      if (emulatedHere && (label.equals(EMULATED) || label.equals("cuda"))) {
        // this JVM was started with the emulated driver: its "cuda" is the emulation, run here once
        if (runs.stream().noneMatch(r -> r.label().equals(EMULATED))) {
          var cause = Kernels.unavailabilityCause(Backend.CUDA);
          runs.add(cause.isPresent() ? BackendRun.unavailable(EMULATED, cause.get())
              : runInProcess(EMULATED, Backend.CUDA, checks, true));
        }
        continue;
      }
      if (label.equals(EMULATED)) {
        if (all && Kernels.available().contains(Backend.CUDA)) {
          continue; // a real device ran the CUDA code already
        }
        runs.add(runEmulatedInChild(
            selection.stream().anyMatch(x -> x.strip().equalsIgnoreCase(EMULATED))));
        continue;
      }
      Backend backend = Backend.parse(label);
      var cause = Kernels.unavailabilityCause(backend);
      if (cause.isPresent()) {
        if (!all) {
          missingExplicit.add(label + ": " + cause.get());
        }
        log.println(label + ": off (" + cause.get() + ")");
        runs.add(BackendRun.unavailable(label, cause.get()));
        continue;
      }
      runs.add(runInProcess(label, backend, checks, false));
    }
    return new ValidationReport(runs, seed, environment());
  }

  /** Fails with the reason when {@code only} is set and selects no check of the suite. */
  static void requireSomeChecks(String only, String option) {
    if (only != null && checks(only).isEmpty()) {
      List<ConformanceCheck> all = ConformanceSuite.all();
      throw new IllegalArgumentException(option + " '" + only + "' matches none of the " + all.size()
          + " checks (it must match the whole \"family/operation/case\", e.g. '" + all.get(0).family() + "/"
          + all.get(0).operation() + "/.*' or '.*" + all.get(all.size() - 1).operation() + ".*')");
    }
  }

  /**
   * The real backends named explicitly in {@code selection} (cuda, vector, scalar) that are not available here, each
   * with its cause: known before anything runs. The emulated driver is probed in its own JVM, so it is judged later.
   */
  List<String> unavailableExplicit(List<String> selection) {
    List<String> missing = new ArrayList<>();
    boolean emulatedHere = "emulated".equalsIgnoreCase(System.getProperty(DRIVER_PROPERTY, "").strip());
    resolve(selection); // unknown names fail here
    for (String raw : selection) {
      String label = raw.strip().toLowerCase(Locale.ROOT);
      if (label.equals("all") || label.equals(EMULATED) || emulatedHere && label.equals("cuda")) {
        continue;
      }
      Kernels.unavailabilityCause(Backend.parse(label)).ifPresent(cause -> missing.add(label + ": " + cause));
    }
    return missing;
  }

  /** The suite, narrowed to the checks whose "family/operation/case" matches {@code only} when it is set. */
  static List<ConformanceCheck> checks(String only) {
    List<ConformanceCheck> all = ConformanceSuite.all();
    if (only == null) {
      return all;
    }
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(only);
    return all.stream().filter(c -> p.matcher(c.family() + "/" + c.operation() + "/" + c.caseName()).matches()).toList();
  }

  private BackendRun runInProcess(String label, Backend backend, List<ConformanceCheck> checks, boolean skipLarge) {
    log.printf("%s: running %d checks...%n", label, checks.size());
    log.flush();
    try (KernelContext ctx = Kernels.open(backend)) {
      BackendRun run = ValidationRunner.run(label, ctx, checks, seed, skipLarge, r -> progress(r));
      log.printf("%s: %d checks in %.1f s, %d failed%s%n", label, run.results().size(), run.seconds(), run.failures(),
          run.skipped() > 0 ? ", " + run.skipped() + " too large for emulation skipped" : "");
      log.flush();
      return run;
    } catch (RuntimeException e) {
      log.println(label + ": could not open: " + e);
      if (!label.equals(EMULATED)) {
        missingExplicit.add(label + ": " + e);
      }
      return BackendRun.unavailable(label, "opening it failed: " + e);
    }
  }

  private void progress(CheckResult r) {
    if (!r.passed()) {
      log.printf("  FAIL %s %s [%s] on %s: error %s > %s%s%n", r.family(), r.operation(), r.caseName(), r.backend(),
          ValidationReport.error(r.error()), ValidationReport.error(r.tolerance()),
          r.failure() != null ? ": " + r.failure() : "");
      log.flush();
    }
  }

  /**
   * In the child JVM (property already set by the parent): runs the suite on the emulated driver, large checks left
   * out, and writes the results to {@code file}.
   */
  static int childMain(long seed, String only, Path file, PrintWriter log) throws IOException {
    ValidationSession session = new ValidationSession(seed, only, log);
    BackendRun run;
    var cause = Kernels.unavailabilityCause(Backend.CUDA);
    if (!"emulated".equals(System.getProperty(DRIVER_PROPERTY))) {
      run = BackendRun.unavailable(EMULATED, "-D" + DRIVER_PROPERTY + "=emulated is not set in this JVM");
    } else if (cause.isPresent()) {
      run = BackendRun.unavailable(EMULATED, cause.get());
    } else {
      run = session.runInProcess(EMULATED, Backend.CUDA, checks(only), true);
    }
    ChildResults.write(file, run);
    return 0;
  }

  private BackendRun runEmulatedInChild(boolean explicit) {
    Path file = null;
    try {
      file = Files.createTempFile("jkernels-emulated-", ".tsv");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!arg.startsWith("-D" + DRIVER_PROPERTY) && !arg.startsWith("-agentlib:jdwp")
            && !arg.startsWith("-javaagent")) {
          cmd.add(arg);
        }
      }
      cmd.add("-D" + DRIVER_PROPERTY + "=emulated");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Main.class.getName());
      cmd.addAll(List.of("validate", "--backend", EMULATED, "--seed", Long.toString(seed),
          "--child-results", file.toString()));
      if (only != null) {
        cmd.addAll(List.of("--only", only));
      }
      log.println(EMULATED + ": starting a JVM with -D" + DRIVER_PROPERTY + "=emulated...");
      log.flush();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.equals(INCUBATOR_WARNING)) {
            continue; // the child's JVM says it on start, as this one did: once is enough
          }
          log.println(line);
          log.flush();
        }
      }
      if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return failedChild(explicit, "the emulated run did not finish in " + CHILD_TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0 || Files.size(file) == 0) {
        return failedChild(explicit, "the emulated run's JVM exited with status " + p.exitValue()
            + " before writing its results (a crash in emulated native code?)");
      }
      BackendRun run = ChildResults.read(file);
      if (!run.ran()) {
        log.println(EMULATED + ": off (" + run.unavailable() + ")");
        if (explicit) {
          missingExplicit.add(EMULATED + ": " + run.unavailable());
        }
      }
      return run;
    } catch (IOException e) {
      return failedChild(explicit, "could not run the emulated JVM: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failedChild(explicit, "interrupted");
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** A child that died is a failure of the emulated backend, never silently "unavailable". */
  private BackendRun failedChild(boolean explicit, String why) {
    log.println(EMULATED + ": " + why);
    CheckResult crash = new CheckResult("cuda", "emulated run", "whole suite", EMULATED, Double.POSITIVE_INFINITY, 0,
        why, seed);
    return new BackendRun(EMULATED, "emulated CUDA driver", List.of(crash), 0, 0, null);
  }

  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    env.put("host", hostName());
    env.put("cpu", InfoCommand.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("java", Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
    env.put("jkernels", "0.1.0" + gitCommit().map(c -> " (commit " + c + ")").orElse(""));
    return env;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The commit of the checkout this jar was built in (when it sits in one and git is here), else empty. */
  static java.util.Optional<String> gitCommit() {
    try {
      Path here = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = Files.isDirectory(here) ? here : here.getParent();
      Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(dir.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]+")) {
        Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").directory(dir.toFile())
            .start();
        boolean dirty = !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
        d.waitFor(5, TimeUnit.SECONDS);
        return java.util.Optional.of(out + (dirty ? "+changes" : ""));
      }
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      // no git here, or no file location for the code
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return java.util.Optional.empty();
  }

  /** The child's results as tab-separated lines (tabs and newlines in messages become spaces). */
  static final class ChildResults {
    private ChildResults() {}

    static void write(Path file, BackendRun run) throws IOException {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        w.write(String.join("\t", "run", run.label(), clean(run.description()), Integer.toString(run.skipped()),
            Double.toString(run.seconds()), run.unavailable() == null ? "-" : "!" + clean(run.unavailable())));
        w.newLine();
        for (CheckResult r : run.results()) {
          w.write(String.join("\t", "result", clean(r.family()), clean(r.operation()), clean(r.caseName()),
              r.backend(), Double.toString(r.error()), Double.toString(r.tolerance()), Long.toString(r.seed()),
              r.failure() == null ? "-" : "!" + clean(r.failure())));
          w.newLine();
        }
      }
    }

    static BackendRun read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String[] head = lines.get(0).split("\t", -1);
      List<CheckResult> results = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t", -1);
        results.add(new CheckResult(f[1], f[2], f[3], f[4], Double.parseDouble(f[5]), Double.parseDouble(f[6]),
            f[8].equals("-") ? null : f[8].substring(1), Long.parseLong(f[7])));
      }
      String unavailable = head[5].equals("-") ? null : head[5].substring(1);
      return new BackendRun(head[1], head[2], List.copyOf(results), Integer.parseInt(head[3]),
          Double.parseDouble(head[4]), unavailable);
    }

    private static String clean(String s) {
      return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
  }
}
