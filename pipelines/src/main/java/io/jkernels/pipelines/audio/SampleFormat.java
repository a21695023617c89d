package io.jkernels.pipelines.audio;

/**
 * How one sample is stored in a file. PCM samples map to floats by {@code s / 2^(bits-1)} on reading and back by
 * {@code clamp(round(x · 2^(bits-1)), -2^(bits-1), 2^(bits-1) - 1)} on writing, so a value {@code k / 2^(bits-1)}
 * survives a round trip exactly and full scale is [-1, 1).
 */
public enum SampleFormat {
  /** 8-bit unsigned PCM (read only: WAV's 8-bit flavour). */
  PCM8(8, false),
  PCM16(16, false),
  PCM24(24, false),
  PCM32(32, false),
  /** IEEE 754 binary32, stored as is. */
  FLOAT32(32, true);

  private final int bits;
  private final boolean floating;

  SampleFormat(int bits, boolean floating) {
    this.bits = bits;
    this.floating = floating;
  }

  public int bits() {
    return bits;
  }

  public int bytes() {
    return bits / 8;
  }

  public boolean isFloat() {
    return floating;
  }

  /** Parses {@code pcm16|pcm24|pcm32|float32} (also {@code 16|24|32|float}), case-insensitively. */
  public static SampleFormat parse(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "pcm16", "16", "s16" -> PCM16;
      case "pcm24", "24", "s24" -> PCM24;
      case "pcm32", "32", "s32" -> PCM32;
      case "float32", "float", "f32" -> FLOAT32;
      default -> throw new IllegalArgumentException("sample format: expected pcm16, pcm24, pcm32 or float32, got '"
          + name + "'");
    };
  }
}
