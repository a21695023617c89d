package io.jkernels.pipelines.audio;

import io.jkernels.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a RIFF/WAVE file block by block to a temporary file beside the target, and moves it into place only on
 * {@link #commit()}: a writer closed without a commit (an exception, a killed run) leaves nothing at the target.
 *
 * <p>Layout: {@code RIFF/WAVE}, {@code fmt } (plain PCM or IEEE float for one or two channels of at most 16 bits,
 * WAVE_FORMAT_EXTENSIBLE with channel mask 0, "no speaker positions", otherwise, as Microsoft asks for more
 * channels or deeper samples), {@code fact} for float data, {@code data}, then an optional {@code LIST/INFO} chunk
 * with the text metadata (ids of four ASCII characters such as {@code ICMT}, {@code ISFT}). Non-finite samples are
 * an {@link IllegalArgumentException}; PCM samples outside [-1, 1) are clipped and counted ({@link #clipped()}).
 */
public final class WavWriter implements AutoCloseable {
  private static final long MAX_DATA = 0xFFFF_FFFFL - 1024 * 1024; // RIFF sizes are 32-bit; leave room for INFO

  private final Path target;
  private final Path temporary;
  private final FileChannel channel;
  private final int channels;
  private final SampleFormat format;
  private final Map<String, String> metadata;
  private final long dataSizeAt;
  private final long factAt;
  private final long riffHeaderBytes;
  private long frames;
  private long clipped;
  private boolean done;
  private ByteBuffer buffer = ByteBuffer.allocate(0);

  private WavWriter(Path target, Path temporary, FileChannel channel, int sampleRate, int channels,
      SampleFormat format, Map<String, String> metadata) throws IOException {
    this.target = target;
    this.temporary = temporary;
    this.channel = channel;
    this.channels = channels;
    this.format = format;
    this.metadata = metadata;
    boolean extensible = channels > 2 || format.bits() > 16;
    int fmtLen = extensible ? 40 : format.isFloat() ? 18 : 16;
    ByteBuffer h = ByteBuffer.allocate(12 + 8 + fmtLen + (format.isFloat() ? 12 : 0) + 8)
        .order(ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
    h.put(ascii("fmt ")).putInt(fmtLen);
    int tag = format.isFloat() ? 3 : 1;
    h.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels).putInt(sampleRate)
        .putInt(sampleRate * channels * format.bytes()).putShort((short) (channels * format.bytes()))
        .putShort((short) format.bits());
    if (extensible) {
      h.putShort((short) 22).putShort((short) format.bits()).putInt(0);
      h.putShort((short) tag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
          (byte) 0x9B, 0x71});
    } else if (format.isFloat()) {
      h.putShort((short) 0);
    }
    long fact = -1;
    if (format.isFloat()) {
      h.put(ascii("fact")).putInt(4);
      fact = h.position();
      h.putInt(0);
    }
    h.put(ascii("data"));
    this.dataSizeAt = h.position();
    h.putInt(0);
    this.factAt = fact;
    this.riffHeaderBytes = h.position();
    h.flip();
    while (h.hasRemaining()) {
      channel.write(h);
    }
  }

  /**
   * Starts a file for {@code target}. {@code metadata} (may be empty) goes into a LIST/INFO chunk: keys of four
   * printable ASCII characters, values UTF-8 text.
   */
  public static WavWriter create(Path target, int sampleRate, int channels, SampleFormat format,
      Map<String, String> metadata) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(metadata, "metadata");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate: expected > 0, got " + sampleRate);
    }
    if (channels <= 0 || channels > 1024) {
      throw new IllegalArgumentException("channels: expected 1 to 1024, got " + channels);
    }
    if (format == SampleFormat.PCM8) {
      throw new IllegalArgumentException("format: 8-bit PCM is read-only here; write pcm16, pcm24, pcm32 or float32");
    }
    for (String key : metadata.keySet()) {
      if (key.length() != 4 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
        throw new IllegalArgumentException("metadata key: expected four printable ASCII characters, got '" + key + "'");
      }
    }
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      return new WavWriter(abs, tmp, ch, sampleRate, channels, format, new LinkedHashMap<>(metadata));
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Appends {@code frames} frames from {@code in[c][0..frames)}; checks everything before writing anything. */
  public void write(float[][] in, int frames) throws IOException {
    Objects.requireNonNull(in, "in");
    if (done) {
      throw new IllegalStateException("writer already committed or closed");
    }
    if (in.length != channels || frames < 0) {
      throw new IllegalArgumentException("in: expected " + channels + " channel arrays and frames >= 0, got "
          + in.length + " and " + frames);
    }
    for (int c = 0; c < channels; c++) {
      if (in[c] == null || in[c].length < frames) {
        throw new IllegalArgumentException("in[" + c + "]: expected at least " + frames + " samples");
      }
      for (int t = 0; t < frames; t++) {
        if (!Float.isFinite(in[c][t])) {
          throw new IllegalArgumentException("in[" + c + "][" + t + "] = " + in[c][t] + ": expected a finite sample");
        }
      }
    }
    long bytes = (long) frames * channels * format.bytes();
    if ((this.frames * channels * format.bytes()) + bytes > MAX_DATA) {
      throw new IllegalArgumentException("more than " + MAX_DATA + " bytes of audio: beyond the 4 GiB of a WAV file");
    }
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear();
    for (int t = 0; t < frames; t++) {
      for (int c = 0; c < channels; c++) {
        encode(in[c][t]);
      }
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    this.frames += frames;
  }

  /** Appends a planar signal ({@code samples[c * frames + t]}) with this writer's channel count. */
  public void writePlanar(float[] samples, int frames) throws IOException {
    Objects.requireNonNull(samples, "samples");
    if ((long) frames * channels != samples.length) {
      throw new IllegalArgumentException("samples: expected " + channels + " × " + frames + " values, got "
          + samples.length);
    }
    float[][] split = new float[channels][];
    for (int c = 0; c < channels; c++) {
      split[c] = java.util.Arrays.copyOfRange(samples, c * frames, (c + 1) * frames);
    }
    write(split, frames);
  }

  private void encode(float x) {
    switch (format) {
      case FLOAT32 -> buffer.putFloat(x);
      case PCM16 -> buffer.putShort((short) quantise(x, 32768.0));
      case PCM24 -> {
        int q = (int) quantise(x, 8388608.0);
        buffer.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
      }
      case PCM32 -> buffer.putInt((int) quantise(x, 2147483648.0));
      default -> throw new IllegalStateException(format.toString());
    }
  }

  private long quantise(double x, double scale) {
    long q = Math.round(x * scale);
    long max = (long) scale - 1;
    if (q > max || q < -(long) scale) {
      clipped++;
      return Math.max(-(long) scale, Math.min(max, q));
    }
    return q;
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  /** PCM samples that were outside [-1, 1) and clipped. */
  public long clipped() {
    return clipped;
  }

  /** Writes the sizes and the metadata, then moves the file into place over any file at the target. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("writer already committed or closed");
    }
    long dataBytes = frames * channels * format.bytes();
    long end = riffHeaderBytes + dataBytes;
    if ((dataBytes & 1) != 0) {
      channel.write(ByteBuffer.allocate(1), end);
      end++;
    }
    byte[] info = infoChunk(metadata);
    if (info.length > 0) {
      channel.write(ByteBuffer.wrap(info), end);
      end += info.length;
    }
    channel.write(int32((int) (end - 8)), 4);
    channel.write(int32((int) dataBytes), dataSizeAt);
    if (factAt >= 0) {
      channel.write(int32((int) frames), factAt);
    }
    channel.force(false);
    channel.close();
    done = true;
    AtomicFiles.moveIntoPlace(temporary, target);
  }

  /** Without a commit: discards the temporary file. After a commit: nothing. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      channel.close();
      Files.deleteIfExists(temporary);
    }
  }

  static byte[] infoChunk(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return new byte[0];
    }
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(ascii("INFO"));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      byte[] text = (e.getValue() + "\0").getBytes(StandardCharsets.UTF_8);
      body.writeBytes(ascii(e.getKey()));
      body.writeBytes(int32(text.length).array());
      body.writeBytes(text);
      if ((text.length & 1) != 0) {
        body.write(0);
      }
    }
    ByteBuffer chunk = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put(ascii("LIST")).putInt(body.size()).put(body.toByteArray());
    return chunk.array();
  }

  private static ByteBuffer int32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
