package io.jkernels.pipelines.sls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pipelines.audio.AmbiX;
import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.AudioReader;
import io.jkernels.pipelines.audio.SampleFormat;
import io.jkernels.pipelines.audio.Tools;
import io.jkernels.pipelines.table.ParquetReadBack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlsGeneratorTest {
  @TempDir Path dir;

  /** Speech-like test signals: noise bursts (syllables) with pauses, 16 kHz mono, of a few lengths. */
  static Path syntheticCorpus(Path folder, int files, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int f = 0; f < files; f++) {
      int n = 4000 + 1601 * f;
      float[] x = new float[n];
      for (int t = 0; t < n; t++) {
        boolean voiced = (t / 1200) % 3 != 2;
        x[t] = voiced ? (float) (0.3 * rnd.nextGaussian() * Math.sin(Math.PI * (t % 1200) / 1200.0)) : 0f;
      }
      AudioFiles.writeWav(folder.resolve(String.format("%d-%d-%04d.wav", 19, 198, f)), new Audio(16000, 1, n, x),
          SampleFormat.PCM16, Map.of());
    }
    return folder;
  }

  private JobSpec job(Path speech, Path noise, Path out, long seed, long count) {
    return new JobSpec(speech.toString(), noise == null ? null : noise.toString(), out.toString(),
        GeneratorConfig.defaults().toJson(), seed, count, "train");
  }

  @Test
  void conditionsDependOnlyOnSeedAndIndex() {
    GeneratorConfig cfg = GeneratorConfig.defaults();
    Conditions a = ConditionSampler.draw(cfg, 7, 12345, 3);
    for (int i = 0; i < 50; i++) {
      ConditionSampler.draw(cfg, 7, i, 3); // other samples drawn in between change nothing
    }
    Conditions b = ConditionSampler.draw(cfg, 7, 12345, 3);
    assertArrayEquals(a.source(), b.source());
    assertArrayEquals(a.room(), b.room());
    assertEquals(a.snr(), b.snr());
    assertNotEquals(a.snr(), ConditionSampler.draw(cfg, 8, 12345, 3).snr());
    for (int i = 0; i < 2000; i++) {
      Conditions c = ConditionSampler.draw(cfg, 1, i, 2);
      double m = Math.min(cfg.wallMargin(), 0.45 * Math.min(c.room()[0], Math.min(c.room()[1], c.room()[2])));
      for (double[] p : List.of(c.source(), c.receiver(), c.noise())) {
        for (int k = 0; k < 3; k++) {
          assertTrue(p[k] >= m - 1e-9 && p[k] <= c.room()[k] - m + 1e-9, "sample " + i + " outside the room");
        }
      }
      assertTrue(cfg.floorArea().contains(c.floorArea() * (1 - 1e-12)) || cfg.floorArea().contains(c.floorArea()));
      assertTrue(c.distance() <= cfg.sourceDistance().max() + 1e-9);
    }
  }

  @Test
  void generatesTheFilesAndColumnsAndTheSameDataTwiceShardedOrNot() throws Exception {
    Path speech = syntheticCorpus(Files.createDirectories(dir.resolve("speech")), 4, 1);
    Path noise = syntheticCorpus(Files.createDirectories(dir.resolve("noise")), 2, 2);
    SlsGenerator.Summary s = SlsGenerator.run(job(speech, noise, dir.resolve("a"), 42, 6), new FreeFieldRenderer(),
        0, 1, 2, GeneratorProgress.NONE);
    assertEquals(6, s.samples());
    assertEquals(6, s.rendered());
    Path train = dir.resolve("a/train");
    for (String folder : List.of("ambisonics", "noise_ambisonics", "mix_ambisonics")) {
      for (int i = 0; i < 6; i++) {
        try (AudioReader r = AudioFiles.open(train.resolve(folder).resolve(String.format("%06d.wav", i)))) {
          assertEquals(4, r.info().channels());
          assertEquals(1, AmbiX.parse(r.metadata()));
        }
      }
    }
    ParquetReadBack t = ParquetReadBack.read(train.resolve("metadata.parquet"));
    assertEquals(6, t.rows.size());
    for (String col : MetadataSchema.COLUMNS.keySet()) {
      assertTrue(t.schema.containsField(col), col);
    }
    assertEquals(33, t.list(0, "acoustics/t30_ms").length);
    assertTrue(Files.readAllLines(train.resolve("metadata.csv")).get(0).startsWith("sample_id,split,speech/azimuth"));
    for (int i = 0; i < 6; i++) {
      assertEquals(i, t.rows.get(i).getLong("sample_id", 0));
      Path f = train.resolve("ambisonics").resolve(String.format("%06d.wav", i));
      assertEquals(SampleRenderer.sha256(f), t.rows.get(i).getString("audio_info/checksum/ambisonics", 0));
      assertEquals(Files.size(f), t.rows.get(i).getLong("audio_info/size/ambisonics", 0));
      assertEquals(String.format("19-198-%04d.wav", i % 4), t.rows.get(i).getString("speech/source_file", 0));
      assertEquals(19, t.rows.get(i).getLong("speech/librispeech_metadata/reader_id", 0));
      // The mix is speech + noise, and the noise sits at the drawn SNR on W.
      Audio sp = AudioFiles.read(f);
      Audio no = AudioFiles.read(train.resolve("noise_ambisonics").resolve(String.format("%06d.wav", i)));
      Audio mx = AudioFiles.read(train.resolve("mix_ambisonics").resolve(String.format("%06d.wav", i)));
      double ps = 0;
      double pn = 0;
      for (int k = 0; k < sp.frames(); k++) {
        ps += sp.samples()[k] * (double) sp.samples()[k];
        pn += no.samples()[k] * (double) no.samples()[k];
      }
      assertEquals(t.rows.get(i).getDouble("noise/snr", 0), 10 * Math.log10(ps / pn), 1e-3);
      for (int k = 0; k < mx.samples().length; k += 97) {
        assertEquals(sp.samples()[k] + no.samples()[k], mx.samples()[k], 1e-6f);
      }
    }
    // The same job again, elsewhere, and as two shards: byte-identical files.
    SlsGenerator.run(job(speech, noise, dir.resolve("b"), 42, 6), new FreeFieldRenderer(), 0, 1, 1,
        GeneratorProgress.NONE);
    SlsGenerator.run(job(speech, noise, dir.resolve("c"), 42, 6), new FreeFieldRenderer(), 1, 2, 2,
        GeneratorProgress.NONE);
    SlsGenerator.run(job(speech, noise, dir.resolve("c"), 42, 6), new FreeFieldRenderer(), 0, 2, 2,
        GeneratorProgress.NONE);
    ParquetReadBack c0 = ParquetReadBack.read(dir.resolve("c/train/metadata.shard-0-of-2.parquet"));
    ParquetReadBack c1 = ParquetReadBack.read(dir.resolve("c/train/metadata.shard-1-of-2.parquet"));
    assertEquals(3, c0.rows.size());
    assertEquals(3, c1.rows.size());
    for (int i = 0; i < 6; i++) {
      String name = String.format("%06d.wav", i);
      for (String folder : List.of("ambisonics", "noise_ambisonics", "mix_ambisonics")) {
        byte[] a = Files.readAllBytes(train.resolve(folder).resolve(name));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/train").resolve(folder).resolve(name)));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("c/train").resolve(folder).resolve(name)));
      }
      ParquetReadBack shard = i < 3 ? c0 : c1;
      assertEquals(t.rows.get(i).getString("audio_info/checksum/mix_ambisonics", 0),
          shard.rows.get(i % 3).getString("audio_info/checksum/mix_ambisonics", 0));
    }
    assertArrayEquals(Files.readAllBytes(train.resolve("metadata.parquet")),
        Files.readAllBytes(dir.resolve("b/train/metadata.parquet")));
  }

  @Test
  void resumeSkipsCompleteSamplesAndRedoesDamagedOnes() throws Exception {
    Path speech = syntheticCorpus(Files.createDirectories(dir.resolve("speech")), 3, 3);
    JobSpec spec = job(speech, null, dir.resolve("out"), 5, 5);
    SlsGenerator.run(spec, new FreeFieldRenderer(), 0, 1, 2, GeneratorProgress.NONE);
    Path train = dir.resolve("out/train");
    Path damaged = train.resolve("ambisonics/000001.wav");
    byte[] original = Files.readAllBytes(damaged);
    byte[] bad = original.clone();
    bad[bad.length - 3] ^= 0x55;
    Files.write(damaged, bad);
    Files.delete(train.resolve("rows/000003.json"));
    Files.writeString(train.resolve("rows/000004.json"), "{ truncated");
    SlsGenerator.Summary again = SlsGenerator.run(spec, new FreeFieldRenderer(), 0, 1, 2, GeneratorProgress.NONE);
    assertEquals(3, again.rendered());
    assertArrayEquals(original, Files.readAllBytes(damaged));
    try (var stream = Files.list(train.resolve("ambisonics"))) {
      assertEquals(5, stream.filter(p -> !p.getFileName().toString().startsWith(".")).count(), "no temp files left");
    }
    assertEquals(0, SlsGenerator.run(spec, new FreeFieldRenderer(), 0, 1, 2, GeneratorProgress.NONE).rendered());
    // Another job into the same folder is refused.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlsGenerator.run(
        job(speech, null, dir.resolve("out"), 6, 5), new FreeFieldRenderer(), 0, 1, 1, GeneratorProgress.NONE));
    assertTrue(e.getMessage().contains("different job"), e.getMessage());
  }

  /**
   * The convention check users of Spatial LibriSpeech have needed: the active intensity of each FOA sample, the
   * time average of W·(X, Y, Z) (ACN order W, Y, Z, X), points where its azimuth and elevation labels say.
   */
  @Test
  void activeIntensityAgreesWithTheDirectionLabels() throws Exception {
    Path speech = syntheticCorpus(Files.createDirectories(dir.resolve("speech")), 3, 4);
    SlsGenerator.run(job(speech, null, dir.resolve("out"), 9, 24), new FreeFieldRenderer(), 0, 1, 2,
        GeneratorProgress.NONE);
    Path train = dir.resolve("out/train");
    ParquetReadBack t = ParquetReadBack.read(train.resolve("metadata.parquet"));
    double[] errors = IntensityCheck.angularErrors(train, t);
    Arrays.sort(errors);
    double median = errors[errors.length / 2];
    // Free field: one plane wave per sample; only float32 rounding separates the intensity from the label.
    assertTrue(median < 0.01 && errors[errors.length - 1] < 0.05, "median " + median + " deg, max "
        + errors[errors.length - 1] + " deg");
  }

  @Test
  void espeakSpeechAsFlacEndToEnd() throws Exception {
    Tools.require("flac");
    Path folder = Files.createDirectories(dir.resolve("libri/19/198"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path wav = Tools.speech(dir.resolve("u" + i + ".wav"), i == 0 ? "the quick brown fox" : "jumps over the dog");
      String id = String.format("19-198-%04d", i);
      Tools.run(List.of("flac", "-s", "-f", "-o", folder.resolve(id + ".flac").toString(), wav.toString()));
      lines.add(id + (i == 0 ? " THE QUICK BROWN FOX" : " JUMPS OVER THE DOG"));
    }
    Files.write(folder.resolve("19-198.trans.txt"), lines);
    SlsGenerator.run(job(dir.resolve("libri"), null, dir.resolve("out"), 1, 0), new FreeFieldRenderer(), 0, 1, 2,
        GeneratorProgress.NONE);
    ParquetReadBack t = ParquetReadBack.read(dir.resolve("out/train/metadata.parquet"));
    assertEquals(2, t.rows.size());
    assertEquals("JUMPS OVER THE DOG", t.rows.get(1).getString("speech/librispeech_metadata/transcription", 0));
    assertEquals("19/198/19-198-0000.flac", t.rows.get(0).getString("speech/source_file", 0));
    double[] errors = IntensityCheck.angularErrors(dir.resolve("out/train"), t);
    for (double e : errors) {
      assertTrue(e < 0.05, "intensity error " + e + " deg");
    }
  }
}
