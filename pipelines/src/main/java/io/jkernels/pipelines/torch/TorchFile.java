package io.jkernels.pipelines.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads files written by {@code torch.save} (the zip format of torch ≥ 1.6: {@code <name>/data.pkl}, the storages
 * in {@code <name>/data/<key>}, {@code <name>/byteorder}) without Python and without executing anything: the pickle
 * is read by {@link RestrictedUnpickler}, which accepts only tensors, dicts (OrderedDict too), lists, tuples,
 * strings, numbers, booleans and None, and refuses any other global with an {@link IOException} naming it.
 *
 * <p>The result is a tree of {@code Map<Object, Object>} (insertion order kept), {@code List<Object>},
 * {@code Object[]} (tuples), {@code String}, {@code Number}, {@code Boolean}, {@code null} and {@link TorchTensor}.
 * Every storage read is checked against the entry's size and every tensor's extent against its storage.
 */
public final class TorchFile {
  /** Largest pickle accepted (a state dict's pickle is a few KiB; the data lives in the storages). */
  private static final long MAX_PICKLE = 64L << 20;

  private TorchFile() {}

  /** Reads {@code path}. @throws IOException naming the file and what is wrong or refused */
  public static Object read(Path path) throws IOException {
    try (ZipFile zip = openZip(path)) {
      ZipEntry pickle = null;
      for (var it = zip.entries(); it.hasMoreElements(); ) {
        ZipEntry e = it.nextElement();
        String name = e.getName();
        if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
          if (pickle != null) {
            throw new IOException(path + ": two data.pkl records in one torch file");
          }
          pickle = e;
        }
      }
      if (pickle == null) {
        throw new IOException(path + ": not a torch zip file (no <name>/data.pkl record)");
      }
      String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
      byte[] bytes = readEntry(zip, pickle, MAX_PICKLE, path);
      ByteOrder order = byteOrder(zip, prefix, path);
      Object tree;
      try {
        tree = new RestrictedUnpickler(path.toString()).loads(bytes);
      } catch (PickleException e) {
        throw new IOException(e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new IOException(path + ": malformed pickle: " + e, e);
      }
      return resolve(tree, zip, prefix, order, path, new HashMap<>());
    }
  }

  private static ZipFile openZip(Path path) throws IOException {
    try {
      return new ZipFile(path.toFile());
    } catch (java.util.zip.ZipException e) {
      throw new IOException(path + ": not a torch zip file (legacy torch.save format or another file): "
          + e.getMessage(), e);
    }
  }

  private static ByteOrder byteOrder(ZipFile zip, String prefix, Path path) throws IOException {
    ZipEntry e = zip.getEntry(prefix + "byteorder");
    if (e == null) {
      return ByteOrder.LITTLE_ENDIAN; // torch wrote no record before 2.1: always little-endian there
    }
    String text = new String(readEntry(zip, e, 16, path), java.nio.charset.StandardCharsets.US_ASCII).strip();
    return switch (text) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new IOException(path + ": byteorder record is '" + text + "'");
    };
  }

  private static byte[] readEntry(ZipFile zip, ZipEntry e, long max, Path path) throws IOException {
    if (e.getSize() > max) {
      throw new IOException(path + ": record " + e.getName() + " has " + e.getSize() + " bytes, more than " + max);
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] out = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8) + 1);
      if (out.length > max) {
        throw new IOException(path + ": record " + e.getName() + " is larger than " + max + " bytes");
      }
      return out;
    }
  }

  private static Object resolve(Object node, ZipFile zip, String prefix, ByteOrder order, Path path,
      Map<String, ByteBuffer> storages) throws IOException {
    if (node instanceof RestrictedUnpickler.TensorRef ref) {
      return tensor(ref, zip, prefix, order, path, storages);
    }
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(e.getKey(), resolve(e.getValue(), zip, prefix, order, path, storages));
      }
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(resolve(o, zip, prefix, order, path, storages));
      }
      return out;
    }
    if (node instanceof Object[] tuple) {
      Object[] out = new Object[tuple.length];
      for (int i = 0; i < tuple.length; i++) {
        out[i] = resolve(tuple[i], zip, prefix, order, path, storages);
      }
      return out;
    }
    if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
        || node instanceof byte[]) {
      return node;
    }
    throw new IOException(path + ": refused a " + node.getClass().getSimpleName() + " in the pickle");
  }

  private static TorchTensor tensor(RestrictedUnpickler.TensorRef ref, ZipFile zip, String prefix, ByteOrder order,
      Path path, Map<String, ByteBuffer> storages) throws IOException {
    RestrictedUnpickler.StorageRef s = ref.storage();
    int width = switch (s.dtype()) {
      case "Float" -> 4;
      case "Double" -> 8;
      case "Half", "BFloat16" -> 2;
      default -> throw new IOException(path + ": storage dtype " + s.dtype() + " is not supported");
    };
    ByteBuffer data = storages.get(s.key());
    if (data == null) {
      ZipEntry e = zip.getEntry(prefix + "data/" + s.key());
      if (e == null) {
        throw new IOException(path + ": storage " + s.key() + " has no record data/" + s.key());
      }
      data = ByteBuffer.wrap(readEntry(zip, e, Integer.MAX_VALUE - 8, path)).order(order);
      storages.put(s.key(), data);
    }
    if (s.numel() < 0 || s.numel() > data.capacity() / width) {
      throw new IOException(path + ": storage " + s.key() + " claims " + s.numel() + " elements, its record holds "
          + data.capacity() / width);
    }
    long[] shape = ref.shape();
    long[] stride = ref.stride();
    if (shape.length != stride.length) {
      throw new IOException(path + ": a tensor with " + shape.length + " sizes and " + stride.length + " strides");
    }
    long count = 1;
    long last = ref.offset();
    for (int d = 0; d < shape.length; d++) {
      count = Math.multiplyExact(count, shape[d]);
      if (shape[d] > 0) {
        last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
      }
    }
    if (count > Integer.MAX_VALUE - 8 || (count > 0 && last >= s.numel())) {
      throw new IOException(path + ": a tensor of shape " + java.util.Arrays.toString(shape) + " reaches element "
          + last + " of a storage of " + s.numel());
    }
    double[] values = new double[(int) count];
    long[] index = new long[shape.length];
    for (int i = 0; i < values.length; i++) {
      long element = ref.offset();
      for (int d = 0; d < shape.length; d++) {
        element += index[d] * stride[d];
      }
      values[i] = value(data, (int) (element * width), s.dtype());
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return new TorchTensor(s.dtype(), shape, values);
  }

  private static double value(ByteBuffer data, int at, String dtype) {
    return switch (dtype) {
      case "Float" -> data.getFloat(at);
      case "Double" -> data.getDouble(at);
      case "Half" -> Float.float16ToFloat(data.getShort(at));
      default -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16); // BFloat16
    };
  }
}
