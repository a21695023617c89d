package io.jkernels.pipelines.audio;

import java.io.IOException;
import java.util.Map;

/** A decoded audio stream read block by block, so that a long file never has to fit in memory at once. */
public interface AudioReader extends AutoCloseable {
  AudioInfo info();

  /**
   * Text metadata the file carries (WAV LIST/INFO ids such as {@code ICMT}, FLAC Vorbis comments upper-cased), in
   * file order; empty when there is none.
   */
  Map<String, String> metadata();

  /**
   * Reads up to {@code maxFrames} frames into {@code out[c][0..]} (one array per channel, each at least
   * {@code maxFrames} long) and returns how many it read: fewer only at the end, 0 at the end.
   */
  int read(float[][] out, int maxFrames) throws IOException;

  /** The checks every {@link #read} makes before it writes anything: one array of ≥ maxFrames floats per channel. */
  static void checkReadTarget(float[][] out, int maxFrames, int channels) {
    java.util.Objects.requireNonNull(out, "out");
    if (out.length < channels || maxFrames < 0) {
      throw new IllegalArgumentException("out: expected " + channels + " channel arrays and maxFrames >= 0");
    }
    for (int c = 0; c < channels; c++) {
      if (out[c] == null || out[c].length < maxFrames) {
        throw new IllegalArgumentException("out[" + c + "]: expected at least " + maxFrames + " floats");
      }
    }
  }

  @Override
  void close() throws IOException;
}
