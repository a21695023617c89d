package io.jkernels.cli;

import io.jkernels.Backend;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels bench}: the JMH benchmarks packed in this jar on the best backend present, each kernel beside its
 * ceiling. For publishable numbers run the benchmarks jar with JMH's own options (see benchmarks/RESULTS.md).
 * Exit status 0 when every benchmark ran, 1 when one failed (with the end of JMH's log), 2 for bad usage: a regex
 * selecting nothing or a backend that is not available here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the JMH benchmarks (short runs) and print each kernel beside its ceiling.")
final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--quick", description = "Shortest runs (1 s warmup, 2 s measured, the first value of each @Param): a summary, not a measurement.")
  boolean quick;

  @Option(names = "--include", paramLabel = "REGEX", description = "Benchmarks to run (default: all of io.jkernels.benchmarks).")
  String include = BenchSession.DEFAULT_INCLUDE;

  @Option(names = "--exclude", paramLabel = "REGEX", description = "Benchmarks to leave out.")
  String exclude;

  @Option(names = "--backend", description = "cuda, vector or scalar (default: the best available); cuda-emulated "
      + "prints the GPU cost model instead: every CUDA kernel's memory traffic counted by the instrumented emulation "
      + "and its predicted H100/H200 time.")
  String backend;

  @Option(names = "--list", description = "List the benchmarks that would run, and stop.")
  boolean list;

  @Override
  public Integer call() throws Exception {
    if ("cuda-emulated".equals(backend)) {
      return CostModelSection.print(spec.commandLine().getOut());
    }
    // Arguments first: a bad regex, a selection matching nothing or a backend that is not here is exit 2 with the
    // reason, before any JMH fork starts.
    BenchSession.checkRegex(include, "--include");
    if (exclude != null) {
      BenchSession.checkRegex(exclude, "--exclude");
    }
    PrintWriter out = spec.commandLine().getOut();
    Backend b = backend != null ? Backend.parse(backend) : BenchSession.bestBackend();
    var cause = io.jkernels.Kernels.unavailabilityCause(b);
    if (cause.isPresent()) {
      throw new io.jkernels.BackendUnavailableException(b, cause.get());
    }
    BenchSession probe = new BenchSession(spec.commandLine().getErr(), quick, include, exclude, b, null);
    if (probe.discover().isEmpty()) {
      throw new IllegalArgumentException("--include '" + include + "'" + (exclude != null ? " --exclude '" + exclude
          + "'" : "") + " selects no benchmark (names are like io.jkernels.benchmarks.transport."
          + "TransportApplyBenchmark.apply; see jkernels bench --list)");
    }
    if (list) {
      probe.discover().forEach(out::println);
      out.flush();
      return 0;
    }
    Path jmhLog = Files.createTempFile("jkernels-jmh-", ".log");
    BenchSession session = new BenchSession(spec.commandLine().getErr(), quick, include, exclude, b, jmhLog);
    BenchSession.Summary s = session.run();
    out.print(BenchSession.table(s));
    boolean ok = s.failed().isEmpty() && !s.rows().isEmpty();
    if (ok) {
      Files.deleteIfExists(jmhLog);
    } else {
      PrintWriter err = spec.commandLine().getErr();
      err.println("jkernels bench: " + (s.rows().isEmpty() ? "no benchmark produced a result" : s.failed().size()
          + " benchmark(s) failed: " + String.join(", ", s.failed())) + "; the end of JMH's log (" + jmhLog + "):");
      BenchSession.tail(jmhLog, 20).forEach(l -> err.println("  | " + l));
      err.flush();
    }
    out.flush();
    return ok ? 0 : 1;
  }
}
