package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.kernels.Backends;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code jkernels info}: every backend with its state or the reason it is off. */
@Command(name = "info", description = "Print every backend, its state or why it is off, and the hardware it sees.")
final class InfoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
        + Runtime.getRuntime().availableProcessors() + " CPUs");
    for (Backend b : Backend.values()) {
      Optional<String> cause = Kernels.unavailabilityCause(b);
      if (cause.isPresent()) {
        System.out.printf("%-7s off: %s%n", b.id(), cause.get());
      } else {
        try (KernelContext ctx = Kernels.open(b)) {
          System.out.printf("%-7s on:  %s%n", b.id(), ctx.description());
        }
      }
      for (String line : Backends.provider(b.id()).details()) {
        System.out.println("        " + line);
      }
    }
    return 0;
  }
}
