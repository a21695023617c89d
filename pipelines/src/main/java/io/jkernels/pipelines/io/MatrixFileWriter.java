package io.jkernels.pipelines.io;

import io.jkernels.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a rows×channels float32 matrix row block by row block, behind a format header written first. The bytes go
 * to a temporary file in the target's folder; {@link #commit()} moves it into place atomically once every row has
 * been written, and {@link #close()} without a commit deletes it: a failed run never leaves a half-written output.
 */
public final class MatrixFileWriter implements AutoCloseable {
  private static final int CHUNK_FLOATS = 1 << 16;

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final long rows;
  private final int channels;
  private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long written;
  private boolean done;

  MatrixFileWriter(Path target, byte[] header, long rows, int channels) throws IOException {
    this(target, header, null, 0, rows, channels);
  }

  /**
   * {@code copyOf} null: the file is {@code header} then the rows. Otherwise the file starts as a byte copy of
   * {@code copyOf} and the rows overwrite it from {@code dataOffset} on (one tensor replaced, the rest kept).
   */
  private MatrixFileWriter(Path target, byte[] header, Path copyOf, long dataOffset, long rows, int channels)
      throws IOException {
    if (rows < 0 || channels <= 0) {
      throw new IllegalArgumentException("shape must be rows ≥ 0 × channels > 0, got " + rows + "×" + channels);
    }
    this.target = target.toAbsolutePath();
    this.rows = rows;
    this.channels = channels;
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    this.temp = AtomicFiles.createTemporary(dir, "." + this.target.getFileName() + ".", ".part");
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      if (copyOf != null) {
        try (FileChannel in = FileChannel.open(copyOf, StandardOpenOption.READ)) {
          long size = in.size();
          for (long done = 0; done < size; ) {
            done += in.transferTo(done, size - done, channel);
          }
        }
        channel.position(dataOffset);
      } else {
        writeFully(ByteBuffer.wrap(header));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A writer for {@code path}, format by extension ({@code .npy} or {@code .safetensors}, tensor {@code tensor}). */
  public static MatrixFileWriter create(Path path, long rows, int channels, String tensor) throws IOException {
    return switch (MatrixFile.Format.of(path)) {
      case NPY -> NpyFile.writer(path, rows, channels);
      case SAFETENSORS -> SafetensorsFile.writer(path, tensor == null ? "activations" : tensor, rows, channels);
    };
  }

  /**
   * A writer whose output is a copy of {@code input}'s file with {@code input}'s tensor overwritten by the rows
   * written: for a {@code .safetensors} file every other tensor and the {@code __metadata__} are kept byte for byte
   * (the header does not change: same name, dtype, shape and offsets).
   */
  public static MatrixFileWriter replacingTensor(Path path, MatrixFile input) throws IOException {
    return new MatrixFileWriter(path, null, input.path(), input.dataOffset(), input.rows(), input.channels());
  }

  /** Appends {@code count} rows from {@code data[0 .. count*channels)}. */
  public void writeRows(float[] data, int count) throws IOException {
    if (done) {
      throw new IllegalStateException("writer already committed or closed");
    }
    long n = (long) count * channels;
    if (count < 0 || n > data.length) {
      throw new IllegalArgumentException("count " + count + " rows of " + channels + " need " + n + " floats, data has "
          + data.length);
    }
    if (written + count > rows) {
      throw new IllegalArgumentException("too many rows: " + (written + count) + " > declared " + rows);
    }
    for (int from = 0; from < n; from += CHUNK_FLOATS) {
      int len = (int) Math.min(CHUNK_FLOATS, n - from);
      chunk.clear();
      chunk.asFloatBuffer().put(data, from, len);
      chunk.limit(len * Float.BYTES);
      writeFully(chunk);
    }
    written += count;
  }

  /** Flushes and moves the file into place; fails (and removes the temporary file) if rows are missing. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("writer already committed or closed");
    }
    try {
      if (written != rows) {
        throw new IllegalStateException("only " + written + " of " + rows + " rows were written to " + target);
      }
      channel.force(true);
      channel.close();
      AtomicFiles.moveIntoPlace(temp, target);
      done = true;
    } finally {
      if (!done) {
        close();
      }
    }
  }

  /** Rows written so far. */
  public long rowsWritten() {
    return written;
  }

  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Writes a whole matrix at once. */
  public static void write(Path path, float[] data, long rows, int channels, String tensor) throws IOException {
    if ((long) data.length != rows * channels) {
      throw new IllegalArgumentException("data has " + data.length + " floats, shape " + rows + "×" + channels
          + " needs " + rows * channels);
    }
    try (MatrixFileWriter w = create(path, rows, channels, tensor)) {
      w.writeRows(data, (int) rows);
      w.commit();
    }
  }
}
