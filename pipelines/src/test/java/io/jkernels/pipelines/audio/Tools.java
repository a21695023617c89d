package io.jkernels.pipelines.audio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External programs the interoperability tests compare against (sox, flac, espeak-ng); missing → skipped. */
public final class Tools {
  private Tools() {}

  public static boolean has(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Skips (never passes) the calling test when {@code tool} is not installed; .ci/run installs them. */
  public static void require(String tool) {
    assumeTrue(has(tool), tool + " is not installed (Debian package: " + tool + "); .ci/run installs it");
  }

  /** Runs a command, fails with its output when it exits non-zero; returns stdout+stderr. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(command + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }

  /** Speech by espeak-ng at 16 kHz mono (the LibriSpeech rate), written to {@code wav}. */
  public static Path speech(Path wav, String text) throws IOException, InterruptedException {
    require("espeak-ng");
    require("sox");
    Path raw = wav.resolveSibling(wav.getFileName() + ".22k.wav");
    run(List.of("espeak-ng", "-w", raw.toString(), text));
    run(List.of("sox", raw.toString(), "-r", "16000", "-b", "16", wav.toString()));
    Files.delete(raw);
    return wav;
  }
}
