package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import io.jkernels.pipelines.io.MatrixFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: nothing that ran nothing reads PASS or exits 0, arguments and output
 * locations are checked before any work, outputs follow the umask, and a multi-tensor file keeps what it holds.
 */
class CliHardeningTest {
  @TempDir
  Path dir;

  private static void noPass(CliTest.Run r) {
    assertFalse(r.out().contains("PASS"), () -> "nothing ran, yet PASS:\n" + r.out());
    assertNotEquals(0, r.code());
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void validateOnlyMatchingNothingIsUsageErrorNotPass() throws Exception {
    CliTest.Run r = CliTest.run("validate", "--backend", "scalar", "--only", "solveTridiagonal", "--out", dir.toString());
    noPass(r);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--only 'solveTridiagonal' matches none of the"), r.err());
    assertEquals(List.of(), files(), "no report for a run that did not start");
  }

  @Test
  void validateBadRegexIsUsageError() {
    CliTest.Run r = CliTest.run("validate", "--only", "(", "--out", dir.toString());
    assertEquals(2, r.code(), r.err());
  }

  @Test
  void validateMissingBackendRunsNothingAndNeverSaysPass() throws Exception {
    if (Kernels.available().contains(Backend.CUDA)) {
      return; // a GPU machine: nothing is missing
    }
    CliTest.Run r = CliTest.run("validate", "--backend", "cuda", "--out", dir.toString());
    noPass(r);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("not available: cuda") && r.err().contains("nothing ran"), r.err());
    assertEquals(List.of(), files());
  }

  @Test
  void validateUnwritableOutFailsBeforeAnyCheckRuns() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliTest.Run r = CliTest.run("validate", "--backend", "scalar", "--out", file.resolve("sub").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--out") && r.err().contains("not a writable folder"), r.err());
    assertFalse(r.err().contains("running"), "no check started: " + r.err());
  }

  @Test
  void reportUnwritableOutFailsFirst() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliTest.Run r = CliTest.run("report", "--no-bench", "--out", file.resolve("sub").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("not a writable folder"), r.err());
    assertFalse(r.err().contains("== validation"), r.err());
  }

  @Test
  void reportStampsDoNotCollide() throws Exception {
    ZonedDateTime t = ZonedDateTime.of(2026, 12, 1, 21, 5, 7, 0, ZoneOffset.UTC);
    assertEquals("2026-12-01-210507", ReportCommand.freeStamp(dir, t));
    Files.writeString(dir.resolve("report-2026-12-01-210507.md"), "");
    assertEquals("2026-12-01-210507-2", ReportCommand.freeStamp(dir, t));
    Files.writeString(dir.resolve("report-2026-12-01-210507-2.json"), "");
    assertEquals("2026-12-01-210507-3", ReportCommand.freeStamp(dir, t));
  }

  @Test
  void benchOnMissingBackendIsExitTwoWithTheReason() {
    if (Kernels.available().contains(Backend.CUDA)) {
      return;
    }
    CliTest.Run r = CliTest.run("bench", "--backend", "cuda", "--include", "nothing-matches-this");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("cuda backend unavailable"), r.err());
    assertFalse(r.err().contains("JMH log"), r.err());
  }

  @Test
  void benchIncludeMatchingNothingIsExitTwoWithAMessage() {
    for (String[] args : List.of(new String[] {"bench", "--include", "nothing-matches-this", "--backend", "scalar"},
        new String[] {"bench", "--list", "--include", "nothing-matches-this", "--backend", "scalar"})) {
      CliTest.Run r = CliTest.run(args);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("selects no benchmark"), r.err());
    }
    CliTest.Run bad = CliTest.run("bench", "--include", "[", "--backend", "scalar");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("not a valid regex"), bad.err());
  }

  @Test
  void applyRejectsNonFiniteStrengthBeforeReadingAnyFile() {
    for (String strength : List.of("NaN", "Infinity", "-Infinity")) {
      CliTest.Run r = CliTest.run("act", "apply", "--map", dir.resolve("no-such-map.safetensors").toString(),
          "--input", dir.resolve("no-such-input.npy").toString(), "-o", dir.resolve("out.npy").toString(),
          "--strength", strength);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--strength must be a finite number"), r.err());
    }
  }

  @Test
  void applyRejectsAnUnknownOutputTypeBeforeWork() {
    CliTest.Run r = CliTest.run("act", "apply", "--map", dir.resolve("no-such-map.safetensors").toString(),
        "--input", dir.resolve("no-such-input.npy").toString(), "-o", dir.resolve("out.csv").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown activation file type"), r.err());
  }

  @Test
  void fitRefusesToWriteAMapUnderANpyName() throws Exception {
    CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "200", "--channels", "2");
    Path npy = dir.resolve("m.npy");
    CliTest.Run r = CliTest.run("act", "fit", "--source", dir.resolve("source.npy").toString(), "--target",
        dir.resolve("target.npy").toString(), "-o", npy.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("must end in .safetensors"), r.err());
    assertFalse(Files.exists(npy));
  }

  @Test
  void writtenFilesFollowTheUmask() throws Exception {
    // What any tool's new file gets here (0666 less the umask), found by making one.
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
    Path ex = dir.resolve("ex");
    assertEquals(0, CliTest.run("act", "example", "--dir", ex.toString(), "--rows", "200", "--channels", "2").code());
    Path reports = dir.resolve("reports");
    CliTest.Run v = CliTest.run("validate", "--backend", "scalar", "--seed", "1", "--out", reports.toString(),
        "--only", "transport/apply/rows=1 .*");
    assertEquals(0, v.code(), v.out() + v.err());
    for (Path p : List.of(ex.resolve("source.npy"), ex.resolve("target.npy"), ex.resolve("map.safetensors"),
        ex.resolve("steered.npy"), reports.resolve("validation-report.md"), reports.resolve("validation-report.json"))) {
      assertEquals(expected, Files.getPosixFilePermissions(p), p.toString());
    }
  }

  /** A safetensors file with metadata, the activations and another tensor, written by hand. */
  private static void writeMultiTensor(Path path, float[] acts, int rows, int channels, float[] other)
      throws Exception {
    int actBytes = acts.length * 4;
    String json = "{\"__metadata__\":{\"format\":\"pt\",\"model\":\"tiny\"},\"acts\":{\"dtype\":\"F32\",\"shape\":["
        + rows + "," + channels + "],\"data_offsets\":[0," + actBytes + "]},\"bias\":{\"dtype\":\"F32\",\"shape\":["
        + other.length + "],\"data_offsets\":[" + actBytes + "," + (actBytes + other.length * 4) + "]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + actBytes + other.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    for (float f : acts) {
      b.putFloat(f);
    }
    for (float f : other) {
      b.putFloat(f);
    }
    Files.write(path, b.array());
  }

  @Test
  void applyOnAMultiTensorFileKeepsTheOtherTensorsAndTheMetadata() throws Exception {
    CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "300", "--channels", "2");
    int rows = 5;
    float[] acts = new float[rows * 2];
    for (int i = 0; i < acts.length; i++) {
      acts[i] = (i % 7) * 0.3f - 0.5f;
    }
    float[] bias = {1.5f, -2.25f, 3f};
    Path in = dir.resolve("multi.safetensors");
    writeMultiTensor(in, acts, rows, 2, bias);
    Path out = dir.resolve("steered-multi.safetensors");
    CliTest.Run r = CliTest.run("act", "apply", "--map", dir.resolve("map.safetensors").toString(), "--input",
        in.toString(), "-o", out.toString(), "--tensor", "acts", "--support", "everywhere");
    assertEquals(0, r.code(), r.err());
    byte[] a = Files.readAllBytes(in);
    byte[] b = Files.readAllBytes(out);
    assertEquals(a.length, b.length);
    int dataStart = 8 + (int) ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertArrayEquals(Arrays.copyOf(a, dataStart), Arrays.copyOf(b, dataStart), "header and metadata unchanged");
    assertArrayEquals(Arrays.copyOfRange(a, dataStart + acts.length * 4, a.length),
        Arrays.copyOfRange(b, dataStart + acts.length * 4, b.length), "the other tensor kept byte for byte");
    try (MatrixFile steered = MatrixFile.open(out, "acts")) {
      assertFalse(Arrays.equals(acts, steered.readAll()), "the activations were steered");
    }
  }

  @Test
  void libraryLogIsQuietUnlessVerbose() {
    Main.commandLine();
    assertEquals(java.util.logging.Level.WARNING, java.util.logging.Logger.getLogger("io.jkernels").getLevel());
    CliTest.Run r = CliTest.run("info", "--verbose");
    assertEquals(0, r.code(), r.err());
    assertEquals(java.util.logging.Level.INFO, java.util.logging.Logger.getLogger("io.jkernels").getLevel());
    Main.commandLine();
  }

  @Test
  void benchTableNeverMixesUnitsAndFlagsRatiosAboveTheCeiling() {
    var s = new BenchSession.Summary("vector", List.of(
        new BenchSession.Row(BenchSession.CEILING, "", 2.0, 40.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.TridiagonalBenchmark.ceilingCopy", "size=8", 9.0, 20.0,
            "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.TridiagonalBenchmark.ceilingCopy", "size=64", 9.0, 30.0,
            "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.TridiagonalBenchmark.solve", "size=8", 3.0, 25.0, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.TridiagonalBenchmark.sequentialReference", "size=8", 1.0,
            Double.NaN, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.DenseBenchmark.solve", "width=4", 5.0, Double.NaN, "ops/s"),
        new BenchSession.Row("io.jkernels.benchmarks.pcr.DenseReferenceBenchmark.referenceSolve", "width=64", 1.0,
            Double.NaN, "ops/s")), 40.0, List.of(), true, false);
    String table = BenchSession.table(s);
    String solve = table.lines().filter(l -> l.startsWith("pcr.TridiagonalBenchmark.solve ")).findFirst().orElseThrow();
    // held to its own class's ceiling at the same parameters (20 GB/s), not the size=64 one nor the host's 40
    assertTrue(solve.contains("20.0 GB/s") && solve.contains("1.25 ABOVE"), table);
    // the same-parameter reference counts no traffic: compared as time for the same work, said so
    assertTrue(solve.trim().endsWith("3.0× time"), table);
    // a reference of another size that counts no traffic cannot be divided: blank, not an ops ratio
    String dense = table.lines().filter(l -> l.startsWith("pcr.DenseBenchmark.solve ")).findFirst().orElseThrow();
    assertFalse(dense.contains("×"), table);
    assertTrue(table.contains("Higher is better"), table);
    String json = BenchSession.json(s);
    assertTrue(json.contains("\"of_ceiling\": 1.25") && json.contains("\"vs_reference_basis\": \"time\""), json);
  }
}
