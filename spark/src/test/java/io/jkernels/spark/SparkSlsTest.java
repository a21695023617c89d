package io.jkernels.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.SampleFormat;
import io.jkernels.pipelines.sls.FreeFieldRenderer;
import io.jkernels.pipelines.sls.GeneratorConfig;
import io.jkernels.pipelines.sls.GeneratorProgress;
import io.jkernels.pipelines.sls.JobSpec;
import io.jkernels.pipelines.sls.SlsGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in local[2] against the local generator: the same bytes for the same job. */
class SparkSlsTest {
  @TempDir Path dir;

  @Test
  void localModeMatchesTheLocalRunByteForByteAndResumes() throws Exception {
    Path speech = Files.createDirectories(dir.resolve("speech"));
    SplittableRandom rnd = new SplittableRandom(2);
    for (int f = 0; f < 3; f++) {
      float[] x = new float[2000 + 700 * f];
      for (int t = 0; t < x.length; t++) {
        x[t] = (float) (0.2 * rnd.nextGaussian());
      }
      AudioFiles.writeWav(speech.resolve("s" + f + ".wav"), new Audio(16000, 1, x.length, x), SampleFormat.PCM16,
          Map.of());
    }
    String cfg = GeneratorConfig.defaults().toJson();
    JobSpec local = new JobSpec(speech.toString(), speech.toString(), dir.resolve("local").toString(), cfg, 11, 7,
        "train");
    JobSpec spark = new JobSpec(speech.toString(), speech.toString(), dir.resolve("spark").toString(), cfg, 11, 7,
        "train");
    SlsGenerator.run(local, new FreeFieldRenderer(), 0, 1, 2, GeneratorProgress.NONE);
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sls-test").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      SlsGenerator.Summary s = SparkSls.run(sc, spark, "free-field", 3);
      assertEquals(7, s.samples());
      assertEquals(7, s.rendered());
      assertEquals(0, SparkSls.run(sc, spark, "free-field", 2).rendered(), "a second job resumes: nothing to do");
    }
    List<Path> files;
    Path a = dir.resolve("local/train");
    try (Stream<Path> walk = Files.walk(a)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".wav")).toList();
    }
    assertEquals(21, files.size());
    for (Path f : files) {
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("spark/train").resolve(a.relativize(f))),
          f.toString());
    }
    assertArrayEquals(Files.readAllBytes(a.resolve("metadata.parquet")),
        Files.readAllBytes(dir.resolve("spark/train/metadata.parquet")));
    assertArrayEquals(Files.readAllBytes(a.resolve("metadata.csv")),
        Files.readAllBytes(dir.resolve("spark/train/metadata.csv")));
  }
}
