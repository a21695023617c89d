package io.jkernels.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors form of a transport map: round trip, an independent parse of the bytes, and malformed files. */
class TransportMapFileTest {
  @TempDir Path dir;

  private static TransportMap sample() {
    return TransportMap.of(new float[] {1.5f, 1, -0.25f}, new float[] {0.5f, 2, 1e-3f},
        new float[] {-1, 3, Float.NEGATIVE_INFINITY}, new float[] {2, 3, Float.POSITIVE_INFINITY}, new int[] {1});
  }

  @Test
  void roundTripKeepsEverything() throws IOException {
    TransportMap map = sample();
    Path file = dir.resolve("map.safetensors");
    map.save(file);
    TransportMap back = TransportMap.load(file);
    assertEquals(map, back);
    assertArrayEquals(new int[] {1}, back.degenerateChannels());
    assertEquals(Float.POSITIVE_INFINITY, back.supportMax()[2]);
  }

  @Test
  void fittedMapKeepsItsQuantilesAndBandsThroughTheFile() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    int channels = 5;
    float[] source = new float[97 * channels];
    float[] target = new float[60 * channels];
    for (int i = 0; i < source.length; i++) {
      source[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) (2 + random.nextGaussian());
    }
    TransportMap map = LinearTransport.fit(io.jkernels.Kernels.open(io.jkernels.Backend.SCALAR), source, target,
        channels);
    assertTrue(map.hasSourceQuantiles());
    Path file = dir.resolve("fitted.safetensors");
    map.save(file);
    TransportMap back = TransportMap.load(file);
    assertEquals(map, back);
    for (QuantileBand band : QuantileBand.values()) {
      assertEquals(map.withSupport(band, Boundary.STRICT), back.withSupport(band, Boundary.STRICT));
    }
    // The q_0_100 band is the source range; strict moves each end one float inwards.
    assertArrayEquals(map.supportMin(), map.sourceQuantile(0.0));
    assertEquals(Math.nextUp(map.supportMin()[0]), map.withSupport(QuantileBand.Q_0_100, Boundary.STRICT)
        .supportMin()[0]);
    assertEquals(QuantileBand.Q_1_99, QuantileBand.ofMlActName("q_1_99"));
    assertThrows(IllegalArgumentException.class, () -> QuantileBand.ofMlActName("q_3_97"));
    assertThrows(IllegalStateException.class, () -> sample().withSupport(QuantileBand.Q_1_99, Boundary.STRICT));
  }

  @Test
  void manyModulesInOneFile() throws IOException {
    java.util.Map<String, TransportMap> maps = new java.util.LinkedHashMap<>();
    maps.put("transformer.h.0.mlp.c_proj:0", sample());
    maps.put("transformer.h.1.mlp.c_proj:0", TransportMap.identity(5));
    Path file = dir.resolve("maps.safetensors");
    TransportMap.saveAll(maps, file);
    assertEquals(maps, TransportMap.loadAll(file));
    assertEquals(TransportMap.identity(5), TransportMap.load(file, "transformer.h.1.mlp.c_proj:0"));
    assertTrue(assertThrows(IOException.class, () -> TransportMap.load(file, "nope")).getMessage()
        .contains("transformer.h.0.mlp.c_proj:0"));
    assertThrows(IllegalArgumentException.class, () -> TransportMap.saveAll(java.util.Map.of("a/b", sample()),
        dir.resolve("bad.safetensors")));
  }

  /** Reads the file as the safetensors spec describes it, with nothing from the writer. */
  @Test
  void bytesFollowTheSafetensorsLayout() throws IOException {
    TransportMap map = sample();
    Path file = dir.resolve("spec.safetensors");
    map.save(file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = in.getLong();
    assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{"), header);
    float[][] expected = {map.omega(), map.beta(), map.supportMin(), map.supportMax()};
    String[] names = {"omega", "beta", "support_min", "support_max"};
    long covered = 0;
    for (int t = 0; t < names.length; t++) {
      Matcher m = Pattern.compile("\"" + names[t]
          + "\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"F32\"\\s*,\\s*\"shape\"\\s*:\\s*\\[\\s*3\\s*]\\s*,"
          + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]").matcher(header);
      String name = names[t];
      assertTrue(m.find(), () -> name + " entry missing in " + header);
      int begin = Integer.parseInt(m.group(1));
      int end = Integer.parseInt(m.group(2));
      assertEquals(12, end - begin);
      covered += end - begin;
      for (int c = 0; c < 3; c++) {
        float v = in.order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + n + begin + 4L * c));
        assertEquals(Float.floatToRawIntBits(expected[t][c]), Float.floatToRawIntBits(v), names[t] + "[" + c + "]");
      }
    }
    assertEquals(bytes.length - 8 - n, covered, "the tensors cover the data section exactly");
    assertTrue(header.contains("\"__metadata__\""), header);
    assertTrue(header.contains("\"degenerate_channels\":\"1\""), header);
  }

  @Test
  void readsAnotherWritersLayout() throws IOException {
    // Tensors in another order, extra whitespace, no metadata, an unrelated extra tensor: as Python may write it.
    String header = "{ \"support_max\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
        + " \"omega\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 16]},"
        + " \"extra\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [16, 20]},"
        + " \"beta\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [20, 28]},"
        + " \"support_min\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [28, 36]} }";
    float[] data = {5, 6, 1.5f, 2.5f, 99, 0.5f, -0.5f, -5, -6};
    Path file = write(header, data);
    TransportMap map = TransportMap.load(file);
    assertArrayEquals(new float[] {1.5f, 2.5f}, map.omega());
    assertArrayEquals(new float[] {0.5f, -0.5f}, map.beta());
    assertArrayEquals(new float[] {-5, -6}, map.supportMin());
    assertArrayEquals(new float[] {5, 6}, map.supportMax());
    assertEquals(0, map.degenerateChannels().length);
  }

  @Test
  void malformedFilesGetIoExceptionsSayingWhat() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    sample().save(file);
    byte[] ok = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(ok, ok.length - 4));
    assertMessage(file, "data_offsets");
    Files.write(file, new byte[] {1, 2, 3});
    assertMessage(file, "shorter than");
    Path f16 = write("{\"omega\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new float[1]);
    assertMessage(f16, "F16");
    Path missing = write("{\"omega\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new float[1]);
    assertMessage(missing, "beta");
    Path shapes = write("{\"omega\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"beta\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new float[3]);
    assertMessage(shapes, "expected [1]");
    Path json = write("{\"omega\":", new float[0]);
    assertMessage(json, "JSON");
  }

  /** Python's safetensors reads the file, where it is installed (it is not on the build machines: then skipped). */
  @Test
  void pythonSafetensorsReadsTheFile() throws Exception {
    Assumptions.assumeTrue(run("python3", "-c", "import safetensors.numpy") == 0,
        "python3 with safetensors and numpy is not installed");
    Path file = dir.resolve("py.safetensors");
    TransportMap map = sample();
    map.save(file);
    String script = "import sys\nfrom safetensors.numpy import load_file\nt = load_file(sys.argv[1])\n"
        + "assert t['omega'].dtype.name == 'float32' and t['omega'].shape == (3,)\n"
        + "assert abs(float(t['omega'][0]) - 1.5) < 1e-7 and float(t['support_min'][2]) == float('-inf')\n";
    assertEquals(0, run("python3", "-c", script, file.toString()), "python3 could not read the map");
  }

  private static int run(String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private Path write(String header, float[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h);
    for (float v : data) {
      out.putFloat(v);
    }
    Path file = Files.createTempFile(dir, "case", ".safetensors");
    Files.write(file, out.array());
    return file;
  }

  private static void assertMessage(Path file, String mention) {
    IOException e = assertThrows(IOException.class, () -> TransportMap.load(file));
    assertTrue(e.getMessage().contains(mention), () -> "'" + e.getMessage() + "' should mention '" + mention + "'");
  }
}
