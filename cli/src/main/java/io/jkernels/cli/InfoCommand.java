package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.kernels.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels info}: the JVM and CPU, then every backend with its state or the reason it is off, and the facts
 * each backend's provider reports (GPU name, compute capability, memory, driver and JCuda versions, JCublas).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Print every backend, its state or why it is off, and the hardware it sees.")
final class InfoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("jkernels 0.1.0 on java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
    out.println("cpu:    " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + System.getProperty("os.arch"));
    for (Backend b : Backend.values()) {
      Optional<String> cause = Kernels.unavailabilityCause(b);
      if (cause.isPresent()) {
        out.printf("%-7s off: %s%n", b.id(), cause.get());
      } else {
        try (KernelContext ctx = Kernels.open(b)) {
          out.printf("%-7s on:  %s%n", b.id(), ctx.description());
        } catch (RuntimeException e) {
          out.printf("%-7s off: opening it failed: %s%n", b.id(), e);
        }
      }
      for (String line : Backends.provider(b.id()).details()) {
        out.println("        " + line);
      }
    }
    out.println("libraries: jcuda " + jarVersion("jcuda") + ", jcublas " + jarVersion("jcublas")
        + " (jars on the class path; whether they load is in the cuda lines above)");
    String forced = System.getProperty(Kernels.BACKEND_PROPERTY);
    Backend best = Kernels.available().stream().findFirst().orElse(Backend.SCALAR);
    out.println("default: " + (forced != null && !forced.isBlank() ? forced + " (forced by -D" + Kernels.BACKEND_PROPERTY + ")"
        : best.id() + " (best available; -D" + Kernels.BACKEND_PROPERTY + "=cuda|vector|scalar forces one)"));
    out.flush();
    return 0;
  }

  /** The CPU model from /proc/cpuinfo, or the architecture when that is not readable. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return "unknown CPU model";
  }

  /** The version of an org.jcuda artifact on the class path, from its Maven metadata. */
  static String jarVersion(String artifact) {
    String resource = "/META-INF/maven/org.jcuda/" + artifact + "/pom.properties";
    try (InputStream in = InfoCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "absent";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown version");
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
