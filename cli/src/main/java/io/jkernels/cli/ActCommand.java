package io.jkernels.cli;

import picocli.CommandLine.Command;

/** {@code jkernels act}: activation transport on activation files (fit, apply, example). */
@Command(name = "act", mixinStandardHelpOptions = true,
    description = "Activation transport: fit a map between two activation sets, apply it, or run the example.")
final class ActCommand {
}
