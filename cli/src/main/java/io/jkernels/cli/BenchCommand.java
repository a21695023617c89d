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
    PrintWriter out = spec.commandLine().getOut();
    Backend b = backend != null ? Backend.parse(backend) : BenchSession.bestBackend();
    Path jmhLog = Files.createTempFile("jkernels-jmh-", ".log");
    BenchSession session = new BenchSession(spec.commandLine().getErr(), quick, include, exclude, b, jmhLog);
    if (list) {
      session.discover().forEach(out::println);
      out.flush();
      return 0;
    }
    BenchSession.Summary s = session.run();
    out.print(BenchSession.table(s));
    boolean ok = s.failed().isEmpty() && !s.rows().isEmpty();
    if (ok) {
      Files.deleteIfExists(jmhLog);
    } else {
      out.println("JMH's log: " + jmhLog);
    }
    out.flush();
    return ok ? 0 : 1;
  }
}
