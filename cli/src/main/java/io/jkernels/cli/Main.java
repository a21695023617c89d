package io.jkernels.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
        DeepPcrCommand.class,
        SlsCommand.class,
        AmbiCommand.class,
        RoomCommand.class,
    })
public final class Main {
  /**
   * The library's logger (java.util.logging behind System.Logger). Quiet by default: the one INFO line per backend
   * that is off is for library users; the command shows those reasons in {@code jkernels info} and with
   * {@code --verbose}. Held here because JUL keeps only weak references to its loggers.
   */
  private static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("io.jkernels");

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Also print the library's log lines (e.g. why a backend is off).")
  void verbose(boolean on) {
    LIBRARY_LOG.setLevel(on ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
  }

  public static void main(String[] args) {
    // The library logs through System.Logger (java.util.logging here): one plain line, not JUL's two-line default.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%6$s%n");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (tests call {@code execute} on it with captured output). */
  public static CommandLine commandLine() {
    LIBRARY_LOG.setLevel(java.util.logging.Level.WARNING);
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::userError);
  }

  /**
   * Bad input (a malformed file, a wrong shape, a missing backend) is the user's to fix: one line saying what, exit
   * status 2. Anything else is a bug and keeps its stack trace.
   */
  private static int userError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
        || e instanceof java.io.UncheckedIOException || e instanceof io.jkernels.BackendUnavailableException) {
      String what = e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage()
          : e.getMessage() != null ? e.getMessage() : e.toString();
      cl.getErr().println("jkernels " + cl.getCommandName() + ": " + what);
      cl.getErr().flush();
      return 2;
    }
    throw e;
  }
}
