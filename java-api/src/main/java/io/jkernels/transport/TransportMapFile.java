package io.jkernels.transport;

import io.jkernels.internal.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The safetensors form of a {@link TransportMap} (see its class comment), on the library's one safetensors reader
 * and writer ({@link Safetensors}: bounded header, tiled data section, no duplicate names). Writes are atomic.
 */
final class TransportMapFile {
  static final String[] NAMES = {"omega", "beta", "support_min", "support_max"};
  static final String QUANTILES = "source_quantiles";

  private TransportMapFile() {}

  static void write(TransportMap map, Path path) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "jkernels-transport-map");
    metadata.put("channels", Integer.toString(map.channels()));
    List<Safetensors.Entry> entries = new java.util.ArrayList<>();
    List<float[]> data = new java.util.ArrayList<>();
    add(map, "", metadata, entries, data);
    Safetensors.writeF32(path, metadata, entries, data);
  }

  /** Several maps in one file, tensors named {@code <module>/omega} and so on (module names as the model's). */
  static void writeAll(Map<String, TransportMap> maps, Path path) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "jkernels-transport-maps");
    List<Safetensors.Entry> entries = new java.util.ArrayList<>();
    List<float[]> data = new java.util.ArrayList<>();
    for (Map.Entry<String, TransportMap> e : maps.entrySet()) {
      String module = e.getKey();
      if (module.isEmpty() || module.contains("/")) {
        throw new IllegalArgumentException("module names must be non-empty and without '/', got '" + module + "'");
      }
      add(e.getValue(), module + "/", metadata, entries, data);
    }
    Safetensors.writeF32(path, metadata, entries, data);
  }

  /** The entries and metadata of one map, every name prefixed by {@code prefix}. */
  private static void add(TransportMap map, String prefix, Map<String, String> metadata,
      List<Safetensors.Entry> entries, List<float[]> data) {
    int channels = map.channels();
    StringJoiner degenerate = new StringJoiner(",");
    for (int c : map.degenerateChannels()) {
      degenerate.add(Integer.toString(c));
    }
    metadata.put(prefix + "degenerate_channels", degenerate.toString());
    for (String name : NAMES) {
      entries.add(new Safetensors.Entry(prefix + name, new long[] {channels}));
    }
    data.addAll(List.of(map.omega(), map.beta(), map.supportMin(), map.supportMax()));
    float[] quantiles = map.sourceQuantiles();
    if (quantiles != null) {
      StringJoiner levels = new StringJoiner(",");
      for (double level : QuantileBand.LEVELS) {
        levels.add(Double.toString(level));
      }
      metadata.put("source_quantile_levels", levels.toString());
      entries.add(new Safetensors.Entry(prefix + QUANTILES, new long[] {QuantileBand.LEVELS.length, channels}));
      data.add(quantiles);
    }
  }

  static TransportMap read(Path path) throws IOException {
    return read(path, header(path), "");
  }

  /** Every module's map of a file written by {@link #writeAll}, in the file's order. */
  static Map<String, TransportMap> readAll(Path path) throws IOException {
    Safetensors.Header header = header(path);
    Map<String, TransportMap> out = new LinkedHashMap<>();
    for (Safetensors.Tensor t : header.tensors()) {
      if (t.name().endsWith("/omega")) {
        String module = t.name().substring(0, t.name().length() - "/omega".length());
        out.put(module, read(path, header, module + "/"));
      }
    }
    if (out.isEmpty()) {
      throw bad(path, "no tensor named <module>/omega (not a multi-module map file)", null);
    }
    return out;
  }

  private static Safetensors.Header header(Path path) throws IOException {
    try {
      return Safetensors.read(path);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String prefix = path + ": ";
      throw bad(path, message.startsWith(prefix) ? message.substring(prefix.length()) : message, e);
    }
  }

  private static TransportMap read(Path path, Safetensors.Header header, String prefix) throws IOException {
    float[][] tensors = new float[NAMES.length][];
    for (int t = 0; t < NAMES.length; t++) {
      String name = prefix + NAMES[t];
      Safetensors.Tensor tensor = header.tensor(name).orElseThrow(() -> bad(path, "no tensor '" + name
          + "' (expected omega, beta, support_min, support_max)", null));
      if (!tensor.dtype().equals("F32")) {
        throw bad(path, "tensor '" + name + "' has dtype " + tensor.dtype() + ", expected F32", null);
      }
      long[] shape = tensor.shape();
      if (shape.length != 1 || shape[0] < 1) {
        throw bad(path, "tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
            + ", expected [channels] with channels >= 1", null);
      }
      if (t > 0 && shape[0] != tensors[0].length) {
        throw bad(path, "tensor '" + name + "' has shape [" + shape[0] + "], expected [" + tensors[0].length
            + "] as omega", null);
      }
      try {
        tensors[t] = Safetensors.readF32(header, tensor);
      } catch (IllegalArgumentException e) {
        throw bad(path, e.getMessage(), e);
      }
    }
    float[] quantiles = null;
    java.util.Optional<Safetensors.Tensor> stored = header.tensor(prefix + QUANTILES);
    if (stored.isPresent()) {
      Safetensors.Tensor tensor = stored.get();
      long[] shape = tensor.shape();
      if (!tensor.dtype().equals("F32") || shape.length != 2 || shape[0] != QuantileBand.LEVELS.length
          || shape[1] != tensors[0].length) {
        throw bad(path, "tensor '" + QUANTILES + "' must be F32 of shape [" + QuantileBand.LEVELS.length + ", "
            + tensors[0].length + "], got " + tensor.dtype() + " " + java.util.Arrays.toString(shape), null);
      }
      try {
        quantiles = Safetensors.readF32(header, tensor);
      } catch (IllegalArgumentException e) {
        throw bad(path, e.getMessage(), e);
      }
    }
    try {
      int[] degenerate = degenerateChannels(path, header.metadata().get(prefix + "degenerate_channels"));
      return quantiles == null ? TransportMap.of(tensors[0], tensors[1], tensors[2], tensors[3], degenerate)
          : TransportMap.of(tensors[0], tensors[1], tensors[2], tensors[3], degenerate, quantiles);
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage(), e);
    }
  }

  private static int[] degenerateChannels(Path path, String list) throws IOException {
    if (list == null || list.isBlank()) {
      return new int[0];
    }
    String[] parts = list.split(",", -1);
    int[] out = new int[parts.length];
    try {
      for (int k = 0; k < parts.length; k++) {
        out[k] = Integer.parseInt(parts[k].strip());
      }
    } catch (NumberFormatException e) {
      throw bad(path, "__metadata__.degenerate_channels is not a list of channel indices: " + list, e);
    }
    return out; // ascending and in range: checked by TransportMap.of
  }

  private static IOException bad(Path path, String what, Throwable cause) {
    return new IOException(path + ": not a transport map safetensors file: " + what, cause);
  }
}
