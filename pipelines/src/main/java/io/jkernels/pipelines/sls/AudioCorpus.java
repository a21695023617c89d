package io.jkernels.pipelines.sls;

import io.jkernels.pipelines.audio.AudioFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A list of audio files (WAV or FLAC) in a fixed order: a folder walked recursively (at most {@value #MAX_DEPTH}
 * levels, links not followed) and sorted by relative path, or a text file naming one file per line (relative to the
 * list's folder unless absolute). The order is what makes sample {@code i}'s input the same on every machine.
 * LibriSpeech names ({@code reader-chapter-utterance.flac}) and {@code *.trans.txt} transcripts are understood.
 */
public final class AudioCorpus {
  static final int MAX_DEPTH = 16;
  private static final Pattern LIBRISPEECH = Pattern.compile("(\\d+)-(\\d+)-(\\d+)\\.(flac|wav)",
      Pattern.CASE_INSENSITIVE);

  private final Path root;
  private final List<Path> files;
  private final Map<Path, Map<String, String>> transcripts = new ConcurrentHashMap<>();

  private AudioCorpus(Path root, List<Path> files) {
    this.root = root;
    this.files = List.copyOf(files);
  }

  public static AudioCorpus of(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    List<Path> files = new ArrayList<>();
    Path root;
    if (Files.isDirectory(input)) {
      root = input.toAbsolutePath().normalize();
      try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
        walk.filter(Files::isRegularFile).filter(AudioFiles::isAudioName).forEach(files::add);
      }
      files.sort((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()));
    } else if (Files.isRegularFile(input)) {
      root = input.toAbsolutePath().normalize().getParent();
      for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          Path p = root.resolve(t).normalize();
          if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(input + ": listed file " + t + " does not exist");
          }
          files.add(p);
        }
      }
    } else {
      throw new IllegalArgumentException(input + ": expected a folder of audio files or a list file");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no .wav or .flac files");
    }
    return new AudioCorpus(root, files);
  }

  public int size() {
    return files.size();
  }

  public Path file(int i) {
    return files.get(i);
  }

  /** The file's path relative to the corpus root, with forward slashes. */
  public String relative(int i) {
    return root.relativize(files.get(i)).toString().replace('\\', '/');
  }

  /** {reader, chapter, utterance} from a LibriSpeech name, or {-1, -1, -1}. */
  static long[] librispeechIds(Path file) {
    Matcher m = LIBRISPEECH.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return new long[] {-1, -1, -1};
    }
    try {
      return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    } catch (NumberFormatException e) {
      return new long[] {-1, -1, -1};
    }
  }

  /** The transcript line for a LibriSpeech utterance from {@code reader-chapter.trans.txt} beside it, or "". */
  String transcription(Path file) throws IOException {
    long[] ids = librispeechIds(file);
    if (ids[0] < 0) {
      return "";
    }
    Path trans = file.resolveSibling(ids[0] + "-" + ids[1] + ".trans.txt");
    Map<String, String> lines = transcripts.computeIfAbsent(trans, AudioCorpus::readTranscripts);
    String name = file.getFileName().toString();
    return lines.getOrDefault(name.substring(0, name.lastIndexOf('.')), "");
  }

  private static Map<String, String> readTranscripts(Path trans) {
    Map<String, String> m = new java.util.HashMap<>();
    try {
      if (Files.isRegularFile(trans) && Files.size(trans) < (16 << 20)) {
        for (String line : Files.readAllLines(trans, StandardCharsets.UTF_8)) {
          int sp = line.indexOf(' ');
          if (sp > 0) {
            m.put(line.substring(0, sp), line.substring(sp + 1).strip());
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return m;
  }

  /** A fingerprint of the list (relative names in order) so a resumed run can tell it has the same input. */
  public String fingerprint() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < files.size(); i++) {
        md.update((relative(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
