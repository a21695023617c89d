package io.jkernels.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The library's one safetensors reader and writer (Hugging Face's format); not API. A file is an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, "__metadata__": {"k": "v"}}},
 * offsets relative to the end of the header), then the data section, the tensors' bytes little endian.
 *
 * <p>Reading is defensive, as files come from anywhere: only the 8-byte length and the header are read (N bounded
 * by {@link #MAX_HEADER_BYTES} and by the file's size), never the whole file; the JSON reader is iterative with a
 * depth limit; and the safetensors rules hold or the file is refused with an {@link IllegalArgumentException} naming
 * the file and what is wrong: no tensor named twice, known dtypes, non-negative dimensions, shape × dtype size equal
 * to the tensor's span, and the spans contiguous, without overlap, covering the data section exactly from 0 to its
 * end (so a header whose stated length is off cannot load shifted values). Tensor data is then read by position
 * ({@link #readF32}) or memory-mapped by the caller at {@link Tensor#begin()}.
 */
public final class Safetensors {
  /** The reference implementation's limit on the header (100 MB); a larger N is refused before any allocation. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Safetensors() {}

  /** Bytes per element of each safetensors dtype. */
  private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
      Map.entry("I8", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2),
      Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
      Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

  /** One tensor of a file; {@code begin} and {@code end} are absolute file offsets. */
  public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
    public Tensor {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    public long bytes() {
      return end - begin;
    }

    public String describe() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  /** A file's header: its metadata (string to string), its tensors in header order, where the data starts. */
  public record Header(Path path, Map<String, String> metadata, List<Tensor> tensors, long dataStart) {
    public Header {
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
      tensors = List.copyOf(tensors);
    }

    public Optional<Tensor> tensor(String name) {
      return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }
  }

  /** Reads and checks the header of {@code path} (see the class comment); the data section is not read. */
  public static Header read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(path, "too short to be a safetensors file (" + size + " bytes, shorter than the 8-byte header"
            + " length)");
      }
      long n = readFully(ch, 0, 8).getLong();
      if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
        throw bad(path, "safetensors header length " + Long.toUnsignedString(n) + " is implausible for a file of "
            + size + " bytes (at most " + MAX_HEADER_BYTES + " and the file's size)");
      }
      String json;
      try {
        json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(readFully(ch, 8, (int) n)).toString();
      } catch (CharacterCodingException e) {
        throw bad(path, "safetensors header is not valid UTF-8");
      }
      Object root;
      try {
        root = Json.parse(json);
      } catch (Json.DuplicateKeyException e) {
        throw bad(path, "safetensors header names a tensor twice: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw bad(path, "safetensors header is not valid JSON: " + e.getMessage());
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw bad(path, "safetensors header is not a JSON object");
      }
      return header(path, map, 8 + n, size);
    }
  }

  private static Header header(Path path, Map<?, ?> map, long dataStart, long size) {
    long dataBytes = size - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map<?, ?> meta)) {
          throw bad(path, "__metadata__ is not an object of strings");
        }
        for (Map.Entry<?, ?> m : meta.entrySet()) {
          if (!(m.getValue() instanceof String value)) {
            throw bad(path, "__metadata__." + m.getKey() + " is not a string (safetensors metadata maps strings to"
                + " strings)");
          }
          metadata.put((String) m.getKey(), value);
        }
        continue;
      }
      tensors.add(tensor(path, name, e.getValue(), dataStart, dataBytes));
    }
    // The spans must tile [0, dataBytes): sorted by begin, each starts where the previous ended.
    List<Tensor> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
    long expected = dataStart;
    for (Tensor t : byOffset) {
      if (t.begin() != expected) {
        throw bad(path, "tensor '" + t.name() + "' data_offsets start at " + (t.begin() - dataStart) + ", expected "
            + (expected - dataStart) + (t.begin() < expected ? " (it overlaps the tensor before it)"
                : " (a gap of unused bytes before it)") + ": the tensors must tile the data section");
      }
      expected = t.end();
    }
    if (expected != size) {
      throw bad(path, "the tensors' data_offsets end at " + (expected - dataStart) + " but the data section holds "
          + dataBytes + " bytes: the tensors must tile the data section exactly (truncated file, or a header"
          + " length that is off?)");
    }
    return new Header(path, metadata, tensors, dataStart);
  }

  private static Tensor tensor(Path path, String name, Object value, long dataStart, long dataBytes) {
    String where = "tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
        || !(m.get("shape") instanceof List<?> shapeList) || !(m.get("data_offsets") instanceof List<?> offsets)
        || offsets.size() != 2) {
      throw bad(path, where + ": entry needs dtype, shape and data_offsets [begin, end]");
    }
    Integer elementBytes = DTYPE_BYTES.get(dtype);
    if (elementBytes == null) {
      throw bad(path, where + ": unknown dtype " + dtype + " (expected one of " + new java.util.TreeSet<>(
          DTYPE_BYTES.keySet()) + ")");
    }
    long[] shape = new long[shapeList.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!(shapeList.get(i) instanceof Long dim) || dim < 0) {
        throw bad(path, where + ": bad shape " + shapeList + " (dimensions are integers >= 0)");
      }
      shape[i] = dim;
      elements = multiply(elements, dim);
    }
    if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin
        || end > dataBytes) {
      throw bad(path, where + ": data_offsets " + offsets + " lie outside the file's " + dataBytes + " data bytes");
    }
    long needed = multiply(elements, elementBytes);
    if (end - begin != needed) {
      throw bad(path, where + ": data_offsets " + offsets + " spans " + (end - begin) + " bytes, its shape "
          + Arrays.toString(shape) + " of " + dtype + " needs " + (needed == Long.MAX_VALUE ? "more than 2^63" : needed));
    }
    return new Tensor(name, dtype, shape, dataStart + begin, dataStart + end);
  }

  /** a·b for sizes, saturating at Long.MAX_VALUE (then no span can match). */
  private static long multiply(long a, long b) {
    long p = a * b;
    return a != 0 && (p / a != b || p < 0) ? Long.MAX_VALUE : p;
  }

  /** The F32 values of a tensor of a checked header, read by position (the tensor must fit a Java array). */
  public static float[] readF32(Header header, Tensor tensor) throws IOException {
    if (!tensor.dtype().equals("F32")) {
      throw bad(header.path(), "tensor '" + tensor.name() + "' has dtype " + tensor.dtype() + ", expected F32");
    }
    long count = tensor.bytes() / Float.BYTES;
    if (count > MAX_ARRAY / Float.BYTES) {
      throw bad(header.path(), "tensor '" + tensor.name() + "' holds " + count + " floats: too many for one array");
    }
    try (FileChannel ch = FileChannel.open(header.path(), StandardOpenOption.READ)) {
      if (ch.size() < tensor.end()) {
        throw new IOException(header.path() + " shrank while it was read");
      }
      float[] values = new float[(int) count];
      readFully(ch, tensor.begin(), (int) tensor.bytes()).asFloatBuffer().get(values);
      return values;
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (ch.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  // ---- writing ----------------------------------------------------------------------------------------------------

  /** One F32 tensor to write: its name and shape. */
  public record Entry(String name, long[] shape) {
    public Entry {
      shape = shape.clone();
    }

    long bytes() {
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      return Math.multiplyExact(count, (long) Float.BYTES);
    }
  }

  /**
   * The length-prefixed header for F32 tensors stored back to back in the given order, padded with spaces to a
   * multiple of 8 bytes (as the reference implementation does, so the data is aligned).
   */
  public static byte[] header(Map<String, String> metadata, List<Entry> entries) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      int k = 0;
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        json.append(k++ > 0 ? "," : "").append(Json.string(m.getKey())).append(':').append(Json.string(m.getValue()));
      }
      json.append('}');
    }
    long offset = 0;
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (e.name().equals("__metadata__") || !names.add(e.name())) {
        throw new IllegalArgumentException("tensor name " + Json.string(e.name()) + " is reserved or repeated");
      }
      StringBuilder shape = new StringBuilder("[");
      for (int i = 0; i < e.shape().length; i++) {
        shape.append(i > 0 ? "," : "").append(e.shape()[i]);
      }
      shape.append(']');
      long bytes = e.bytes();
      json.append(json.length() > 1 ? "," : "").append(Json.string(e.name()))
          .append(":{\"dtype\":\"F32\",\"shape\":").append(shape)
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
    byte[] text = Arrays.copyOf(raw, (raw.length + 7) / 8 * 8);
    Arrays.fill(text, raw.length, text.length, (byte) ' ');
    ByteBuffer out = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(text.length).put(text);
    return out.array();
  }

  /**
   * Writes F32 tensors (each {@code data[t]} of its entry's shape) atomically: a temporary file beside
   * {@code path}, then a move into place; parent folders are created.
   */
  public static void writeF32(Path path, Map<String, String> metadata, List<Entry> entries, List<float[]> data)
      throws IOException {
    if (entries.size() != data.size()) {
      throw new IllegalArgumentException(entries.size() + " entries, " + data.size() + " data arrays");
    }
    byte[] header = header(metadata, entries);
    for (int t = 0; t < entries.size(); t++) {
      if ((long) data.get(t).length * Float.BYTES != entries.get(t).bytes()) {
        throw new IllegalArgumentException("tensor " + entries.get(t).name() + " has " + data.get(t).length
            + " floats, its shape " + Arrays.toString(entries.get(t).shape()) + " needs " + entries.get(t).bytes() / 4);
      }
    }
    AtomicFiles.write(path, ".part", temp -> {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(ch, ByteBuffer.wrap(header));
        for (float[] values : data) {
          ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          bytes.asFloatBuffer().put(values);
          writeFully(ch, bytes);
        }
        ch.force(true);
      }
    });
  }

  private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
  }

  private static IllegalArgumentException bad(Path path, String what) {
    return new IllegalArgumentException(path + ": " + what);
  }
}
