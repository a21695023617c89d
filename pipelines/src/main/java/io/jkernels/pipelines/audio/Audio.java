package io.jkernels.pipelines.audio;

import java.util.Objects;

/**
 * A whole signal in memory, planar like the library's B-format: channel {@code c} frame {@code t} at
 * {@code samples[c * frames + t]}.
 */
public record Audio(int sampleRate, int channels, int frames, float[] samples) {
  public Audio {
    Objects.requireNonNull(samples, "samples");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate: expected > 0, got " + sampleRate);
    }
    if (channels <= 0 || frames < 0) {
      throw new IllegalArgumentException("channels × frames: expected > 0 × >= 0, got " + channels + " × " + frames);
    }
    if ((long) channels * frames != samples.length) {
      throw new IllegalArgumentException("samples: expected channels*frames = " + (long) channels * frames
          + " values, got " + samples.length);
    }
  }

  /** One channel as a fresh mono signal. */
  public Audio channel(int c) {
    Objects.checkIndex(c, channels);
    float[] one = new float[frames];
    System.arraycopy(samples, c * frames, one, 0, frames);
    return new Audio(sampleRate, 1, frames, one);
  }

  /** A copy of channel {@code c}. */
  public float[] channelSamples(int c) {
    return channel(c).samples;
  }

  /** Builds a planar signal from per-channel arrays of equal length. */
  public static Audio ofChannels(int sampleRate, float[]... channels) {
    Objects.requireNonNull(channels, "channels");
    if (channels.length == 0) {
      throw new IllegalArgumentException("channels: expected at least one");
    }
    int n = channels[0].length;
    float[] planar = new float[Math.multiplyExact(channels.length, n)];
    for (int c = 0; c < channels.length; c++) {
      if (channels[c].length != n) {
        throw new IllegalArgumentException("channels[" + c + "]: expected " + n + " frames, got " + channels[c].length);
      }
      System.arraycopy(channels[c], 0, planar, c * n, n);
    }
    return new Audio(sampleRate, channels.length, n, planar);
  }
}
