package io.jkernels.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips, block reads, and every malformed header or unsupported dtype rejected with a message. */
class MatrixFilesTest {
  @TempDir
  Path dir;

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.npy", "a.safetensors"})
  void roundTripWholeAndBlocks(String name) throws IOException {
    int rows = 37;
    int channels = 5;
    float[] data = random(rows * channels, 1);
    data[3] = Float.NaN;
    data[4] = Float.NEGATIVE_INFINITY;
    Path p = dir.resolve(name);
    MatrixFileWriter.write(p, data, rows, channels, null);
    try (MatrixFile f = MatrixFile.open(p, null)) {
      assertEquals(rows, f.rows());
      assertEquals(channels, f.channels());
      assertArrayEquals(data, f.readAll());
      float[] block = new float[7 * channels];
      f.readRows(30, 7, block);
      assertArrayEquals(Arrays.copyOfRange(data, 30 * channels, 37 * channels), block);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void streamingWriterInBlocks() throws IOException {
    Path p = dir.resolve("s.npy");
    float[] data = random(10 * 3, 2);
    try (MatrixFileWriter w = NpyFile.writer(p, 10, 3)) {
      w.writeRows(Arrays.copyOfRange(data, 0, 12), 4);
      w.writeRows(Arrays.copyOfRange(data, 12, 30), 6);
      w.commit();
    }
    try (MatrixFile f = MatrixFile.open(p, null)) {
      assertArrayEquals(data, f.readAll());
    }
  }

  @Test
  void uncommittedWriterLeavesNothing() throws IOException {
    Path p = dir.resolve("x.safetensors");
    try (MatrixFileWriter w = SafetensorsFile.writer(p, "t", 4, 2)) {
      w.writeRows(new float[4], 2);
      assertThrows(IllegalStateException.class, w::commit, "half the rows");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void npyHeaderIsWhatNumpyWrites() throws IOException {
    Path p = dir.resolve("h.npy");
    NpyFile.write(p, new float[6], 2, 3);
    byte[] bytes = Files.readAllBytes(p);
    String header = new String(bytes, 10, bytes.length - 10 - 24, StandardCharsets.ISO_8859_1);
    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
    assertEquals(0, (bytes.length - 24) % 64, "data starts on a 64-byte boundary");
  }

  @Test
  void safetensorsHeaderParsesAndIsAligned() throws IOException {
    Path p = dir.resolve("h.safetensors");
    SafetensorsFile.write(p, "acts", new float[6], 2, 3);
    List<SafetensorsFile.TensorInfo> ts = SafetensorsFile.tensors(p);
    assertEquals(1, ts.size());
    assertEquals("acts", ts.get(0).name());
    assertEquals("F32", ts.get(0).dtype());
    assertArrayEquals(new long[] {2, 3}, ts.get(0).shape());
    assertEquals(0, (ts.get(0).begin() - 8) % 8);
  }

  /** A .npy file with a hand-written header dict (version 1.0). */
  private Path npy(String dict, int dataBytes) throws IOException {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
    Path p = dir.resolve("bad.npy");
    Files.write(p, b.array());
    return p;
  }

  private static String message(Path p, String tensor) {
    return assertThrows(IllegalArgumentException.class, () -> MatrixFile.open(p, tensor).close()).getMessage();
  }

  @Test
  void npyRejectsWrongDtypeOrderRankAndTruncation() throws IOException {
    assertTrue(message(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48), null).contains("float64"));
    assertTrue(message(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", 24), null).contains("big-endian"));
    assertTrue(message(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 24), null).contains("<i4"));
    assertTrue(message(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24), null).contains("Fortran"));
    assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", 24), null).contains("2-D"));
    assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", 96), null).contains("2-D"));
    assertTrue(message(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20), null).contains("truncated"));
    assertTrue(message(npy("not a dict", 0), null).contains("malformed"));
  }

  @Test
  void npyRejectsBadMagicAndShortFiles() throws IOException {
    Path p = dir.resolve("junk.npy");
    Files.write(p, "NUMPY but not really, just text".getBytes(StandardCharsets.US_ASCII));
    assertTrue(message(p, null).contains("magic"));
    Files.write(p, new byte[] {1, 2});
    assertTrue(message(p, null).contains("too short"));
  }

  /** A .safetensors file with a hand-written JSON header. */
  private Path safetensors(String json, int dataBytes) throws IOException {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(text.length).put(text);
    Path p = dir.resolve("bad.safetensors");
    Files.write(p, b.array());
    return p;
  }

  @Test
  void safetensorsPicksTensorsAndRejectsOthers() throws IOException {
    String two = "{\"__metadata__\":{\"format\":\"pt\"},\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"h\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[16,32]},"
        + "\"h16\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[32,40]},"
        + "\"h3\":{\"dtype\":\"F32\",\"shape\":[1,2,2],\"data_offsets\":[40,56]}}";
    Path p = safetensors(two, 56);
    try (MatrixFile f = MatrixFile.open(p, null)) {
      assertEquals("h", f.tensorName(), "first 2-D F32 tensor");
      assertEquals(2, f.rows());
    }
    assertTrue(message(p, "h16").contains("dtype F16"));
    assertTrue(message(p, "h3").contains("2-D"));
    assertTrue(message(p, "nope").contains("no tensor 'nope'"));
    assertTrue(message(safetensors("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16), null)
        .contains("no 2-D F32 tensor"));
  }

  @Test
  void safetensorsRejectsMalformedHeaders() throws IOException {
    assertTrue(message(safetensors("{\"h\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}", 16), null)
        .contains("not valid JSON"));
    assertTrue(message(safetensors("{\"h\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,160]}}", 16), null)
        .contains("outside"));
    assertTrue(message(safetensors("{\"h\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}", 16), null)
        .contains("spans"));
    assertTrue(message(safetensors("[1,2]", 0), null).contains("not a JSON object"));
    Path p = dir.resolve("huge.safetensors");
    Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
    assertTrue(message(p, null).contains("implausible"));
  }

  @Test
  void unknownExtensionAndTensorOnNpy() throws IOException {
    assertTrue(message(dir.resolve("a.csv"), null).contains(".npy or .safetensors"));
    Path p = dir.resolve("ok.npy");
    NpyFile.write(p, new float[2], 1, 2);
    assertTrue(message(p, "x").contains("--tensor"));
    assertFalse(Files.exists(dir.resolve("a.csv")));
  }
}
