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

  private TransportMapFile() {}

  static void write(TransportMap map, Path path) throws IOException {
    int channels = map.channels();
    StringJoiner degenerate = new StringJoiner(",");
    for (int c : map.degenerateChannels()) {
      degenerate.add(Integer.toString(c));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "jkernels-transport-map");
    metadata.put("channels", Integer.toString(channels));
    metadata.put("degenerate_channels", degenerate.toString());
    List<Safetensors.Entry> entries = List.of(NAMES).stream()
        .map(name -> new Safetensors.Entry(name, new long[] {channels})).toList();
    Safetensors.writeF32(path, metadata, entries, List.of(map.omega(), map.beta(), map.supportMin(),
        map.supportMax()));
  }

  static TransportMap read(Path path) throws IOException {
    Safetensors.Header header;
    try {
      header = Safetensors.read(path);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String prefix = path + ": ";
      throw bad(path, message.startsWith(prefix) ? message.substring(prefix.length()) : message, e);
    }
    float[][] tensors = new float[NAMES.length][];
    for (int t = 0; t < NAMES.length; t++) {
      String name = NAMES[t];
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
    try {
      return TransportMap.of(tensors[0], tensors[1], tensors[2], tensors[3],
          degenerateChannels(path, header.metadata().get("degenerate_channels")));
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
