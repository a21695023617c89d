package io.jkernels.pipelines.io;

import io.jkernels.internal.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activation matrices in the safetensors format (Hugging Face), on the library's one safetensors reader and writer
 * ({@link Safetensors}: a bounded header read first, never the whole file; no tensor named twice; data offsets that
 * tile the data section exactly; shapes that match their spans). This class reads one 2-D F32 tensor as a
 * {@link MatrixFile} (memory-mapped) and writes single-tensor files.
 */
public final class SafetensorsFile {
  private SafetensorsFile() {}

  /** One tensor's header entry; {@code begin} and {@code end} are absolute file offsets. */
  public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {}

  /**
   * Every tensor in the file, in header order; IllegalArgumentException naming the file and what is wrong for a
   * file that breaks the format's rules.
   */
  public static List<TensorInfo> tensors(Path path) throws IOException {
    List<TensorInfo> result = new ArrayList<>();
    for (Safetensors.Tensor t : Safetensors.read(path).tensors()) {
      result.add(new TensorInfo(t.name(), t.dtype(), t.shape(), t.begin(), t.end()));
    }
    return result;
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
    return new MatrixFileWriter(path, header(name, new long[] {rows, channels}), rows, channels);
  }

  /** Writes a whole matrix as the single tensor {@code name}. */
  public static void write(Path path, String name, float[] data, long rows, int channels) throws IOException {
    MatrixFileWriter.write(path, data, rows, channels, name);
  }

  /** The length-prefixed header of a single F32 tensor {@code name} of the given shape. */
  static byte[] header(String name, long[] shape) {
    return Safetensors.header(Map.of(), List.of(new Safetensors.Entry(name, shape)));
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
