package io.jkernels.cli;

import io.jkernels.validation.ConformanceSuite;
import io.jkernels.validation.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels validate}: the conformance suite (every public operation against its float64 sequential
 * reference, on fresh random inputs) on the chosen backends; prints a table and writes
 * {@code validation-report.md} and {@code .json}. Exit status 0 when every check passed, 1 when one failed, 2 when
 * a backend named explicitly is not available.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Run the conformance suite against the float64 references on the chosen backends.")
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--backend", split = ",", paramLabel = "BACKEND",
      description = "cuda, vector, scalar, cuda-emulated or all (default: all available; comma-separated list allowed)")
  List<String> backends = List.of("all");

  @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go (default: current directory).")
  Path out = Path.of(".");

  @Option(names = "--seed", description = "Seed to replay a run (default: fresh; printed in the report).")
  Long seed;

  @Option(names = "--only", paramLabel = "REGEX",
      description = "Only the checks whose family/operation/case matches, e.g. 'transport/apply.*'.")
  String only;

  @Option(names = "--child-results", hidden = true, description = "Internal: the emulated-driver child's result file.")
  Path childResults;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long runSeed = seed != null ? seed : ConformanceSuite.seed();
    if (childResults != null) {
      return ValidationSession.childMain(runSeed, only, childResults, err);
    }
    ValidationSession session = new ValidationSession(runSeed, only, err);
    ValidationReport report;
    try {
      report = session.run(backends);
    } catch (IllegalArgumentException e) {
      err.println("jkernels validate: " + e.getMessage());
      return 2;
    }
    out.print(report.table());
    Path md = report.write(this.out);
    out.printf("%s: %d checks, %d failed; seed %d; report %s (and .json)%n", report.passed() ? "PASS" : "FAIL",
        report.checksRun(), report.failures(), runSeed, md.toAbsolutePath().normalize());
    report.failureLines().forEach(l -> out.println("  " + l));
    out.flush();
    if (!session.missingExplicit().isEmpty()) {
      session.missingExplicit().forEach(m -> err.println("jkernels validate: not available: " + m));
      err.flush();
      return 2;
    }
    return report.passed() ? 0 : 1;
  }
}
