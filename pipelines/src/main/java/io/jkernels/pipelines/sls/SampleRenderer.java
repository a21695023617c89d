package io.jkernels.pipelines.sls;

import io.jkernels.pipelines.audio.AmbiX;
import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.WavWriter;
import io.jkernels.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one sample of a job, or finds it already complete. Thread-safe; one per job and process.
 *
 * <p>Sample {@code i}: conditions drawn from {@code (seed, i)}; speech file {@code i mod (files)}; the dry speech
 * scaled to the drawn active level at 1 m; convolved with the talker's B-format response (full length
 * {@code n + m - 1}); a noise excerpt (from the drawn offset, looped) convolved with the noise source's response
 * and scaled so that the W-channel power ratio is the drawn SNR; the mix is their sum. Files, under
 * {@code out/split/}: {@code ambisonics/}, {@code noise_ambisonics/}, {@code mix_ambisonics/} (FOA AmbiX),
 * {@code hoa/} (order N AmbiX, when N > 1), {@code array/} (when asked), all {@code {id:06}.wav}; then
 * {@code rows/{id:06}.json}, the metadata row with every file's size and SHA-256, written last: a sample is
 * complete exactly when its row exists and every file it names has that size and checksum.
 */
public final class SampleRenderer {
  /** Output folders, in the order of their {@code audio_info/size|checksum/*} columns. */
  public static final List<String> OUTPUTS = List.of("ambisonics", "noise_ambisonics", "mix_ambisonics", "hoa",
      "array");
  private static final double SPEED_OF_SOUND = 343.0;

  private final JobSpec spec;
  private final GeneratorConfig cfg;
  private final AudioCorpus speech;
  private final AudioCorpus noise;
  private final SceneRenderer renderer;
  private final Path dir;
  private final long count;

  public SampleRenderer(JobSpec spec, SceneRenderer renderer) throws IOException {
    this.spec = spec;
    this.cfg = spec.config();
    this.speech = AudioCorpus.of(Path.of(spec.speech()));
    this.noise = spec.noise() == null ? null : AudioCorpus.of(Path.of(spec.noise()));
    this.renderer = renderer;
    this.dir = Path.of(spec.out()).resolve(spec.split());
    this.count = spec.count() == 0 ? speech.size() : spec.count();
  }

  /** Samples in the whole data set. */
  public long count() {
    return count;
  }

  public GeneratorConfig config() {
    return cfg;
  }

  public AudioCorpus speech() {
    return speech;
  }

  public AudioCorpus noise() {
    return noise;
  }

  /** The split's folder. */
  public Path folder() {
    return dir;
  }

  /** The outcome of one sample: its metadata row, whether it was rendered now, and its audio seconds. */
  public record Result(Map<String, Object> row, boolean rendered, double seconds) {}

  /** Renders sample {@code index} unless a complete copy is on disk (then returns its row). */
  public Result sample(long index) throws IOException {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index: expected 0 <= index < " + count + ", got " + index);
    }
    Map<String, Object> existing = completeRow(index);
    if (existing != null) {
      return new Result(existing, false, ((Number) existing.get("audio_info/duration")).doubleValue());
    }
    Map<String, Object> row = render(index);
    return new Result(row, true, ((Number) row.get("audio_info/duration")).doubleValue());
  }

  Path rowFile(long index) {
    return dir.resolve("rows").resolve(id(index) + ".json");
  }

  static String id(long index) {
    return String.format(Locale.ROOT, "%06d", index);
  }

  /** The row of a complete sample, or null when it is missing, unreadable or any file fails its checksum. */
  Map<String, Object> completeRow(long index) throws IOException {
    Path rf = rowFile(index);
    if (!Files.isRegularFile(rf)) {
      return null;
    }
    Map<String, Object> row;
    try {
      row = RowJson.read(Files.readString(rf, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
      return null;
    }
    if (((Long) row.get("sample_id")) != index) {
      return null;
    }
    for (String out : OUTPUTS) {
      String sum = (String) row.get("audio_info/checksum/" + out);
      if (sum.isEmpty()) {
        continue;
      }
      Path f = audioFile(out, index);
      try {
        if (Files.size(f) != ((Long) row.get("audio_info/size/" + out)) || !sha256(f).equals(sum)) {
          return null;
        }
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    return row;
  }

  Path audioFile(String output, long index) {
    return dir.resolve(output).resolve(id(index) + ".wav");
  }

  private Map<String, Object> render(long index) throws IOException {
    int fs = cfg.sampleRate();
    Conditions c = ConditionSampler.draw(cfg, spec.seed(), index, noise == null ? 0 : noise.size());
    int speechIndex = (int) Math.floorMod(index, (long) speech.size());
    Path speechFile = speech.file(speechIndex);
    float[] dry = mono(AudioFiles.read(speechFile), fs, speechFile);
    double rms = SpeechLevel.activeRms(dry, fs);
    if (!(rms > 0)) {
      throw new IllegalArgumentException(speechFile + ": silent (no active speech to scale to a level)");
    }
    float gain = (float) (Math.pow(10, c.speechLevel() / 20) / rms);
    for (int t = 0; t < dry.length; t++) {
      dry[t] *= gain;
    }
    double farthest = Math.max(c.distance(), c.noiseDistance());
    double seconds = Math.min(cfg.maxRirSeconds(), Math.max(0.1, c.eyringRt60() + farthest / SPEED_OF_SOUND + 0.02));
    SceneRenderer.Responses r = renderer.responses(c, fs, seconds, cfg.order(), cfg.array());
    int len = r.length();
    int hoaChannels = (cfg.order() + 1) * (cfg.order() + 1);
    float[][] speechRir = split(r.speech(), hoaChannels, len);
    float[][] wet = renderer.convolve(dry, speechRir);
    float[][] foa = java.util.Arrays.copyOf(wet, 4);
    int frames = foa[0].length;

    Map<String, String> sums = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    float[][] noiseFoa = null;
    String noiseName = "";
    double snr = Double.NaN;
    if (noise != null) {
      Path nf = noise.file(c.noiseFile());
      noiseName = noise.relative(c.noiseFile());
      float[] source = mono(AudioFiles.read(nf), fs, nf);
      if (source.length == 0) {
        throw new IllegalArgumentException(nf + ": empty noise file");
      }
      float[] excerpt = new float[dry.length];
      int start = (int) Math.min(source.length - 1L, (long) Math.floor(c.noiseOffset() * source.length));
      for (int t = 0; t < excerpt.length; t++) {
        excerpt[t] = source[(int) ((start + (long) t) % source.length)];
      }
      float[][] noiseRir = java.util.Arrays.copyOf(split(r.noise(), hoaChannels, len), 4);
      noiseFoa = renderer.convolve(excerpt, noiseRir);
      double ps = SpeechLevel.power(foa, 0);
      double pn = SpeechLevel.power(noiseFoa, 0);
      if (pn > 0) {
        float k = (float) Math.sqrt(ps / (pn * Math.pow(10, c.snr() / 10)));
        for (float[] ch : noiseFoa) {
          for (int t = 0; t < ch.length; t++) {
            ch[t] *= k;
          }
        }
        snr = c.snr();
      }
    }
    write("ambisonics", index, foa, AmbiX.metadata(1), sums, sizes);
    if (noiseFoa != null) {
      write("noise_ambisonics", index, noiseFoa, AmbiX.metadata(1), sums, sizes);
      float[][] mix = new float[4][frames];
      for (int ch = 0; ch < 4; ch++) {
        for (int t = 0; t < frames; t++) {
          mix[ch][t] = foa[ch][t] + noiseFoa[ch][t];
        }
      }
      write("mix_ambisonics", index, mix, AmbiX.metadata(1), sums, sizes);
    }
    if (cfg.order() > 1) {
      write("hoa", index, wet, AmbiX.metadata(cfg.order()), sums, sizes);
    }
    if (cfg.array() && r.array() != null) {
      float[][] arr = renderer.convolve(dry, r.array());
      write("array", index, arr, Map.of("ICMT", "array=" + arr.length + " capsules; renderer=" + renderer.name()),
          sums, sizes);
    }
    AcousticFeatures a = renderer.labels(r.speechOmni(), fs);
    long[] ids = AudioCorpus.librispeechIds(speechFile);

    Map<String, Object> row = new LinkedHashMap<>();
    row.put("sample_id", index);
    row.put("split", spec.split());
    row.put("speech/azimuth", c.azimuth());
    row.put("speech/elevation", c.elevation());
    row.put("speech/distance", c.distance());
    row.put("speech/speaking_azimuth", c.speakingAzimuth());
    row.put("speech/speaking_elevation", c.speakingElevation());
    row.put("speech/level_dbfs_1m", c.speechLevel());
    row.put("speech/directivity", renderer.directivity(c));
    row.put("speech/position", c.source().clone());
    row.put("speech/source_file", speech.relative(speechIndex));
    row.put("speech/librispeech_metadata/reader_id", ids[0]);
    row.put("speech/librispeech_metadata/chapter_id", ids[1]);
    row.put("speech/librispeech_metadata/sequence_number", ids[2]);
    row.put("speech/librispeech_metadata/transcription", speech.transcription(speechFile));
    boolean hasNoise = noiseFoa != null;
    row.put("noise/azimuth", hasNoise ? c.noiseAzimuth() : Double.NaN);
    row.put("noise/elevation", hasNoise ? c.noiseElevation() : Double.NaN);
    row.put("noise/distance", hasNoise ? c.noiseDistance() : Double.NaN);
    row.put("noise/snr", snr);
    row.put("noise/position", hasNoise ? c.noise().clone() : new double[] {Double.NaN, Double.NaN, Double.NaN});
    row.put("noise/filename", noiseName);
    row.put("room/room_id", index);
    row.put("room/floor_area", c.floorArea());
    row.put("room/surface_area", c.surfaceArea());
    row.put("room/volume", c.volume());
    row.put("room/dimensions", c.room().clone());
    row.put("room/absorption", c.absorption().clone());
    row.put("room/eyring_rt60", c.eyringRt60());
    row.put("room/receiver_position", c.receiver().clone());
    row.put("acoustics/frequency_bins", a.frequencies());
    row.put("acoustics/c50_db", a.c50Db());
    row.put("acoustics/drr_db", a.drrDb());
    row.put("acoustics/edt_ms", a.edtMs());
    row.put("acoustics/t20_ms", a.t20Ms());
    row.put("acoustics/t30_ms", a.t30Ms());
    row.put("audio_info/duration", (double) frames / fs);
    row.put("audio_info/frames", (long) frames);
    row.put("audio_info/renderer", renderer.name());
    for (String out : OUTPUTS) {
      row.put("audio_info/size/" + out, sizes.getOrDefault(out, 0L));
      row.put("audio_info/checksum/" + out, sums.getOrDefault(out, ""));
    }
    String json = RowJson.write(row);
    AtomicFiles.write(rowFile(index), ".part", tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
    return row;
  }

  private void write(String output, long index, float[][] channels, Map<String, String> meta,
      Map<String, String> sums, Map<String, Long> sizes) throws IOException {
    Path f = audioFile(output, index);
    try (WavWriter w = WavWriter.create(f, cfg.sampleRate(), channels.length, cfg.format(), meta)) {
      w.write(channels, channels[0].length);
      w.commit();
    }
    sums.put(output, sha256(f));
    sizes.put(output, Files.size(f));
  }

  static String sha256(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mean of the channels (speech corpora are mono; a stereo file is folded down), at the job's rate. */
  static float[] mono(Audio a, int sampleRate, Path file) {
    if (a.sampleRate() != sampleRate) {
      throw new IllegalArgumentException(file + ": " + a.sampleRate() + " Hz, but the data set is at " + sampleRate
          + " Hz (resample the corpus first, e.g. sox in.wav -r " + sampleRate + " out.wav)");
    }
    if (a.channels() == 1) {
      return a.samples();
    }
    float[] m = new float[a.frames()];
    for (int c = 0; c < a.channels(); c++) {
      for (int t = 0; t < a.frames(); t++) {
        m[t] += a.samples()[c * a.frames() + t] / a.channels();
      }
    }
    return m;
  }

  static float[][] split(float[] planar, int channels, int length) {
    if (planar.length < (long) channels * length) {
      throw new IllegalStateException("renderer returned " + planar.length + " values for " + channels + " × "
          + length);
    }
    float[][] out = new float[channels][];
    for (int c = 0; c < channels; c++) {
      out[c] = java.util.Arrays.copyOfRange(planar, c * length, (c + 1) * length);
    }
    return out;
  }
}
