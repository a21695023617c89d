package io.jkernels.pipelines.sls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pipelines.table.ParquetReadBack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator on the library's image-source rooms. */
class RoomRenderingTest {
  @TempDir Path dir;

  private static String highDrrConfig() {
    // Absorptive rooms and a close talker: the direct sound dominates, so the intensity must point at the label.
    return GeneratorConfig.fromJson("{\"absorption\": [0.85, 0.95], \"source_distance\": [0.5, 1.0],"
        + " \"floor_area\": [20, 60], \"max_rir_seconds\": 0.3}").toJson();
  }

  @Test
  void activeIntensityAgreesWithLabelsAtHighDrrAndLabelsAreFilled() throws Exception {
    Path speech = SlsGeneratorTest.syntheticCorpus(Files.createDirectories(dir.resolve("speech")), 3, 11);
    JobSpec spec = new JobSpec(speech.toString(), null, dir.resolve("out").toString(), highDrrConfig(), 3, 12,
        "train");
    try (KernelContext ctx = Kernels.open()) {
      SlsGenerator.run(spec, new LibraryRenderer(ctx, 0.05), 0, 1, 2, GeneratorProgress.NONE);
    }
    Path train = dir.resolve("out/train");
    ParquetReadBack t = ParquetReadBack.read(train.resolve("metadata.parquet"));
    double[] errors = IntensityCheck.angularErrors(train, t);
    Arrays.sort(errors);
    double median = errors[errors.length / 2];
    // A few degrees: the residual is the early reflections' intensity (the walls still reflect 5-15 % of energy).
    assertTrue(median < 5, "median intensity error " + median + " deg; all " + Arrays.toString(errors));
    for (int i = 0; i < t.rows.size(); i++) {
      double[] drr = t.list(i, "acoustics/drr_db");
      double[] t30 = t.list(i, "acoustics/t30_ms");
      assertEquals(33, drr.length);
      long finite = Arrays.stream(t30).filter(Double::isFinite).count();
      assertTrue(finite > 10, "row " + i + ": T30 defined in only " + finite + " bands");
      assertEquals("image-source+diffuse-tail", t.rows.get(i).getString("audio_info/renderer", 0));
    }
  }

  @Test
  void higherOrderAndArrayOutputsSitBesideTheFoa() throws Exception {
    Path speech = SlsGeneratorTest.syntheticCorpus(Files.createDirectories(dir.resolve("speech")), 2, 12);
    String cfg = GeneratorConfig.fromJson("{\"order\": 2, \"array\": true, \"max_rir_seconds\": 0.2,"
        + " \"absorption\": [0.5, 0.9]}").toJson();
    JobSpec spec = new JobSpec(speech.toString(), speech.toString(), dir.resolve("out").toString(), cfg, 4, 2,
        "test");
    try (KernelContext ctx = Kernels.open()) {
      SlsGenerator.run(spec, new LibraryRenderer(ctx, 0.05), 0, 1, 2, GeneratorProgress.NONE);
    }
    Path split = dir.resolve("out/test");
    ParquetReadBack t = ParquetReadBack.read(split.resolve("metadata.parquet"));
    for (int i = 0; i < 2; i++) {
      String name = String.format("%06d.wav", i);
      io.jkernels.pipelines.audio.Audio hoa = io.jkernels.pipelines.audio.AudioFiles.read(split.resolve("hoa/" + name));
      io.jkernels.pipelines.audio.Audio foa =
          io.jkernels.pipelines.audio.AudioFiles.read(split.resolve("ambisonics/" + name));
      io.jkernels.pipelines.audio.Audio arr =
          io.jkernels.pipelines.audio.AudioFiles.read(split.resolve("array/" + name));
      assertEquals(9, hoa.channels());
      assertEquals(19, arr.channels());
      // SN3D's first four ACN channels of an order-2 field are the FOA field itself.
      for (int k = 0; k < foa.samples().length; k++) {
        int c = k / foa.frames();
        int tt = k % foa.frames();
        assertEquals(foa.samples()[k], hoa.samples()[c * hoa.frames() + tt], 0f);
      }
      try (io.jkernels.pipelines.audio.AudioReader r =
          io.jkernels.pipelines.audio.AudioFiles.open(split.resolve("hoa/" + name))) {
        assertEquals(2, io.jkernels.pipelines.audio.AmbiX.parse(r.metadata()));
      }
      assertEquals(SampleRenderer.sha256(split.resolve("array/" + name)),
          t.rows.get(i).getString("audio_info/checksum/array", 0));
      assertEquals(SampleRenderer.sha256(split.resolve("hoa/" + name)),
          t.rows.get(i).getString("audio_info/checksum/hoa", 0));
      assertEquals("test", t.rows.get(i).getString("split", 0));
      assertEquals("cardioid", t.rows.get(i).getString("speech/directivity", 0));
    }
  }
}
