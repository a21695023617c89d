package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.SampleFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jkernels sls} end to end on a few synthetic utterances. */
class SlsCommandTest {
  @TempDir Path dir;

  @Test
  void generateThenResume() throws Exception {
    Path speech = Files.createDirectories(dir.resolve("speech"));
    SplittableRandom rnd = new SplittableRandom(3);
    for (int f = 0; f < 3; f++) {
      float[] x = new float[3000 + 1000 * f];
      for (int t = 0; t < x.length; t++) {
        x[t] = (float) (0.2 * rnd.nextGaussian());
      }
      AudioFiles.writeWav(speech.resolve("u" + f + ".wav"), new Audio(16000, 1, x.length, x), SampleFormat.PCM16,
          Map.of());
    }
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.run("sls", "generate", "--speech", speech.toString(), "--noise", speech.toString(),
        "-o", out.toString(), "--count", "4", "--threads", "2", "--format", "pcm24");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("4 samples (4 rendered, 0 already complete)"), r.out());
    assertTrue(r.err().contains("real time") && r.err().contains("ETA"), r.err());
    assertTrue(Files.isRegularFile(out.resolve("train/metadata.parquet")));
    assertTrue(Files.isRegularFile(out.resolve("train/mix_ambisonics/000003.wav")));
    CliTest.Run again = CliTest.run("sls", "generate", "--speech", speech.toString(), "--noise", speech.toString(),
        "-o", out.toString(), "--count", "4", "--format", "pcm24");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("4 samples (0 rendered, 4 already complete)"), again.out());
    CliTest.Run bad = CliTest.run("sls", "generate", "--speech", speech.toString(), "-o", out.toString(),
        "--shard", "2/2");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("shard"), bad.err());
    CliTest.Run cfg = CliTest.run("sls", "config");
    assertEquals(0, cfg.code());
    assertTrue(cfg.out().contains("\"floor_area\"") && cfg.out().contains("assumed"), cfg.out());
  }
}
