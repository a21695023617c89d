package io.jkernels.validation.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.Normalization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-check against a real peer: libspatialaudio (Debian {@code libspatialaudio-dev}, videolabs) encodes the
 * same directions at order 3. Its documented convention is AmbiX (ACN channel order, SN3D normalisation), azimuth
 * counter-clockwise from the front and elevation up, in radians — jkernels' own, so its gains must equal ours up to
 * its float32 arithmetic. The peer is compiled here with g++ from a small program; without g++ or the header the
 * test is skipped (never passed), unless {@code JKERNELS_REQUIRE_PEERS=1} (set by {@code .ci/run}, which installs
 * the package), where a missing peer fails.
 */
class LibSpatialAudioCrossCheckTest {
  private static final Path HEADER = Path.of("/usr/include/spatialaudio/Ambisonics.h");

  @Test
  void encodeGainsMatchLibspatialaudio(@TempDir Path dir) throws Exception {
    String missing = Files.exists(HEADER) ? null : HEADER + " not found (apt-get install libspatialaudio-dev)";
    if (missing == null && !onPath("g++")) {
      missing = "g++ not found";
    }
    if (missing != null) {
      if ("1".equals(System.getenv("JKERNELS_REQUIRE_PEERS"))) {
        fail("the libspatialaudio peer is required here (JKERNELS_REQUIRE_PEERS=1) but missing: " + missing);
      }
      Assumptions.abort("libspatialaudio peer unavailable: " + missing);
    }
    Path source = dir.resolve("libspatialaudio_encode.cpp");
    try (InputStream in = getClass().getResourceAsStream("libspatialaudio_encode.cpp")) {
      Files.write(source, in.readAllBytes());
    }
    Path program = dir.resolve("lsa_encode");
    run(List.of("g++", "-O1", "-o", program.toString(), source.toString(), "-lspatialaudio"));
    double[][] directions = {{0, 0}, {Math.PI / 2, 0}, {-Math.PI / 2, 0}, {Math.PI, 0}, {0, Math.PI / 2},
        {0, -Math.PI / 2}, {0.3, 0.2}, {-2.1, 0.7}, {2.5, -1.1}, {1.0, 0.05}};
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    for (double[] d : directions) {
      command.add(String.format(Locale.ROOT, "%.9f", d[0]));
      command.add(String.format(Locale.ROOT, "%.9f", d[1]));
    }
    String[] lines = run(command).strip().split("\n");
    assertEquals(directions.length, lines.length, "one line per direction from the peer");
    try (KernelContext context = Kernels.open(Backend.SCALAR)) {
      double worst = 0;
      for (int i = 0; i < directions.length; i++) {
        String[] f = lines[i].strip().split("\\s+");
        assertEquals(2 + 16, f.length, "peer line " + lines[i]);
        float[] ours = context.ambisonics().encode(new float[] {1}, 3, Double.parseDouble(f[0]),
            Double.parseDouble(f[1]), Normalization.SN3D);
        for (int c = 0; c < 16; c++) {
          double peer = Double.parseDouble(f[2 + c]);
          worst = Math.max(worst, Math.abs(ours[c] - peer));
          // libspatialaudio evaluates in float32 from float angles: agreement to a few 1e-7 of unit-size gains.
          assertEquals(peer, ours[c], 2e-6, "direction " + i + " (" + f[0] + ", " + f[1] + ") ACN " + c);
        }
      }
      assertTrue(worst < 2e-6, "worst difference " + worst);
    }
  }

  private static boolean onPath(String tool) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(command.get(0) + " timed out");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
    }
    return text;
  }
}
