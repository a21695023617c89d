package io.jkernels.pipelines.audio;

/** What an audio stream holds: rate, channel count, length in frames (one sample per channel) and storage. */
public record AudioInfo(int sampleRate, int channels, long frames, SampleFormat format) {
  public AudioInfo {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate: expected > 0, got " + sampleRate);
    }
    if (channels <= 0) {
      throw new IllegalArgumentException("channels: expected > 0, got " + channels);
    }
    if (frames < 0) {
      throw new IllegalArgumentException("frames: expected >= 0, got " + frames);
    }
    java.util.Objects.requireNonNull(format, "format");
  }

  /** Length in seconds. */
  public double seconds() {
    return (double) frames / sampleRate;
  }
}
