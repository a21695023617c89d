package io.jkernels.pipelines.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float32, and WAVE_FORMAT_EXTENSIBLE with a PCM or float
 * sub-format; LIST/INFO text chunks are kept as {@link #metadata()}.
 *
 * <p>Parsed defensively: at most {@value #MAX_CHUNKS} chunks are walked, every chunk size is checked against the
 * file size before anything is read, the fmt and LIST chunks are bounded ({@value #MAX_TEXT_CHUNK} bytes), and
 * anything malformed is an {@link IllegalArgumentException} naming the file and what is wrong. A data chunk whose
 * declared size runs past the end of the file (a file cut short) is an error, not silently shortened.
 */
public final class WavReader implements AudioReader {
  static final int MAX_CHUNKS = 4096;
  static final int MAX_TEXT_CHUNK = 1 << 20;
  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  /** The tail of the KSDATAFORMAT_SUBTYPE GUIDs; the first two bytes carry the format tag. */
  private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
      (byte) 0x9B, 0x71};

  private final Path path;
  private final FileChannel channel;
  private final AudioInfo info;
  private final Map<String, String> metadata;
  private final long dataStart;
  private final int frameBytes;
  private long framesRead;
  private ByteBuffer buffer = ByteBuffer.allocate(0);

  private WavReader(Path path, FileChannel channel, AudioInfo info, Map<String, String> metadata, long dataStart) {
    this.path = path;
    this.channel = channel;
    this.info = info;
    this.metadata = metadata;
    this.dataStart = dataStart;
    this.frameBytes = info.channels() * info.format().bytes();
  }

  /** Opens {@code path} and parses its header; the caller closes the reader. */
  public static WavReader open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return parse(path, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static WavReader parse(Path path, FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer head = readAt(path, ch, 0, 12, size);
    if (!tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
      throw bad(path, "not a RIFF/WAVE file (RF64 and RIFX are not supported)");
    }
    long pos = 12;
    int fmtTag = -1;
    int channels = 0;
    int rate = 0;
    int blockAlign = 0;
    int bits = 0;
    long dataStart = -1;
    long dataSize = 0;
    Map<String, String> meta = new LinkedHashMap<>();
    for (int chunk = 0; pos + 8 <= size; chunk++) {
      if (chunk >= MAX_CHUNKS) {
        throw bad(path, "more than " + MAX_CHUNKS + " chunks");
      }
      ByteBuffer h = readAt(path, ch, pos, 8, size);
      String id = tag(h, 0);
      long len = Integer.toUnsignedLong(h.getInt(4));
      long body = pos + 8;
      if (id.equals("data")) {
        if (body + len > size) {
          throw bad(path, "data chunk declares " + len + " bytes but only " + (size - body)
              + " follow (file cut short?)");
        }
        dataStart = body;
        dataSize = len;
      } else if (body + len > size) {
        throw bad(path, "chunk '" + printable(id) + "' at byte " + pos + " declares " + len + " bytes but only "
            + (size - body) + " follow");
      } else if (id.equals("fmt ")) {
        if (len < 16 || len > 256) {
          throw bad(path, "fmt chunk of " + len + " bytes (expected 16 to 256)");
        }
        ByteBuffer f = readAt(path, ch, body, (int) len, size);
        fmtTag = Short.toUnsignedInt(f.getShort(0));
        channels = Short.toUnsignedInt(f.getShort(2));
        rate = f.getInt(4);
        blockAlign = Short.toUnsignedInt(f.getShort(12));
        bits = Short.toUnsignedInt(f.getShort(14));
        if (fmtTag == FORMAT_EXTENSIBLE) {
          if (len < 40) {
            throw bad(path, "WAVE_FORMAT_EXTENSIBLE fmt chunk of " + len + " bytes (expected 40)");
          }
          int validBits = Short.toUnsignedInt(f.getShort(18));
          for (int i = 0; i < GUID_TAIL.length; i++) {
            if (f.get(26 + i) != GUID_TAIL[i]) {
              throw bad(path, "WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID");
            }
          }
          fmtTag = Short.toUnsignedInt(f.getShort(24));
          if (validBits != 0 && validBits != bits) {
            // Fewer valid bits sit in the high bits of each container (the low ones are zero), so reading the
            // container at its full width gives the right value; only the declared container size matters.
            if (validBits > bits) {
              throw bad(path, validBits + " valid bits in a " + bits + "-bit container");
            }
          }
        }
      } else if (id.equals("LIST") && len >= 4 && len <= MAX_TEXT_CHUNK) {
        readInfo(path, readAt(path, ch, body, (int) len, size), meta);
      }
      pos = body + len + (len & 1); // chunks are padded to an even length
      if (id.equals("data") && dataStart >= 0 && pos > size) {
        break; // an unpadded odd data chunk at the very end
      }
    }
    if (fmtTag < 0) {
      throw bad(path, "no fmt chunk");
    }
    if (dataStart < 0) {
      throw bad(path, "no data chunk");
    }
    SampleFormat format = switch (fmtTag) {
      case FORMAT_PCM -> switch (bits) {
        case 8 -> SampleFormat.PCM8;
        case 16 -> SampleFormat.PCM16;
        case 24 -> SampleFormat.PCM24;
        case 32 -> SampleFormat.PCM32;
        default -> throw bad(path, bits + "-bit PCM (supported: 8, 16, 24, 32)");
      };
      case FORMAT_FLOAT -> {
        if (bits != 32) {
          throw bad(path, bits + "-bit float (supported: 32)");
        }
        yield SampleFormat.FLOAT32;
      }
      default -> throw bad(path, "format tag 0x" + Integer.toHexString(fmtTag) + " (supported: PCM, IEEE float)");
    };
    if (channels == 0 || channels > 1024) {
      throw bad(path, channels + " channels (expected 1 to 1024)");
    }
    if (rate <= 0) {
      throw bad(path, "sample rate " + Integer.toUnsignedLong(rate));
    }
    if (blockAlign != channels * format.bytes()) {
      throw bad(path, "block align " + blockAlign + " but " + channels + " channels of " + format.bytes() + " bytes");
    }
    long frames = dataSize / blockAlign;
    return new WavReader(path, ch, new AudioInfo(rate, channels, frames, format), Collections.unmodifiableMap(meta),
        dataStart);
  }

  /** LIST chunks of type INFO hold (id, zero-terminated text) pairs; other LIST types are ignored. */
  private static void readInfo(Path path, ByteBuffer list, Map<String, String> meta) {
    if (!tag(list, 0).equals("INFO")) {
      return;
    }
    int p = 4;
    while (p + 8 <= list.limit()) {
      String id = tag(list, p);
      long len = Integer.toUnsignedLong(list.getInt(p + 4));
      if (p + 8 + len > list.limit()) {
        throw bad(path, "LIST/INFO entry '" + printable(id) + "' runs past its chunk");
      }
      byte[] text = new byte[(int) len];
      list.get(p + 8, text);
      int end = 0;
      while (end < text.length && text[end] != 0) {
        end++;
      }
      meta.put(printable(id), new String(text, 0, end, StandardCharsets.UTF_8));
      p += 8 + (int) len + (int) (len & 1);
    }
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public int read(float[][] out, int maxFrames) throws IOException {
    int channels = info.channels();
    AudioReader.checkReadTarget(out, maxFrames, channels);
    int n = (int) Math.min(maxFrames, info.frames() - framesRead);
    if (n <= 0) {
      return 0;
    }
    int bytes = n * frameBytes;
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear().limit(bytes);
    long at = dataStart + framesRead * frameBytes;
    while (buffer.hasRemaining()) {
      int got = channel.read(buffer, at + buffer.position());
      if (got < 0) {
        throw bad(path, "ended inside the data chunk");
      }
    }
    decode(buffer, info.format(), channels, n, out);
    framesRead += n;
    return n;
  }

  static void decode(ByteBuffer b, SampleFormat format, int channels, int frames, float[][] out) {
    int p = 0;
    for (int t = 0; t < frames; t++) {
      for (int c = 0; c < channels; c++) {
        float v;
        switch (format) {
          case PCM8 -> { v = ((b.get(p) & 0xFF) - 128) / 128f; p += 1; }
          case PCM16 -> { v = b.getShort(p) / 32768f; p += 2; }
          case PCM24 -> {
            int s = (b.get(p) & 0xFF) | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) << 16;
            v = s / 8388608f;
            p += 3;
          }
          case PCM32 -> { v = (float) (b.getInt(p) / 2147483648.0); p += 4; }
          case FLOAT32 -> { v = b.getFloat(p); p += 4; }
          default -> throw new IllegalStateException(format.toString());
        }
        out[c][t] = v;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static ByteBuffer readAt(Path path, FileChannel ch, long pos, int len, long size) throws IOException {
    if (pos + len > size) {
      throw bad(path, "ends at byte " + size + " inside a header that needs " + (pos + len));
    }
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw bad(path, "ended while reading a header");
      }
    }
    return b.flip();
  }

  private static String tag(ByteBuffer b, int at) {
    byte[] four = new byte[4];
    b.get(at, four);
    return new String(four, StandardCharsets.ISO_8859_1);
  }

  private static String printable(String id) {
    return id.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? id : "?";
  }

  private static IllegalArgumentException bad(Path path, String what) {
    return new IllegalArgumentException(path + ": malformed WAV: " + what);
  }
}
