package io.jkernels.pipelines.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;

/**
 * A rows×channels float32 matrix (little endian, row-major) stored in a {@code .npy} or {@code .safetensors} file,
 * read in row blocks from a read-only memory mapping: files larger than memory are fine, only the rows asked for
 * are touched. Open with {@link #open(Path, String)}; close to unmap.
 */
public final class MatrixFile implements AutoCloseable {
  private static final ValueLayout.OfFloat LE_FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path path;
  private final String tensorName;
  private final long rows;
  private final int channels;
  private final Arena arena;
  private final MemorySegment data;
  private final long dataOffset;

  private MatrixFile(Path path, String tensorName, long dataOffset, long rows, int channels, Arena arena,
      MemorySegment data) {
    this.path = path;
    this.dataOffset = dataOffset;
    this.tensorName = tensorName;
    this.rows = rows;
    this.channels = channels;
    this.arena = arena;
    this.data = data;
  }

  /**
   * Opens {@code path} by its extension: {@code .npy} (2-D {@code <f4}, C order) or {@code .safetensors} (the tensor
   * named {@code tensor}, or when null the first 2-D F32 tensor in the header). Anything else, or a header that
   * does not describe such a matrix, is an {@link IllegalArgumentException} saying what was found.
   */
  public static MatrixFile open(Path path, String tensor) throws IOException {
    return switch (Format.of(path)) {
      case NPY -> {
        if (tensor != null) {
          throw new IllegalArgumentException("--tensor applies to .safetensors files, not " + path);
        }
        yield NpyFile.open(path);
      }
      case SAFETENSORS -> SafetensorsFile.open(path, tensor);
    };
  }

  /** Maps {@code rows×channels} floats at {@code offset} of {@code path}, after checking the file holds them. */
  static MatrixFile map(Path path, String tensorName, long offset, long rows, int channels) throws IOException {
    long bytes;
    try {
      bytes = Math.multiplyExact(Math.multiplyExact(rows, (long) channels), Float.BYTES);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(path + ": header promises " + rows + "×" + channels
          + " floats, more bytes than any file holds");
    }
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset > size || bytes > size - offset) {
        throw new IllegalArgumentException(path + ": header promises " + rows + "×" + channels + " floats ("
            + bytes + " bytes from offset " + offset + ") but the file has " + size + " bytes (truncated?)");
      }
      MemorySegment segment = bytes == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, offset, bytes, arena);
      return new MatrixFile(path, tensorName, offset, rows, channels, arena, segment);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /** The safetensors tensor read, or null for {@code .npy}. */
  public String tensorName() {
    return tensorName;
  }

  /** The file offset of the matrix's first byte. */
  public long dataOffset() {
    return dataOffset;
  }

  public long rows() {
    return rows;
  }

  public int channels() {
    return channels;
  }

  /** Copies rows {@code [firstRow, firstRow + count)} into {@code dst[0 .. count*channels)}. */
  public void readRows(long firstRow, int count, float[] dst) {
    Objects.checkFromIndexSize(firstRow, count, rows);
    long n = (long) count * channels;
    if (n > dst.length) {
      throw new IllegalArgumentException("dst holds " + dst.length + " floats, " + count + " rows need " + n);
    }
    MemorySegment.copy(data, LE_FLOAT, firstRow * channels * Float.BYTES, dst, 0, (int) n);
  }

  /** All rows in one array (for matrices under 2³¹ floats). */
  public float[] readAll() {
    long n = rows * channels;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(path + " holds " + n + " floats: too many for one array, read it in blocks");
    }
    float[] all = new float[(int) n];
    if (n > 0) {
      readRows(0, (int) rows, all);
    }
    return all;
  }

  @Override
  public void close() {
    arena.close();
  }

  @Override
  public String toString() {
    return path + (tensorName != null ? " [" + tensorName + "]" : "") + " (" + rows + "×" + channels + " float32)";
  }

  /** The two formats, told apart by the file name. */
  public enum Format {
    NPY, SAFETENSORS;

    public static Format of(Path path) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".npy")) {
        return NPY;
      }
      if (name.endsWith(".safetensors")) {
        return SAFETENSORS;
      }
      throw new IllegalArgumentException("unknown activation file type '" + path.getFileName()
          + "' (expected .npy or .safetensors)");
    }
  }
}
