package io.jkernels.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jkernels} command. */
@Command(name = "jkernels", mixinStandardHelpOptions = true, version = "jkernels 0.1.0",
    description = "Numerical kernels for the JVM: info, validation, benchmarks and the paper pipelines.",
    subcommands = {InfoCommand.class, DeepPcrCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
