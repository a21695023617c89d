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

  @Override
  void close() throws IOException;
}
