package io.jkernels.pipelines.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1–3) for 2-D float32 matrices: magic {@code \x93NUMPY}, version, header
 * length, then a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (rows, channels), }}
 * padded so the data starts on a 64-byte boundary. Only little-endian float32 in C order is accepted; anything else
 * is rejected with what was found and how to convert it ({@code np.ascontiguousarray(a, dtype='<f4')}). Read
 * defensively: only the fixed prefix and the header (at most 1 MiB) are read, and the data must fill the rest of
 * the file exactly (a truncated file, or one with bytes after the matrix, is refused); the data is memory-mapped.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final String FIX = " (save it with np.save(path, np.ascontiguousarray(a.reshape(-1, channels), dtype='<f4')))";

  private NpyFile() {}

  /** The parsed header. */
  public record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset) {}

  /** Opens a 2-D {@code <f4} C-order {@code .npy} file for block reads. */
  public static MatrixFile open(Path path) throws IOException {
    Header h = readHeader(path);
    if (!h.descr().equals("<f4")) {
      String what = switch (h.descr()) {
        case ">f4" -> "big-endian float32";
        case "<f8", ">f8" -> "float64";
        case "<f2", ">f2" -> "float16";
        default -> "dtype '" + h.descr() + "'";
      };
      throw new IllegalArgumentException(path + ": " + what + " is not supported, expected little-endian float32 ('<f4')" + FIX);
    }
    if (h.fortranOrder()) {
      throw new IllegalArgumentException(path + ": Fortran (column-major) order is not supported, expected C order" + FIX);
    }
    if (h.shape().length != 2) {
      throw new IllegalArgumentException(path + ": expected a 2-D array (rows, channels), got shape "
          + shapeString(h.shape()) + FIX);
    }
    if (h.shape()[1] <= 0 || h.shape()[1] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path + ": channels must be in 1.." + Integer.MAX_VALUE + ", got " + h.shape()[1]);
    }
    long size = java.nio.file.Files.size(path);
    long rows = h.shape()[0];
    long channels = h.shape()[1];
    if (rows > (size - h.dataOffset()) / Float.BYTES / channels) {
      throw new IllegalArgumentException(path + ": header promises " + rows + "×" + channels + " floats but the file"
          + " has " + (size - h.dataOffset()) + " data bytes (truncated?)");
    }
    long bytes = rows * channels * Float.BYTES;
    if (h.dataOffset() + bytes != size) {
      throw new IllegalArgumentException(path + ": " + (size - h.dataOffset() - bytes) + " bytes follow the "
          + rows + "×" + channels + " floats the header promises (not a .npy file numpy wrote?)");
    }
    return MatrixFile.map(path, null, h.dataOffset(), rows, (int) channels);
  }

  /** Reads and parses the header of any {@code .npy} file. */
  public static Header readHeader(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      while (pre.hasRemaining() && ch.read(pre) >= 0) {
        // read the fixed prefix
      }
      pre.flip();
      if (pre.remaining() < 10) {
        throw new IllegalArgumentException(path + ": too short to be a .npy file (" + pre.remaining() + " bytes)");
      }
      for (byte b : MAGIC) {
        if (pre.get() != b) {
          throw new IllegalArgumentException(path + ": not a .npy file (magic \\x93NUMPY missing)");
        }
      }
      int major = pre.get() & 0xff;
      pre.get(); // minor
      long headerLen;
      int prefix;
      if (major == 1) {
        headerLen = pre.getShort() & 0xffff;
        prefix = 10;
      } else if (major == 2 || major == 3) {
        if (pre.remaining() < 4) {
          throw new IllegalArgumentException(path + ": truncated .npy header");
        }
        headerLen = pre.getInt() & 0xffffffffL;
        prefix = 12;
      } else {
        throw new IllegalArgumentException(path + ": unsupported .npy version " + major);
      }
      if (headerLen > 1 << 20 || prefix + headerLen > ch.size()) {
        throw new IllegalArgumentException(path + ": .npy header length " + headerLen + " is implausible or past the end");
      }
      ByteBuffer text = ByteBuffer.allocate((int) headerLen);
      ch.position(prefix);
      while (text.hasRemaining() && ch.read(text) >= 0) {
        // read the dict literal
      }
      String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      return parse(path, dict, prefix + headerLen);
    }
  }

  private static Header parse(Path path, String dict, long dataOffset) {
    Matcher d = DESCR.matcher(dict);
    Matcher f = FORTRAN.matcher(dict);
    Matcher s = SHAPE.matcher(dict);
    if (!dict.strip().startsWith("{") || !d.find() || !f.find() || !s.find()) {
      throw new IllegalArgumentException(path + ": malformed .npy header " + dict.strip());
    }
    List<Long> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      if (!part.isBlank()) {
        try {
          dims.add(Long.parseLong(part.strip().replace("L", "")));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(path + ": malformed shape (" + s.group(1) + ") in .npy header");
        }
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(path + ": negative dimension in shape " + shapeString(shape));
      }
    }
    return new Header(d.group(1), f.group(1).equals("True"), shape, dataOffset);
  }

  /** A writer of a {@code rows×channels} {@code <f4} file (header first, then rows as they come). */
  public static MatrixFileWriter writer(Path path, long rows, int channels) throws IOException {
    return new MatrixFileWriter(path, header(rows, channels), rows, channels);
  }

  /** Writes a whole matrix. */
  public static void write(Path path, float[] data, long rows, int channels) throws IOException {
    MatrixFileWriter.write(path, data, rows, channels, null);
  }

  /** Version 1.0 header (a 2-D shape always fits its 16-bit length), padded with spaces and a newline to a 64-byte boundary. */
  static byte[] header(long rows, int channels) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + channels + "), }";
    int prefix = 10;
    int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
    StringBuilder sb = new StringBuilder(dict);
    while (prefix + sb.length() + 1 < total) {
      sb.append(' ');
    }
    sb.append('\n');
    byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    return out.array();
  }

  static String shapeString(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }
}
