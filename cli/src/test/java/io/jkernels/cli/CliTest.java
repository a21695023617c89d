package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import io.jkernels.validation.BackendRun;
import io.jkernels.validation.CheckResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tools through picocli with captured output: small runs only (the suite itself is ConformanceTest's job). */
class CliTest {
  @TempDir
  Path dir;

  /** Exit code, stdout, stderr. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void infoListsEveryBackendWithStateOrReason() {
    Run r = run("info");
    assertEquals(0, r.code(), r.err());
    for (Backend b : Backend.values()) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(b.id() + " ") && (l.contains(" on:") || l.contains(" off:"))),
          () -> "no line for " + b + " in\n" + r.out());
    }
    assertTrue(r.out().contains("scalar  on:"), r.out());
    assertTrue(r.out().contains("jcuda"), r.out());
    assertTrue(r.out().contains("default:"), r.out());
  }

  @Test
  void validateScalarPrintsTableAndWritesBothReports() throws Exception {
    Run r = run("validate", "--backend", "scalar", "--out", dir.toString(), "--seed", "42", "--only",
        "transport/apply/rows=(1|7) .*");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().matches("(?s)family +operation +backend.*"), r.out());
    assertTrue(r.out().contains("PASS"), r.out());
    String md = Files.readString(dir.resolve("validation-report.md"));
    String json = Files.readString(dir.resolve("validation-report.json"));
    assertTrue(md.contains("| scalar | ran |") && md.contains("seed: 42"), md);
    assertTrue(json.contains("\"seed\": 42") && json.contains("\"passed\": true"), json);
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files left");
    }
  }

  @Test
  void validateRejectsUnknownBackend() {
    Run r = run("validate", "--backend", "tpu", "--out", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown backend 'tpu'"), r.err());
  }

  @Test
  void validateOnAMissingBackendExitsTwoWithTheReason() {
    if (Kernels.available().contains(Backend.CUDA)) {
      return; // a GPU machine: nothing is missing
    }
    Run r = run("validate", "--backend", "cuda", "--out", dir.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("not available: cuda"), r.err());
  }

  @Test
  void childResultsRoundTrip() throws Exception {
    Path f = dir.resolve("child.tsv");
    BackendRun run = new BackendRun("cuda-emulated", "emulated\tdriver", List.of(
        new CheckResult("transport", "apply", "rows=7", "cuda-emulated", 1.5e-7, 1e-6, null, 11),
        new CheckResult("transport", "fit", "rows=1\nx", "cuda-emulated", Double.POSITIVE_INFINITY, 1e-5,
            "java.lang.AssertionError: boom\twith tab", -3)), 2, 1.25, null);
    ValidationSession.ChildResults.write(f, run);
    BackendRun back = ValidationSession.ChildResults.read(f);
    assertEquals(2, back.results().size());
    assertEquals(run.results().get(0), back.results().get(0));
    assertEquals("java.lang.AssertionError: boom with tab", back.results().get(1).failure());
    assertEquals(Double.POSITIVE_INFINITY, back.results().get(1).error());
    assertEquals(2, back.skipped());
    assertTrue(back.ran());
    ValidationSession.ChildResults.write(f, BackendRun.unavailable("cuda-emulated", "no driver"));
    assertEquals("no driver", ValidationSession.ChildResults.read(f).unavailable());
  }

  @Test
  void benchListFindsTheCeilingBenchmarks() {
    Run r = run("bench", "--list");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("io.jkernels.benchmarks.MemoryBandwidthBenchmark.inPlaceAffineParallel"), r.out());
  }

  @Test
  void benchTableSetsKernelsBesideCeilingAndReference() {
    var s = new BenchSession.Summary("vector", List.of(
        new BenchSession.Row(BenchSession.CEILING, "", 2.0, 40.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.transport.ApplyBenchmark.apply", "rows=8", 1.0, 36.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.transport.ApplyBenchmark.sequentialReference", "rows=8", 0.25,
            9.0, "ops/s")), 40.0, List.of(), true, false);
    String table = BenchSession.table(s);
    var cross = new BenchSession.Summary("vector", List.of(
        new BenchSession.Row("io.jkernels.benchmarks.transport.TransportApplyBenchmark.apply", "backend=vector", 1.0,
            30.0, "ops/s", 32.0),
        new BenchSession.Row("io.jkernels.benchmarks.transport.TransportReferenceBenchmark.referenceApply", "", 50.0,
            0.6, "ops/s")), 40.0, List.of(), true, false);
    String crossTable = BenchSession.table(cross);
    assertTrue(crossTable.lines().anyMatch(l -> l.startsWith("transport.TransportApplyBenchmark.apply ")
        && l.contains("32.0 GB/s") && l.contains("0.94") && l.trim().endsWith("50× GB/s")), crossTable);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("transport.ApplyBenchmark.apply ") && l.contains("36.0 GB/s")
        && l.contains("0.90") && l.trim().endsWith("4.0× time")), table);
    assertTrue(BenchSession.json(s).contains("\"gbps\": 36"), BenchSession.json(s));
  }
}
