package io.jkernels.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jkernels} command. One subcommand per job; pipeline commands (act, deeppcr, ...) sit beside the
 * tools and each lives in its own class.
 */
@Command(name = "jkernels", mixinStandardHelpOptions = true, version = "jkernels 0.1.0",
    description = "Numerical kernels for the JVM: info, validation, benchmarks and the paper pipelines.",
    subcommands = {
        // tools
        InfoCommand.class,
        ValidateCommand.class,
        BenchCommand.class,
        ReportCommand.class,
        // pipelines
        ActCommand.class,
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (tests call {@code execute} on it with captured output). */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
