package io.jkernels.pipelines.sls;

import io.jkernels.pipelines.audio.SampleFormat;
import io.jkernels.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The condition distributions of a Spatial LibriSpeech-style data set and the output options. Every distribution is
 * uniform on its {@link Range}; angles in radians, lengths in metres, levels in dB.
 *
 * <p>Where the defaults come from. Spatial LibriSpeech (Sarabia et al., Interspeech 2023, doi
 * 10.21437/Interspeech.2023-2117) publishes its condition distributions as histograms and summary ranges; its
 * metadata schema ({@code apple/ml-spatial-librispeech} DATASET_SCHEMA.md) fixes the column names, units (radians,
 * metres, dB, milliseconds) and the 33 third-octave bands at 16 kHz that this generator follows. The paper's text
 * itself was not at hand when these defaults were written, so the numeric ranges below are this project's
 * assumptions, chosen to cover the same kind of rooms (small offices to halls) and stated per field in
 * {@link #describe()}; override any of them in the JSON config. Each one is listed with its source in
 * {@link #SOURCES} and written to the output's {@code config.json}.
 *
 * @param floorArea room floor area, m²
 * @param aspectRatio floor length / width (≥ 1)
 * @param height room height, m
 * @param absorption per-wall broadband energy absorption coefficient (each of the six walls drawn independently)
 * @param sourceDistance receiver-to-speech-source distance, m
 * @param sourceElevation speech source elevation seen from the receiver, rad
 * @param speakingAzimuth speaking direction relative to the line from the source to the receiver, rad (0: facing it)
 * @param speakingElevation the speaking direction's elevation relative to that line, rad
 * @param speechLevel active speech level of the dry source at 1 m, dBFS (the RIR convention gives unit gain at 1 m)
 * @param snr speech-to-noise power ratio on the W channel of the reverberant signals, dB
 * @param noiseDistance receiver-to-noise-source distance, m
 * @param wallMargin the least distance of source, noise and receiver from any wall, m
 * @param maxRirSeconds the longest room response simulated (the tail beyond it is below the labels' range)
 * @param directivity the talker's pattern, one of {@link #DIRECTIVITIES}: the broadband cardioid by default;
 *     {@code speech} (room-sim's per-octave speech-like pattern) is closer to a talker but renders each octave
 *     band separately, measured 30-100x slower per response than a broadband pattern (benchmarks/RESULTS.md)
 */
public record GeneratorConfig(Range floorArea, Range aspectRatio, Range height, Range absorption,
    Range sourceDistance, Range sourceElevation, Range speakingAzimuth, Range speakingElevation, Range speechLevel,
    Range snr, Range noiseDistance, double wallMargin, double maxRirSeconds, int sampleRate, int order,
    boolean array, SampleFormat format, String directivity) {

  /** The talker directivities a config may name. */
  public static final java.util.List<String> DIRECTIVITIES = java.util.List.of("omni", "cardioid", "supercardioid",
      "hypercardioid", "speech");

  /** Where each default comes from. */
  public static final Map<String, String> SOURCES = sources();

  public GeneratorConfig {
    Objects.requireNonNull(format, "format");
    if (!DIRECTIVITIES.contains(directivity)) {
      throw new IllegalArgumentException("directivity: expected one of " + DIRECTIVITIES + ", got '" + directivity
          + "'");
    }
    if (aspectRatio.min() < 1) {
      throw new IllegalArgumentException("aspect_ratio: expected >= 1 (length over width), got " + aspectRatio);
    }
    if (floorArea.min() <= 0 || height.min() <= 0 || sourceDistance.min() <= 0 || noiseDistance.min() <= 0) {
      throw new IllegalArgumentException("floor_area, height, source_distance and noise_distance: expected > 0");
    }
    if (absorption.min() <= 0 || absorption.max() >= 1) {
      throw new IllegalArgumentException("absorption: expected inside (0, 1), got " + absorption);
    }
    if (Math.abs(sourceElevation.min()) > Math.PI / 2 || Math.abs(sourceElevation.max()) > Math.PI / 2) {
      throw new IllegalArgumentException("source_elevation: expected within [-pi/2, pi/2] rad, got " + sourceElevation);
    }
    if (!(wallMargin >= 0) || !(maxRirSeconds > 0) || maxRirSeconds > 10) {
      throw new IllegalArgumentException("wall_margin >= 0 and 0 < max_rir_seconds <= 10 expected");
    }
    if (sampleRate < 8000 || sampleRate > 192000) {
      throw new IllegalArgumentException("sample_rate: expected 8000 to 192000, got " + sampleRate);
    }
    if (order < 1 || order > 10) {
      throw new IllegalArgumentException("order: expected 1 to 10 (FOA is always written), got " + order);
    }
    if (format == SampleFormat.PCM8) {
      throw new IllegalArgumentException("format: expected pcm16, pcm24, pcm32 or float32");
    }
  }

  /** The defaults (see the class comment and {@link #SOURCES}). */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(new Range(13, 280), new Range(1, 2.5), new Range(2.4, 5), new Range(0.05, 0.6),
        new Range(0.5, 4), new Range(-Math.toRadians(45), Math.toRadians(45)), new Range(-Math.PI, Math.PI),
        new Range(-Math.toRadians(20), Math.toRadians(20)), new Range(-40, -25), new Range(0, 40), new Range(0.5, 5),
        0.3, 1.5, 16000, 1, false, SampleFormat.FLOAT32, "cardioid");
  }

  private static Map<String, String> sources() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("floor_area", "assumed 13-280 m2: small rooms to halls, the span of Spatial LibriSpeech's 8k+ rooms");
    m.put("aspect_ratio", "assumed 1-2.5: shoebox floors from square to elongated");
    m.put("height", "assumed 2.4-5 m: domestic ceiling to lecture hall");
    m.put("absorption", "assumed 0.05-0.6 per wall: hard to treated surfaces, giving T30 of roughly 0.15-2.5 s");
    m.put("source_distance", "assumed 0.5-4 m: near to far field of a conversational talker");
    m.put("source_elevation", "assumed +-45 deg: talker above or below a table-top or head-height array");
    m.put("speaking_azimuth", "assumed uniform full circle: any speaking direction, as the schema's speaking_azimuth");
    m.put("speaking_elevation", "assumed +-20 deg");
    m.put("speech_level", "assumed -40 to -25 dBFS active level at 1 m (unit-gain RIR convention of DESIGN.md)");
    m.put("snr", "assumed 0-40 dB, W channel, reverberant speech over reverberant noise");
    m.put("noise_distance", "assumed 0.5-5 m: a point distractor elsewhere in the room, as the schema's noise/*");
    m.put("sample_rate", "16 kHz: LibriSpeech's rate and Spatial LibriSpeech's (schema: audio_info/frames)");
    m.put("order", "1 (FOA, AmbiX), as Spatial LibriSpeech");
    m.put("directivity", "cardioid (broadband, fast); 'speech' is room-sim's speech-like per-octave pattern, slower");
    return m;
  }

  /** Reads a JSON object whose keys (snake_case, see {@link #toJson()}) override the defaults; unknown keys fail. */
  public static GeneratorConfig fromJson(String json) {
    Object parsed = Json.parse(json);
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("config: expected a JSON object");
    }
    GeneratorConfig d = defaults();
    Map<String, Object> m = new LinkedHashMap<>();
    map.forEach((k, v) -> m.put((String) k, v));
    List<String> known = List.of("floor_area", "aspect_ratio", "height", "absorption", "source_distance",
        "source_elevation", "speaking_azimuth", "speaking_elevation", "speech_level", "snr", "noise_distance",
        "wall_margin", "max_rir_seconds", "sample_rate", "order", "array", "format", "directivity");
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("config: unknown key '" + k + "' (known: " + known + ")");
      }
    }
    return new GeneratorConfig(range(m, "floor_area", d.floorArea), range(m, "aspect_ratio", d.aspectRatio),
        range(m, "height", d.height), range(m, "absorption", d.absorption),
        range(m, "source_distance", d.sourceDistance), range(m, "source_elevation", d.sourceElevation),
        range(m, "speaking_azimuth", d.speakingAzimuth), range(m, "speaking_elevation", d.speakingElevation),
        range(m, "speech_level", d.speechLevel), range(m, "snr", d.snr), range(m, "noise_distance", d.noiseDistance),
        number(m, "wall_margin", d.wallMargin), number(m, "max_rir_seconds", d.maxRirSeconds),
        (int) number(m, "sample_rate", d.sampleRate), (int) number(m, "order", d.order),
        m.containsKey("array") ? bool(m.get("array"), "array") : d.array,
        m.containsKey("format") ? SampleFormat.parse(String.valueOf(m.get("format"))) : d.format,
        m.containsKey("directivity") ? String.valueOf(m.get("directivity")) : d.directivity);
  }

  public static GeneratorConfig load(Path json) throws IOException {
    return fromJson(Files.readString(json, StandardCharsets.UTF_8));
  }

  private static Range range(Map<String, Object> m, String key, Range fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return new Range(n.doubleValue(), n.doubleValue());
    }
    if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
      return new Range(a.doubleValue(), b.doubleValue());
    }
    throw new IllegalArgumentException("config '" + key + "': expected [min, max] or a number, got " + v);
  }

  private static double number(Map<String, Object> m, String key, double fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("config '" + key + "': expected a number, got " + v);
  }

  private static boolean bool(Object v, String key) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("config '" + key + "': expected true or false, got " + v);
  }

  /** The config as JSON, with the source of every default (written into the data set as {@code config.json}). */
  public String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    kv(b, "floor_area", floorArea);
    kv(b, "aspect_ratio", aspectRatio);
    kv(b, "height", height);
    kv(b, "absorption", absorption);
    kv(b, "source_distance", sourceDistance);
    kv(b, "source_elevation", sourceElevation);
    kv(b, "speaking_azimuth", speakingAzimuth);
    kv(b, "speaking_elevation", speakingElevation);
    kv(b, "speech_level", speechLevel);
    kv(b, "snr", snr);
    kv(b, "noise_distance", noiseDistance);
    b.append(String.format(Locale.ROOT, "  \"wall_margin\": %s,%n  \"max_rir_seconds\": %s,%n  \"sample_rate\": %d,%n"
        + "  \"order\": %d,%n  \"array\": %b,%n  \"format\": \"%s\",%n  \"directivity\": \"%s\"%n}%n", wallMargin,
        maxRirSeconds, sampleRate, order, array, format.name().toLowerCase(Locale.ROOT), directivity));
    return b.toString();
  }

  private static void kv(StringBuilder b, String key, Range r) {
    b.append(String.format(Locale.ROOT, "  \"%s\": [%s, %s],%n", key, r.min(), r.max()));
  }

  /** One line per distribution: name, range, source. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    SOURCES.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }
}
