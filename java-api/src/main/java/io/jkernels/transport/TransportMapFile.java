package io.jkernels.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors form of a {@link TransportMap}: an 8-byte little-endian header length N, N bytes of JSON header
 * (padded with spaces to a multiple of 8), then the tensors' bytes, F32 little endian, in the order the header's
 * {@code data_offsets} give (relative to the end of the header).
 */
final class TransportMapFile {
  static final String[] NAMES = {"omega", "beta", "support_min", "support_max"};
  private static final long MAX_HEADER = 100_000_000L;

  private TransportMapFile() {}

  static void write(TransportMap map, Path path) throws IOException {
    int channels = map.channels();
    float[][] tensors = {map.omegaView(), map.betaView(), map.supportMinView(), map.supportMaxView()};
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"jkernels-transport-map\"");
    json.append(",\"channels\":\"").append(channels).append('"');
    json.append(",\"degenerate_channels\":\"");
    int[] degenerate = map.degenerateChannels();
    for (int k = 0; k < degenerate.length; k++) {
      json.append(k == 0 ? "" : ",").append(degenerate[k]);
    }
    json.append("\"}");
    long bytes = (long) channels * Float.BYTES;
    for (int t = 0; t < NAMES.length; t++) {
      json.append(",\"").append(NAMES[t]).append("\":{\"dtype\":\"F32\",\"shape\":[").append(channels)
          .append("],\"data_offsets\":[").append(t * bytes).append(',').append((t + 1) * bytes).append("]}");
    }
    json.append('}');
    while ((8 + json.length()) % 8 != 0) {
      json.append(' ');
    }
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + header.length + 4 * bytes))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(header.length).put(header);
    for (float[] tensor : tensors) {
      for (float v : tensor) {
        out.putFloat(v);
      }
    }
    Files.write(path, out.array());
  }

  static TransportMap read(Path path) throws IOException {
    byte[] file = Files.readAllBytes(path);
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file.length < 8) {
      throw bad(path, "shorter than the 8-byte header length");
    }
    long headerLength = in.getLong();
    if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.length - 8) {
      throw bad(path, "header length " + headerLength + " does not fit a file of " + file.length + " bytes");
    }
    String json = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
    Map<String, Object> header;
    try {
      header = Json.object(json);
    } catch (IllegalArgumentException e) {
      throw bad(path, "header is not valid JSON: " + e.getMessage());
    }
    long dataStart = 8 + headerLength;
    long dataLength = file.length - dataStart;
    float[][] tensors = new float[NAMES.length][];
    for (int t = 0; t < NAMES.length; t++) {
      if (!(header.get(NAMES[t]) instanceof Map<?, ?> info)) {
        throw bad(path, "no tensor '" + NAMES[t] + "' (expected omega, beta, support_min, support_max)");
      }
      if (!"F32".equals(info.get("dtype"))) {
        throw bad(path, "tensor '" + NAMES[t] + "' has dtype " + info.get("dtype") + ", expected F32");
      }
      long channels = vectorLength(path, NAMES[t], info.get("shape"));
      if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
          || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
        throw bad(path, "tensor '" + NAMES[t] + "' has no data_offsets [begin, end]");
      }
      if (begin < 0 || end < begin || end > dataLength || end - begin != channels * Float.BYTES) {
        throw bad(path, "tensor '" + NAMES[t] + "' data_offsets [" + begin + ", " + end + "] do not hold "
            + channels + " F32 values inside " + dataLength + " data bytes");
      }
      if (t > 0 && channels != tensors[0].length) {
        throw bad(path, "tensor '" + NAMES[t] + "' has shape [" + channels + "], expected [" + tensors[0].length
            + "] as omega");
      }
      float[] values = new float[(int) channels];
      in.position((int) (dataStart + begin));
      for (int c = 0; c < values.length; c++) {
        values[c] = in.getFloat();
      }
      tensors[t] = values;
    }
    int[] degenerate = degenerateChannels(path, header.get("__metadata__"));
    try {
      return TransportMap.withDegenerate(tensors[0], tensors[1], tensors[2], tensors[3], degenerate);
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  private static long vectorLength(Path path, String name, Object shape) throws IOException {
    if (!(shape instanceof List<?> dims) || dims.size() != 1 || !(dims.get(0) instanceof Long channels)
        || channels < 1 || channels > Integer.MAX_VALUE - 8) {
      throw bad(path, "tensor '" + name + "' has shape " + shape + ", expected [channels] with channels >= 1");
    }
    return channels;
  }

  private static int[] degenerateChannels(Path path, Object metadata) throws IOException {
    if (!(metadata instanceof Map<?, ?> meta) || !(meta.get("degenerate_channels") instanceof String list)
        || list.isBlank()) {
      return new int[0];
    }
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    try {
      for (int k = 0; k < parts.length; k++) {
        out[k] = Integer.parseInt(parts[k].trim());
      }
    } catch (NumberFormatException e) {
      throw bad(path, "__metadata__.degenerate_channels is not a list of channel indices: " + list);
    }
    return out;
  }

  private static IOException bad(Path path, String what) {
    return new IOException(path + ": not a transport map safetensors file: " + what);
  }

  /** The JSON subset safetensors headers use: objects, arrays, strings, integers (numbers), true/false/null. */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    static Map<String, Object> object(String text) {
      Json p = new Json(text);
      p.skip();
      if (!(p.value() instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("top level is not an object");
      }
      p.skip();
      if (p.i != p.s.length()) {
        throw new IllegalArgumentException("trailing characters at " + p.i);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) m;
      return result;
    }

    private Object value() {
      skip();
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end");
      }
      char ch = s.charAt(i);
      if (ch == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        skip();
        if (peek('}')) {
          return m;
        }
        do {
          skip();
          String key = string();
          skip();
          expect(':');
          m.put(key, value());
          skip();
        } while (accept(','));
        expect('}');
        return m;
      }
      if (ch == '[') {
        List<Object> list = new ArrayList<>();
        i++;
        skip();
        if (peek(']')) {
          return list;
        }
        do {
          list.add(value());
          skip();
        } while (accept(','));
        expect(']');
        return list;
      }
      if (ch == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + ch + "' at " + start);
      }
      try {
        return number.matches("-?\\d+") ? (Object) Long.valueOf(number) : (Object) Double.valueOf(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad number '" + number + "' at " + start);
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (i < s.length() && s.charAt(i) != '"') {
        char ch = s.charAt(i++);
        if (ch == '\\') {
          if (i >= s.length()) {
            break;
          }
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              if (i + 4 > s.length()) {
                throw new IllegalArgumentException("bad \\u escape at " + i);
              }
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> out.append(e);
          }
        } else {
          out.append(ch);
        }
      }
      expect('"');
      return out.toString();
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private boolean peek(char ch) {
      if (i < s.length() && s.charAt(i) == ch) {
        i++;
        return true;
      }
      return false;
    }

    private boolean accept(char ch) {
      skip();
      return peek(ch);
    }

    private void expect(char ch) {
      if (!peek(ch)) {
        throw new IllegalArgumentException("expected '" + ch + "' at " + i);
      }
    }
  }
}
