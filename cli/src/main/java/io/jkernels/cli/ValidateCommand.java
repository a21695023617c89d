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
 * the arguments are wrong (an unknown backend, an {@code --only} matching no check, an output folder that cannot be
 * written: all found before any work), a backend named explicitly is not available, or nothing ran. "PASS" is
 * printed only when checks ran and all passed.
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
    // Arguments and the output folder first: a run that cannot report fails before it starts.
    ValidationSession.resolve(backends);
    ValidationSession.requireSomeChecks(only, "--only");
    Outputs.checkWritableFolder(this.out, "--out");
    ValidationSession session = new ValidationSession(runSeed, only, err);
    List<String> missing = session.unavailableExplicit(backends);
    if (!missing.isEmpty()) {
      missing.forEach(m -> err.println("jkernels validate: not available: " + m + "; nothing ran"));
      err.flush();
      return 2;
    }
    ValidationReport report = session.run(backends);
    out.print(report.table());
    Path md = report.write(this.out);
    boolean incomplete = !session.missingExplicit().isEmpty();
    out.printf("%s: %d checks, %d failed; seed %d; report %s (and .json)%n",
        incomplete && report.passed() ? "INCOMPLETE" : report.verdict(), report.checksRun(), report.failures(), runSeed,
        md.toAbsolutePath().normalize());
    report.failureLines().forEach(l -> out.println("  " + l));
    out.flush();
    if (incomplete) {
      session.missingExplicit().forEach(m -> err.println("jkernels validate: not available: " + m));
      err.flush();
      return 2;
    }
    if (report.checksRun() == 0) {
      err.println("jkernels validate: no check ran (no backend could run the selection)");
      err.flush();
      return 2;
    }
    return report.passed() ? 0 : 1;
  }
}
