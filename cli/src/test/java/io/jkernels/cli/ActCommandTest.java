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

  /** ml-act's layout, written by torch (pipelines/src/test/resources/torch/make_fixtures.py). */
  private static final Path ML_ACT = Path.of("../pipelines/src/test/resources/torch");

  @Test
  void fitsOnMlActFoldersConvertsItsHooksAndAppliesABand() throws Exception {
    Path responses = ML_ACT.resolve("responses");
    String module = "transformer.h.0.mlp.c_proj:0";
    for (String estimator : new String[] {"linear", "gaussian", "mean", "aura"}) {
      Path map = dir.resolve(estimator + ".safetensors");
      CliTest.Run fit = CliTest.run("act", "fit", "--source", responses.resolve("toxic/" + module).toString(),
          "--target", responses.resolve("non-toxic/" + module).toString(), "-o", map.toString(), "--estimator",
          estimator, "--backend", "scalar");
      assertEquals(0, fit.code(), fit.err());
      assertEquals(4, TransportMap.load(map).channels());
    }
    Path maps = dir.resolve("layers");
    CliTest.Run layers = CliTest.run("act", "fit", "--layers", "--source", responses.resolve("toxic").toString(),
        "--target", responses.resolve("non-toxic").toString(), "-o", maps.toString(), "--backend", "scalar");
    assertEquals(0, layers.code(), layers.err());
    assertTrue(TransportMap.load(maps.resolve(module + ".safetensors")).hasSourceQuantiles());
    Path one = dir.resolve("all.safetensors");
    CliTest.Run single = CliTest.run("act", "fit", "--layers", "--source", responses.resolve("toxic").toString(),
        "--target", responses.resolve("non-toxic").toString(), "-o", one.toString(), "--backend", "scalar");
    assertEquals(0, single.code(), single.err());
    assertEquals(TransportMap.load(maps.resolve(module + ".safetensors")), TransportMap.load(one, module));
    Path converted = dir.resolve("hook.safetensors");
    CliTest.Run convert = CliTest.run("act", "convert", "--hook", ML_ACT.resolve("linear_ot.statedict").toString(),
        "-o", converted.toString());
    assertEquals(0, convert.code(), convert.err());
    assertEquals(1.5f, TransportMap.load(converted).omega()[0]);
    CliTest.Run evil = CliTest.run("act", "convert", "--hook", ML_ACT.resolve("evil.pt").toString(), "-o",
        dir.resolve("evil.safetensors").toString());
    assertTrue(evil.code() != 0 && evil.err().contains("refused"), evil.err());
    assertFalse(Files.exists(dir.resolve("evil.safetensors")));
    CliTest.run("act", "example", "--dir", dir.toString(), "--rows", "300", "--channels", "4");
    CliTest.Run band = CliTest.run("act", "apply", "--map", maps.resolve(module + ".safetensors").toString(),
        "--input", dir.resolve("source.npy").toString(), "-o", dir.resolve("banded.npy").toString(), "--band",
        "q_5_95");
    assertEquals(0, band.code(), band.err());
    CliTest.Run byModule = CliTest.run("act", "apply", "--map", one.toString(), "--module", module, "--input",
        dir.resolve("source.npy").toString(), "-o", dir.resolve("bymodule.npy").toString());
    assertEquals(0, byModule.code(), byModule.err());
  }

  @Test
  void foldWritesAPatchOfTheLayer() throws Exception {
    Path model = dir.resolve("model.safetensors");
    io.jkernels.internal.Safetensors.writeF32(model, java.util.Map.of(), java.util.List.of(
        new io.jkernels.internal.Safetensors.Entry("l.weight", new long[] {2, 3}),
        new io.jkernels.internal.Safetensors.Entry("l.bias", new long[] {2})),
        java.util.List.of(new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, -1}));
    Path map = dir.resolve("affine.safetensors");
    TransportMap.affine(new float[] {2, 0.5f}, new float[] {1, 3}).save(map);
    Path patch = dir.resolve("patch.safetensors");
    CliTest.Run fold = CliTest.run("act", "fold", "--map", map.toString(), "--model", model.toString(), "--weight",
        "l.weight", "--bias", "l.bias", "-o", patch.toString());
    assertEquals(0, fold.code(), fold.err());
    var header = io.jkernels.internal.Safetensors.read(patch);
    // λ = 1: a = ω, so row 0 doubles and row 1 halves; c' = ω c + β.
    assertTrue(java.util.Arrays.equals(new float[] {2, 4, 6, 2, 2.5f, 3},
        io.jkernels.internal.Safetensors.readF32(header, header.tensor("l.weight").orElseThrow())));
    assertTrue(java.util.Arrays.equals(new float[] {3, 2.5f},
        io.jkernels.internal.Safetensors.readF32(header, header.tensor("l.bias").orElseThrow())));
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
