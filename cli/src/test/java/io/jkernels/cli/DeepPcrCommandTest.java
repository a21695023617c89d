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
        "sampler   ddim S=9 of T=1000, eta 0.0, width 5, denoiser 2 x 64 tanh, 1 samples", "iterations max",
        "total", "residual", "all agree"}) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
  }

  @Test
  void theDdpmSamplerAndAStochasticDdimStillRun() {
    Run ddpm = jkernels("deeppcr", "--backend", "scalar", "--layers", "3", "--width", "4", "--batch", "2",
        "--sampler", "ddpm", "--sampler-steps", "12", "--train-steps", "0", "--repeats", "1", "--min-time", "0");
    assertEquals(0, ddpm.exitCode(), ddpm.out() + ddpm.err());
    assertTrue(ddpm.out().contains("sampler   ddpm T=12, width 4, denoiser 1 x 4 tanh, 2 samples"), ddpm.out());
    Run eta = jkernels("deeppcr", "--backend", "scalar", "--layers", "3", "--width", "3", "--batch", "2",
        "--sampler-steps", "7", "--ddim-hidden", "13", "--ddim-eta", "1", "--train-steps", "0", "--repeats", "1",
        "--min-time", "0");
    assertEquals(0, eta.exitCode(), eta.out() + eta.err());
    assertTrue(eta.out().contains("ddim S=7 of T=1000, eta 1.0, width 3, denoiser 2 x 13 tanh"), eta.out());
    assertTrue(eta.out().contains("converged"), eta.out());
  }

  @Test
  void badSamplerFlagsAreUsageErrors() {
    Run r = jkernels("deeppcr", "--sampler", "euler");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown sampler 'euler'"), r.err());
    for (String[] bad : new String[][] {{"--ddim-hidden", "0"}, {"--ddim-eta", "NaN"}, {"--ddim-eta", "2"},
        {"--sampler-steps", "1001"}}) {
      Run b = jkernels("deeppcr", bad[0], bad[1]);
      assertEquals(2, b.exitCode(), String.join(" ", bad) + ": " + b.out() + b.err());
      assertTrue(b.err().contains("bad DDIM sampler flags"), b.err());
      assertTrue(b.out().isEmpty(), "nothing run before the usage error: " + b.out());
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
        "--sampler", "--sampler-steps", "--ddim-hidden", "--ddim-eta", "--seed"}) {
      assertTrue(r.out().contains(flag), flag);
    }
  }
}
