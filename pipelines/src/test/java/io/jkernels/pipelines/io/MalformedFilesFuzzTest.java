package io.jkernels.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkernels.internal.Json;
import io.jkernels.transport.TransportMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed files on every file reader of the library (TransportMap.load, the safetensors and .npy matrix readers,
 * the JSON reader): truncated, bit-flipped, huge or shifted header lengths, deeply nested JSON, duplicate tensor
 * names, gaps and overlaps between tensors. Each reader must answer with a clear IllegalArgumentException or
 * IOException (a message naming the file), never another exception (StackOverflowError, OutOfMemoryError, an index
 * or arithmetic exception), and never wrong values: a file that still loads must give the original values except
 * where its data bytes themselves were flipped. Structural damage (truncation, a header length off, a gap) must
 * always be refused, since the data section has to be tiled exactly. Seeded, so a failure replays; ~1 s.
 */
class MalformedFilesFuzzTest {
  private static final long SEED = 0x5eed_f11e5L;
  private static final int CASES = 100;

  @TempDir
  Path dir;

  /** A reader under test: loads a file and returns its values in file order (null for "nothing to compare"). */
  @FunctionalInterface
  private interface Reader {
    float[] read(Path file) throws IOException;
  }

  private enum Outcome { LOADED, REFUSED }

  // ---- the seeds: one valid file per reader ---------------------------------------------------------------------

  private static final float[] OMEGA = {1.5f, 1, -0.25f, 2, 0.5f};
  private static final float[] BETA = {0.5f, 2, 1e-3f, -1, 0};
  private static final float[] MIN = {-1, 3, Float.NEGATIVE_INFINITY, -2, -3};
  private static final float[] MAX = {2, 3, Float.POSITIVE_INFINITY, 2, 3};

  private static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static float[] matrix(int n) {
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = i * 0.75f - 3;
    }
    return m;
  }

  private static final Reader TRANSPORT = file -> {
    TransportMap m = TransportMap.load(file);
    return concat(m.omega(), m.beta(), m.supportMin(), m.supportMax());
  };

  private static final Reader MATRIX = file -> {
    try (MatrixFile m = MatrixFile.open(file, null)) {
      return m.readAll();
    }
  };

  private byte[] transportSeed() throws IOException {
    Path p = dir.resolve("seed.safetensors");
    TransportMap.of(OMEGA, BETA, MIN, MAX, new int[] {1}).save(p);
    return Files.readAllBytes(p);
  }

  private byte[] safetensorsSeed() throws IOException {
    Path p = dir.resolve("seed-matrix.safetensors");
    SafetensorsFile.write(p, "h", matrix(21), 7, 3);
    return Files.readAllBytes(p);
  }

  private byte[] npySeed() throws IOException {
    Path p = dir.resolve("seed.npy");
    NpyFile.write(p, matrix(21), 7, 3);
    return Files.readAllBytes(p);
  }

  // ---- the oracle -------------------------------------------------------------------------------------------------

  /**
   * Writes {@code bytes}, reads them, and checks the outcome: a refusal must be IllegalArgumentException or
   * IOException naming the file; a load must give {@code expected} except at floats whose bytes are in
   * {@code changedData} (byte offsets into the data section). Returns what happened.
   */
  private Outcome check(String what, Reader reader, byte[] bytes, String suffix, float[] expected, long dataStart,
      BitSet changedData) throws IOException {
    Path file = dir.resolve("case" + suffix);
    Files.write(file, bytes);
    float[] got;
    try {
      got = reader.read(file);
    } catch (IllegalArgumentException | IOException e) {
      assertNotNull(e.getMessage(), what + ": an error without a message");
      if (!e.getMessage().contains(file.toString())) {
        fail(what + ": the message does not name the file: " + e.getMessage());
      }
      return Outcome.REFUSED;
    } catch (Throwable t) {
      throw new AssertionError(what + ": the reader threw " + t + " instead of a clear IllegalArgumentException or"
          + " IOException (seed " + SEED + ")", t);
    }
    if (got.length != expected.length) {
      fail(what + ": loaded " + got.length + " values, the original has " + expected.length);
    }
    for (int i = 0; i < got.length; i++) {
      long byteOffset = (long) i * Float.BYTES;
      boolean touched = changedData != null && changedData.get((int) byteOffset, (int) byteOffset + 4).cardinality() > 0;
      if (!touched && Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[i])) {
        fail(what + ": loaded a wrong value at " + i + ": " + got[i] + " instead of " + expected[i]
            + " (seed " + SEED + ")");
      }
    }
    return Outcome.LOADED;
  }

  private static long dataStart(byte[] safetensors) {
    return 8 + ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  private static long npyDataStart(byte[] npy) {
    return 10 + (ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff);
  }

  /** Every mutation family on one reader. */
  private void fuzz(String name, Reader reader, byte[] seed, String suffix, float[] expected, long dataStart,
      int lengthBytes) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED ^ name.hashCode());
    assertEquals(Outcome.LOADED, check(name + " seed", reader, seed, suffix, expected, dataStart, null));
    // Truncation anywhere: the data must fill the file exactly, so every shorter file is refused.
    for (int c = 0; c < CASES; c++) {
      int length = c < 10 ? c : random.nextInt(seed.length);
      assertEquals(Outcome.REFUSED, check(name + " truncated to " + length, reader, Arrays.copyOf(seed, length),
          suffix, expected, dataStart, null));
    }
    // Extra bytes after the data: refused (the header does not cover them).
    byte[] longer = Arrays.copyOf(seed, seed.length + 4);
    assertEquals(Outcome.REFUSED, check(name + " + 4 bytes", reader, longer, suffix, expected, dataStart, null));
    // Bit flips: refused, or the original values except where data bytes were flipped.
    for (int c = 0; c < CASES; c++) {
      byte[] flipped = seed.clone();
      BitSet changed = new BitSet();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(seed.length);
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        if (at >= dataStart) {
          changed.set((int) (at - dataStart));
        } else {
          changed.set(0, expected.length * 4); // a header change may legitimately change what is read: no oracle
          // but the exception type, as with any other file
        }
      }
      check(name + " bit flips", reader, flipped, suffix, expected, dataStart, changed);
    }
    // Header lengths: huge, negative (as unsigned: huge), or off by a few bytes. A header length that is off
    // shifts the data section, so it must be refused, never loaded shifted.
    long stated = lengthBytes == 8 ? ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getLong(0)
        : ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
    long[] lengths = lengthBytes == 8
        ? new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 1L << 40, 1L << 31, 0, 1, stated - 8, stated - 4,
            stated - 1, stated + 1, stated + 4, stated + 8, seed.length}
        : new long[] {0xffff, 0, 1, stated - 16, stated - 1, stated + 1, stated + 16};
    for (long length : lengths) {
      byte[] shifted = seed.clone();
      ByteBuffer b = ByteBuffer.wrap(shifted).order(ByteOrder.LITTLE_ENDIAN);
      if (lengthBytes == 8) {
        b.putLong(0, length);
      } else {
        b.putShort(8, (short) length);
      }
      assertEquals(Outcome.REFUSED, check(name + " header length " + length, reader, shifted, suffix, expected,
          dataStart, null));
    }
  }

  @Test
  void transportMapLoadRefusesMalformedFiles() throws IOException {
    byte[] seed = transportSeed();
    fuzz("TransportMap.load", TRANSPORT, seed, ".safetensors", concat(OMEGA, BETA, MIN, MAX), dataStart(seed), 8);
  }

  @Test
  void safetensorsMatrixRefusesMalformedFiles() throws IOException {
    byte[] seed = safetensorsSeed();
    fuzz("SafetensorsFile", MATRIX, seed, ".safetensors", matrix(21), dataStart(seed), 8);
  }

  @Test
  void npyMatrixRefusesMalformedFiles() throws IOException {
    byte[] seed = npySeed();
    fuzz("NpyFile", MATRIX, seed, ".npy", matrix(21), npyDataStart(seed), 2);
  }

  // ---- hand-made safetensors headers: the format's rules --------------------------------------------------------

  private static byte[] safetensors(String json, int dataBytes) {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(text.length).put(text);
    for (int i = 0; i < dataBytes / 4; i++) {
      b.putFloat(i);
    }
    return b.array();
  }

  private static String tensor(String name, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end
        + "]}";
  }

  @Test
  void safetensorsRulesHoldOnBothReaders() throws IOException {
    String[][] cases = {
        // duplicate names (last-wins would load silently)
        {"{" + tensor("omega", "[1]", 0, 4) + "," + tensor("beta", "[1]", 4, 8) + "," + tensor("support_min", "[1]",
            8, 12) + "," + tensor("support_max", "[1]", 12, 16) + "," + tensor("omega", "[1]", 0, 4) + "}", "16"},
        // a gap between tensors
        {"{" + tensor("omega", "[1]", 0, 4) + "," + tensor("beta", "[1]", 8, 12) + "," + tensor("support_min", "[1]",
            12, 16) + "," + tensor("support_max", "[1]", 16, 20) + "}", "20"},
        // overlapping tensors
        {"{" + tensor("omega", "[2]", 0, 8) + "," + tensor("beta", "[2]", 4, 12) + "," + tensor("support_min", "[2]",
            12, 20) + "," + tensor("support_max", "[2]", 20, 28) + "}", "28"},
        // a span that does not match its shape
        {"{" + tensor("omega", "[2]", 0, 4) + "," + tensor("beta", "[1]", 4, 8) + "," + tensor("support_min", "[1]",
            8, 12) + "," + tensor("support_max", "[1]", 12, 16) + "}", "16"},
        // offsets that do not reach the end of the data
        {"{" + tensor("omega", "[1]", 0, 4) + "," + tensor("beta", "[1]", 4, 8) + "," + tensor("support_min", "[1]",
            8, 12) + "," + tensor("support_max", "[1]", 12, 16) + "}", "20"},
        // an offset past the end, a negative offset, a shape overflowing 64 bits, a non-integer offset
        {"{" + tensor("omega", "[1]", 0, 4) + "," + tensor("beta", "[1]", 4, 1L << 62) + "}", "8"},
        {"{" + tensor("omega", "[1]", -4, 0) + "}", "4"},
        {"{" + tensor("omega", "[4294967296,4294967296]", 0, 4) + "}", "4"},
        {"{\"omega\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0.5,4]}}", "4"},
        // unknown dtype, metadata that is not strings, a header that is not an object
        {"{\"omega\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}", "4"},
        {"{\"__metadata__\":{\"channels\":1}," + tensor("omega", "[1]", 0, 4) + "}", "4"},
        {"[]", "0"},
        // degenerate_channels not strictly ascending (the map's own rule, on load)
        {"{\"__metadata__\":{\"degenerate_channels\":\"2,0,0\"}," + tensor("omega", "[3]", 0, 12) + ","
            + tensor("beta", "[3]", 12, 24) + "," + tensor("support_min", "[3]", 24, 36) + ","
            + tensor("support_max", "[3]", 36, 48) + "}", "48"},
    };
    for (String[] c : cases) {
      byte[] bytes = safetensors(c[0], Integer.parseInt(c[1]));
      assertEquals(Outcome.REFUSED, check("TransportMap.load of " + c[0], TRANSPORT, bytes, ".safetensors",
          new float[0], 0, null), c[0]);
      assertEquals(Outcome.REFUSED, check("SafetensorsFile of " + c[0], MATRIX, bytes, ".safetensors",
          new float[0], 0, null), c[0]);
    }
  }

  @Test
  void deeplyNestedHeadersAreRefusedWithoutRecursion() throws IOException {
    for (int depth : new int[] {65, 10_000, 1_000_000}) {
      String nested = "{\"omega\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      byte[] bytes = safetensors(nested, 0);
      assertEquals(Outcome.REFUSED, check("nesting " + depth, TRANSPORT, bytes, ".safetensors", new float[0], 0,
          null));
      assertEquals(Outcome.REFUSED, check("nesting " + depth, MATRIX, bytes, ".safetensors", new float[0], 0,
          null));
      String unclosed = "{\"a\":" + "{\"a\":".repeat(depth);
      expectJsonError(unclosed);
    }
  }

  // ---- the JSON reader on its own ---------------------------------------------------------------------------------

  private static void expectJsonError(String text) {
    try {
      Json.parse(text);
      fail("parsed malformed JSON: " + (text.length() > 80 ? text.substring(0, 80) + "…" : text));
    } catch (IllegalArgumentException e) {
      assertNotNull(e.getMessage());
    }
  }

  @Test
  void jsonReaderAnswersEveryInputWithAValueOrAClearError() {
    String alphabet = "{}[]\":,0123456789-+.eEtrufalsn \\u";
    SplittableRandom random = new SplittableRandom(SEED);
    int parsed = 0;
    for (int c = 0; c < 5000; c++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        Json.parse(sb.toString());
        parsed++;
      } catch (IllegalArgumentException e) {
        assertNotNull(e.getMessage());
      } catch (Throwable t) {
        throw new AssertionError("Json.parse(\"" + sb + "\") threw " + t, t);
      }
    }
    assertEquals(true, parsed < 5000, "random text is mostly not JSON");
    expectJsonError("{\"a\":1,\"a\":2}");
    expectJsonError("{\"a\":1,}");
    expectJsonError("[1,]");
    expectJsonError("01");
    expectJsonError("\"\\x\"");
    expectJsonError("\"a\nb\"");
    expectJsonError("{} {}");
    assertEquals(java.util.List.of(1L, 2.5, "x", true, false), Json.parse(" [1, 2.5, \"x\", true, false] "));
    java.util.Map<?, ?> object = (java.util.Map<?, ?>) Json.parse("{\"a\":{\"b\":[null]},\"c\":\"\\u00e9\\n\"}");
    assertEquals(java.util.Map.of("b", java.util.Arrays.asList((Object) null)), object.get("a"));
    assertEquals("é\n", object.get("c"));
  }
}
