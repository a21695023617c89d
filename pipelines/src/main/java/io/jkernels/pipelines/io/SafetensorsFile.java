package io.jkernels.pipelines.io;

import io.jkernels.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an unsigned 64-bit little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, "__metadata__": {...}}}, offsets
 * relative to the end of the header), then the tensors' bytes, little endian. This class reads one 2-D F32 tensor as
 * a {@link MatrixFile} and writes single-tensor files.
 */
public final class SafetensorsFile {
  private static final long MAX_HEADER = 100L << 20;

  private SafetensorsFile() {}

  /** One tensor's header entry; {@code begin} and {@code end} are absolute file offsets. */
  public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {}

  /** Every tensor in the file, in header order. */
  public static List<TensorInfo> tensors(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new IllegalArgumentException(path + ": too short to be a safetensors file (" + size + " bytes)");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      while (len.hasRemaining() && ch.read(len) >= 0) {
        // read the header length
      }
      long n = len.flip().getLong();
      if (n < 2 || n > MAX_HEADER || 8 + n > size) {
        throw new IllegalArgumentException(path + ": safetensors header length " + n + " is implausible for a file of "
            + size + " bytes");
      }
      ByteBuffer text = ByteBuffer.allocate((int) n);
      while (text.hasRemaining() && ch.read(text) >= 0) {
        // read the JSON header
      }
      Object root;
      try {
        root = MiniJson.parse(new String(text.array(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": safetensors header is not valid JSON: " + e.getMessage(), e);
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(path + ": safetensors header is not a JSON object");
      }
      long dataStart = 8 + n;
      List<TensorInfo> result = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals("__metadata__")) {
          continue;
        }
        result.add(entry(path, name, e.getValue(), dataStart, size));
      }
      return result;
    }
  }

  private static TensorInfo entry(Path path, String name, Object value, long dataStart, long size) {
    String where = path + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
        || !(m.get("shape") instanceof List<?> shapeList) || !(m.get("data_offsets") instanceof List<?> offsets)
        || offsets.size() != 2) {
      throw new IllegalArgumentException(where + ": entry needs dtype, shape and data_offsets [begin, end]");
    }
    long[] shape = new long[shapeList.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(shapeList.get(i) instanceof Long dim) || dim < 0) {
        throw new IllegalArgumentException(where + ": bad shape " + shapeList);
      }
      shape[i] = dim;
    }
    if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin
        || dataStart + end > size) {
      throw new IllegalArgumentException(where + ": data_offsets " + offsets + " lie outside the file's "
          + (size - dataStart) + " data bytes");
    }
    return new TensorInfo(name, dtype, shape, dataStart + begin, dataStart + end);
  }

  /**
   * Opens tensor {@code tensor} (or, when null, the first 2-D F32 tensor in header order) for block reads. The tensor
   * must be F32 and 2-D (rows, channels); other dtypes and ranks are rejected with what was found.
   */
  public static MatrixFile open(Path path, String tensor) throws IOException {
    List<TensorInfo> all = tensors(path);
    TensorInfo chosen = null;
    if (tensor != null) {
      for (TensorInfo t : all) {
        if (t.name().equals(tensor)) {
          chosen = t;
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException(path + ": no tensor '" + tensor + "' (it holds " + names(all) + ")");
      }
    } else {
      for (TensorInfo t : all) {
        if (t.dtype().equals("F32") && t.shape().length == 2) {
          chosen = t;
          break;
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException(path + ": no 2-D F32 tensor in " + describe(all)
            + "; export activations as float32 (rows, channels)");
      }
    }
    if (!chosen.dtype().equals("F32")) {
      throw new IllegalArgumentException(path + ": tensor '" + chosen.name() + "' has dtype " + chosen.dtype()
          + ", expected F32 (convert with tensor.float())");
    }
    if (chosen.shape().length != 2) {
      throw new IllegalArgumentException(path + ": tensor '" + chosen.name() + "' has shape "
          + java.util.Arrays.toString(chosen.shape()) + ", expected 2-D [rows, channels] (reshape(-1, channels))");
    }
    long rows = chosen.shape()[0];
    long channels = chosen.shape()[1];
    if (channels <= 0 || channels > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path + ": tensor '" + chosen.name() + "' has " + channels + " channels");
    }
    long expected = rows * channels * Float.BYTES;
    if (chosen.end() - chosen.begin() != expected) {
      throw new IllegalArgumentException(path + ": tensor '" + chosen.name() + "' spans " + (chosen.end() - chosen.begin())
          + " bytes, its shape needs " + expected);
    }
    return MatrixFile.map(path, chosen.name(), chosen.begin(), rows, (int) channels);
  }

  /** A writer of a single-tensor file: tensor {@code name}, F32, shape [rows, channels]. */
  public static MatrixFileWriter writer(Path path, String name, long rows, int channels) throws IOException {
    return new MatrixFileWriter(path, header(Map.of(name, new long[] {rows, channels})), rows, channels);
  }

  /** Writes a whole matrix as the single tensor {@code name}. */
  public static void write(Path path, String name, float[] data, long rows, int channels) throws IOException {
    MatrixFileWriter.write(path, data, rows, channels, name);
  }

  /**
   * The length-prefixed header for F32 tensors stored back to back in the map's order, padded with spaces to a
   * multiple of 8 bytes (as the reference implementation does, so the data is aligned).
   */
  static byte[] header(Map<String, long[]> shapes) {
    StringBuilder json = new StringBuilder("{");
    long offset = 0;
    for (Map.Entry<String, long[]> e : new LinkedHashMap<>(shapes).entrySet()) {
      long count = 1;
      StringBuilder shape = new StringBuilder("[");
      for (int i = 0; i < e.getValue().length; i++) {
        shape.append(i > 0 ? "," : "").append(e.getValue()[i]);
        count *= e.getValue()[i];
      }
      shape.append(']');
      long bytes = count * Float.BYTES;
      json.append(json.length() > 1 ? "," : "").append(Json.string(e.getKey()))
          .append(":{\"dtype\":\"F32\",\"shape\":").append(shape)
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
    byte[] text = java.util.Arrays.copyOf(raw, (raw.length + 7) / 8 * 8);
    java.util.Arrays.fill(text, raw.length, text.length, (byte) ' ');
    ByteBuffer out = ByteBuffer.allocate(8 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(text.length).put(text);
    return out.array();
  }

  private static String names(List<TensorInfo> all) {
    List<String> names = new ArrayList<>();
    all.forEach(t -> names.add(t.name()));
    return names.isEmpty() ? "no tensors" : String.join(", ", names);
  }

  private static String describe(List<TensorInfo> all) {
    List<String> parts = new ArrayList<>();
    all.forEach(t -> parts.add(t.name() + " " + t.dtype() + java.util.Arrays.toString(t.shape())));
    return parts.isEmpty() ? "(no tensors)" : String.join(", ", parts);
  }
}
