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
}
