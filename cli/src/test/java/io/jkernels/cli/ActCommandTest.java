package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pipelines.io.MatrixFile;
import io.jkernels.pipelines.io.NpyFile;
import io.jkernels.transport.TransportMap;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkernels act} end to end on small files. */
class ActCommandTest {
  @TempDir
  Path dir;

  @Test
  void exampleClosesTheGaps() {
    CliTest.Run r = CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "2000", "--channels", "3");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("mean |Δmean| to target: before"), r.out());
    assertTrue(Files.exists(dir.resolve("map.safetensors")) && Files.exists(dir.resolve("steered.npy")));
  }

  @Test
  void fitThenApplyAcrossFormats() throws Exception {
    CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "500", "--channels", "4");
    Path map = dir.resolve("m.safetensors");
    CliTest.Run fit = CliTest.run("act", "fit", "--source", dir.resolve("source.npy").toString(), "--target",
        dir.resolve("target.npy").toString(), "-o", map.toString(), "--channels", "4", "--backend", "scalar");
    assertEquals(0, fit.code(), fit.err());
    assertEquals(4, TransportMap.load(map).channels());
    Path out = dir.resolve("steered.safetensors");
    CliTest.Run apply = CliTest.run("act", "apply", "--map", map.toString(), "--input",
        dir.resolve("source.npy").toString(), "-o", out.toString(), "--strength", "0");
    assertEquals(0, apply.code(), apply.err());
    try (MatrixFile a = MatrixFile.open(dir.resolve("source.npy"), null); MatrixFile b = MatrixFile.open(out, null)) {
      assertEquals("activations", b.tensorName());
      assertTrue(java.util.Arrays.equals(a.readAll(), b.readAll()), "λ = 0 leaves activations bit for bit");
    }
  }

  @Test
  void badInputIsOneLineAndLeavesNoOutput() throws Exception {
    CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "100", "--channels", "4");
    Path wrong = dir.resolve("wrong.npy");
    NpyFile.write(wrong, new float[6], 2, 3);
    Path out = dir.resolve("never.npy");
    CliTest.Run r = CliTest.run("act", "apply", "--map", dir.resolve("map.safetensors").toString(), "--input",
        wrong.toString(), "-o", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("jkernels apply: input has 3 channels, the map 4"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace for bad input");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("never")), "no partial output");
    }
    CliTest.Run s = CliTest.run("act", "apply", "--map", dir.resolve("map.safetensors").toString(), "--input",
        dir.resolve("source.npy").toString(), "-o", out.toString(), "--support", "somewhere");
    assertEquals(2, s.code());
    assertTrue(s.err().contains("--support must be"), s.err());
  }
}
