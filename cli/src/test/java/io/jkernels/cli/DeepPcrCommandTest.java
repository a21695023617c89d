package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class DeepPcrCommandTest {
  /** Exit code, standard output and standard error of one {@code jkernels ...} run. */
  record Run(int exitCode, String out, String err) {}

  static Run jkernels(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Stream<String> cpuBackends() {
    return Kernels.available().stream().filter(b -> b != Backend.CUDA).map(Backend::id);
  }

  @ParameterizedTest
  @MethodSource("cpuBackends")
  void tinyRunPrintsEveryPipelineAndAgrees(String backend) {
    Run r = jkernels("deeppcr", "--backend", backend, "--layers", "6", "--width", "5", "--batch", "3",
        "--sampler-steps", "9", "--sampler-batch", "1", "--train-steps", "2", "--repeats", "1", "--min-time", "0", "--seed", "7");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().startsWith("deeppcr on " + backend), r.out());
    for (String line : new String[] {"forward ", "backward ", "training ", "loss sequential", "loss deeppcr",
        "sampler ", "iterations", "residual", "all agree"}) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
  }

  @Test
  void expandingGeluRunsAndSaysSo() {
    Run r = jkernels("deeppcr", "--layers", "5", "--width", "4", "--batch", "2", "--activation", "gelu",
        "--expanding", "--sampler-steps", "0", "--train-steps", "0", "--repeats", "1", "--min-time", "0");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("gelu, expanding (spectral norm 2.0"), r.out());
    assertTrue(!r.out().contains("sampler ") && !r.out().contains("training "), r.out());
  }

  @Test
  void unknownActivationIsAUsageError() {
    Run r = jkernels("deeppcr", "--activation", "sigmoid");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown activation 'sigmoid'"), r.err());
  }

  @Test
  void unknownBackendIsAUsageError() {
    Run r = jkernels("deeppcr", "--backend", "tpu");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown backend 'tpu'"), r.err());
  }

  @Test
  void helpListsTheFlags() {
    Run r = jkernels("deeppcr", "--help");
    assertEquals(0, r.exitCode());
    for (String flag : new String[] {"--layers", "--width", "--batch", "--activation", "--backend",
        "--sampler-steps", "--seed"}) {
      assertTrue(r.out().contains(flag), flag);
    }
  }
}
