package io.jkernels.pipelines.audio;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Streams a file through a linear, time-invariant operation block by block: each block's output may run
 * {@link #tail()} frames past the block (a convolution's n + m − 1), and those tails are overlap-added into the next
 * blocks, so the result equals the operation on the whole signal. Memoryless operations (encode, rotate, decode)
 * have tail 0. Long files never sit in memory whole; progress is reported per block.
 */
public abstract class BlockFilter {
  /** Frames per block. */
  public static final int DEFAULT_BLOCK = 1 << 16;

  /** Output channels. */
  protected abstract int outputChannels();

  /** Frames each block's output runs past the block. */
  protected abstract int tail();

  /** Output of {@code in[c][0..frames)}: {@code outputChannels()} arrays of {@code frames + tail()} floats. */
  protected abstract float[][] process(float[][] in, int frames);

  /** Told after each block. */
  @FunctionalInterface
  public interface Progress {
    void update(long framesDone, long framesTotal);
  }

  /**
   * Runs {@code input} through this filter into a WAV at {@code target} (atomic), {@code block} frames at a time;
   * returns the output's frame count ({@code input frames + tail()}).
   */
  public long run(AudioReader input, java.nio.file.Path target, SampleFormat format, Map<String, String> metadata,
      int block, Progress progress) throws IOException {
    if (block < 1) {
      throw new IllegalArgumentException("block: expected >= 1, got " + block);
    }
    AudioInfo info = input.info();
    int tail = tail();
    float[][] in = new float[info.channels()][block];
    float[][] carry = new float[outputChannels()][tail];
    try (WavWriter w = WavWriter.create(target, info.sampleRate(), outputChannels(), format, metadata)) {
      long done = 0;
      int n;
      while ((n = input.read(in, block)) > 0) {
        float[][] out = process(n == block ? in : trim(in, n), n);
        for (int c = 0; c < out.length; c++) {
          for (int t = 0; t < tail; t++) {
            out[c][t] += carry[c][t];
          }
          // The part past this block waits for the next one.
          carry[c] = Arrays.copyOfRange(out[c], n, n + tail);
        }
        w.write(out, n);
        done += n;
        progress.update(done, info.frames());
      }
      w.write(carry, tail);
      w.commit();
      return w.frames();
    }
  }

  private static float[][] trim(float[][] in, int n) {
    float[][] t = new float[in.length][];
    for (int c = 0; c < in.length; c++) {
      t[c] = Arrays.copyOf(in[c], n);
    }
    return t;
  }
}
