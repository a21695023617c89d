package io.jkernels.transport;

import io.jkernels.internal.Arguments;

/**
 * Pooling of token activations [batch, tokens, channels] (row-major) into one row per sequence, [batch, channels],
 * the estimation samples ml-act saves ({@code act/hooks/pooling_ops.py}). A padding mask (batch×tokens,
 * {@code true} = a real token; null = every token) excludes padded positions as ml-act's NaN trick does: mean over
 * the real tokens, max/min over the real tokens, NaN ignored (a sequence with none gets −Float.MAX_VALUE / Float.MAX_VALUE, what
 * ml-act's nan_to_num gives), last = the last position whatever the mask (ml-act's {@code torch.select(-1)}).
 * Means accumulate in double and are rounded once. Bad shapes get {@link IllegalArgumentException}, null data
 * {@link NullPointerException}.
 */
public final class ActivationPooling {
  private ActivationPooling() {}

  /**
   * Mean over the real tokens; a sequence without any gets IllegalArgumentException (ml-act asserts no NaN).
   *
   * @param x token activations [batch, tokens, channels] row-major, {@code x[(b*tokens + t)*channels + c]}
   * @param batch sequences, ≥ 0
   * @param tokens positions per sequence, ≥ 1
   * @param channels channels per token, ≥ 1
   * @param mask batch×tokens, {@code true} = a real token; null = every token is real
   * @return [batch, channels] row-major, {@code out[b*channels + c]}
   * @throws NullPointerException if {@code x} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code tokens < 1}, {@code channels < 1}, {@code x} is
   *     not batch×tokens×channels floats (or that does not fit a Java array), or {@code mask} is not batch×tokens,
   *     or {@code mask} leaves a sequence without any real token
   */
  public static float[] mean(float[] x, int batch, int tokens, int channels, boolean[] mask) {
    check(x, batch, tokens, channels, mask);
    float[] out = new float[batch * channels];
    double[] sum = new double[channels];
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(sum, 0);
      int count = 0;
      for (int t = 0; t < tokens; t++) {
        if (mask != null && !mask[b * tokens + t]) {
          continue;
        }
        count++;
        int base = (b * tokens + t) * channels;
        for (int c = 0; c < channels; c++) {
          sum[c] += x[base + c];
        }
      }
      if (count == 0) {
        throw new IllegalArgumentException("mask leaves sequence " + b + " without any token; its mean is undefined");
      }
      for (int c = 0; c < channels; c++) {
        out[b * channels + c] = (float) (sum[c] / count);
      }
    }
    return out;
  }

  /**
   * Maximum over the real tokens (NaN ignored).
   *
   * @param x token activations [batch, tokens, channels] row-major, {@code x[(b*tokens + t)*channels + c]}
   * @param batch sequences, ≥ 0
   * @param tokens positions per sequence, ≥ 1
   * @param channels channels per token, ≥ 1
   * @param mask batch×tokens, {@code true} = a real token; null = every token is real
   * @return [batch, channels] row-major, {@code out[b*channels + c]}
   * @throws NullPointerException if {@code x} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code tokens < 1}, {@code channels < 1}, {@code x} is
   *     not batch×tokens×channels floats (or that does not fit a Java array), or {@code mask} is not batch×tokens
   */
  public static float[] max(float[] x, int batch, int tokens, int channels, boolean[] mask) {
    return extreme(x, batch, tokens, channels, mask, true);
  }

  /**
   * Minimum over the real tokens (NaN ignored).
   *
   * @param x token activations [batch, tokens, channels] row-major, {@code x[(b*tokens + t)*channels + c]}
   * @param batch sequences, ≥ 0
   * @param tokens positions per sequence, ≥ 1
   * @param channels channels per token, ≥ 1
   * @param mask batch×tokens, {@code true} = a real token; null = every token is real
   * @return [batch, channels] row-major, {@code out[b*channels + c]}
   * @throws NullPointerException if {@code x} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code tokens < 1}, {@code channels < 1}, {@code x} is
   *     not batch×tokens×channels floats (or that does not fit a Java array), or {@code mask} is not batch×tokens
   */
  public static float[] min(float[] x, int batch, int tokens, int channels, boolean[] mask) {
    return extreme(x, batch, tokens, channels, mask, false);
  }

  /**
   * The last position of every sequence.
   *
   * @param x token activations [batch, tokens, channels] row-major, {@code x[(b*tokens + t)*channels + c]}
   * @param batch sequences, ≥ 0
   * @param tokens positions per sequence, ≥ 1
   * @param channels channels per token, ≥ 1
   * @return [batch, channels] row-major, {@code out[b*channels + c]}
   * @throws NullPointerException if {@code x} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code tokens < 1}, {@code channels < 1}, or {@code x} is
   *     not batch×tokens×channels floats (or that does not fit a Java array)
   */
  public static float[] last(float[] x, int batch, int tokens, int channels) {
    check(x, batch, tokens, channels, null);
    float[] out = new float[batch * channels];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, (b * tokens + tokens - 1) * channels, out, b * channels, channels);
    }
    return out;
  }

  /**
   * Mean over height×width of diffusion activations [batch, channels, height, width] → [batch, channels].
   *
   * @param x activations [batch, channels, height, width] row-major, {@code x[((b*channels + c)*height + i)*width + j]}
   * @param batch images, ≥ 0
   * @param channels channels, ≥ 1
   * @param height rows per plane, ≥ 1
   * @param width columns per plane, ≥ 1
   * @return [batch, channels] row-major, {@code out[b*channels + c]}
   * @throws NullPointerException if {@code x} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code channels}, {@code height} or {@code width} is below
   *     1, or {@code x} is not batch×channels×height×width floats (or that does not fit a Java array)
   */
  public static float[] spatialMean(float[] x, int batch, int channels, int height, int width) {
    Arguments.notNull(x, "x");
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("channels, height and width must be >= 1, got " + channels + ", " + height
          + ", " + width);
    }
    long plane = (long) height * width;
    ActivationTensors.requireShape(x.length, "x", "[batch, channels, height, width]", batch, channels, plane);
    float[] out = new float[batch * channels];
    int n = (int) plane;
    for (int p = 0; p < out.length; p++) {
      // Four partial sums: one double add chain would bound the loop by the add latency, not by memory.
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int base = p * n;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += x[base + i];
        s1 += x[base + i + 1];
        s2 += x[base + i + 2];
        s3 += x[base + i + 3];
      }
      for (; i < n; i++) {
        s0 += x[base + i];
      }
      out[p] = (float) (((s0 + s1) + (s2 + s3)) / plane);
    }
    return out;
  }

  private static float[] extreme(float[] x, int batch, int tokens, int channels, boolean[] mask, boolean max) {
    check(x, batch, tokens, channels, mask);
    float[] out = new float[batch * channels];
    java.util.Arrays.fill(out, max ? -Float.MAX_VALUE : Float.MAX_VALUE);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < tokens; t++) {
        if (mask != null && !mask[b * tokens + t]) {
          continue;
        }
        int base = (b * tokens + t) * channels;
        for (int c = 0; c < channels; c++) {
          float v = x[base + c];
          if (v != v) {
            continue; // NaN is ignored, as ml-act's nan_to_num(finfo.min/max) makes it
          }
          int o = b * channels + c;
          out[o] = max ? Math.max(out[o], v) : Math.min(out[o], v);
        }
      }
    }
    return out;
  }

  private static void check(float[] x, int batch, int tokens, int channels, boolean[] mask) {
    Arguments.notNull(x, "x");
    if (channels < 1 || tokens < 1) {
      throw new IllegalArgumentException("tokens and channels must be >= 1, got " + tokens + ", " + channels);
    }
    ActivationTensors.requireShape(x.length, "x", "[batch, tokens, channels]", batch, tokens, channels);
    if (mask != null && mask.length != (long) batch * tokens) {
      throw new IllegalArgumentException("mask must be batch×tokens = " + batch + "×" + tokens + ", got length "
          + mask.length);
    }
  }
}
