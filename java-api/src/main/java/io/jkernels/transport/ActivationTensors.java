package io.jkernels.transport;

import io.jkernels.internal.Arguments;

/**
 * Transport applied to activation tensors as models produce them, on top of {@link Transport#apply}: token
 * activations [batch, tokens, channels] at every position or only the last (ml-act's {@code intervention_position}),
 * and diffusion activations [batch, channels, height, width], where ml-act transports the spatial mean of each
 * channel and adds the difference to every position. All tensors are row-major float32, transported in place; all
 * arguments are checked before anything is written ({@link NullPointerException} for null,
 * {@link IllegalArgumentException} naming the argument and the expected shape otherwise).
 */
public final class ActivationTensors {
  private ActivationTensors() {}

  /**
   * Token activations x = [batch, tokens, map.channels()]: {@link TokenPosition#ALL} is {@link Transport#apply} on
   * batch·tokens rows; {@link TokenPosition#LAST} transports row (b, tokens − 1) of every sequence b only.
   *
   * @param transport the context's transport to run on
   * @param map the map; its channel count is the last dimension of x
   * @param x [batch, tokens, channels] row-major, {@code x[(b*tokens + t)*channels + c]}; transported in place
   * @param batch sequences, ≥ 0
   * @param tokens positions per sequence, ≥ 1
   * @param strength λ, finite
   * @param support which values are transported
   * @param position which positions are transported
   * @throws NullPointerException if {@code transport}, {@code map}, {@code x}, {@code support} or {@code position}
   *     is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code tokens < 1}, {@code x} is not
   *     batch×tokens×map.channels() floats, or {@code strength} is NaN or ±∞ ({@code x} is then untouched)
   * @throws IllegalStateException if the transport's context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static void applyTokens(Transport transport, TransportMap map, float[] x, int batch, int tokens,
      float strength, Support support, TokenPosition position) {
    Arguments.notNull(transport, "transport");
    Arguments.notNull(map, "map");
    Arguments.notNull(x, "x");
    Arguments.notNull(support, "support");
    Arguments.notNull(position, "position");
    int channels = map.channels();
    requireShape(x.length, "x", "[batch, tokens, channels]", batch, tokens, channels);
    if (position == TokenPosition.ALL) {
      transport.apply(map, x, batch * tokens, strength, support);
      return;
    }
    float[] last = new float[batch * channels];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, (b * tokens + tokens - 1) * channels, last, b * channels, channels);
    }
    transport.apply(map, last, batch, strength, support); // checks strength before x is touched
    for (int b = 0; b < batch; b++) {
      System.arraycopy(last, b * channels, x, (b * tokens + tokens - 1) * channels, channels);
    }
  }

  /**
   * Diffusion activations x = [batch, channels, height, width] (ml-act's LinearOTHook on 4-D outputs): per sample b
   * and channel c, m = mean of x[b, c, :, :] (double, rounded to float32), m' = m transported as by
   * {@link Transport#apply} (the support is tested on m), and where m is transported every position becomes
   * (x − m) + m' in float32, as ml-act computes {@code output − mean + z_ot}; elsewhere x is left bit for bit.
   *
   * @param transport the context's transport to run on
   * @param map the map; its channel count is the second dimension of x
   * @param x [batch, channels, height, width] row-major, {@code x[((b*channels + c)*height + i)*width + j]};
   *     transported in place
   * @param batch images, ≥ 0
   * @param height rows per plane, ≥ 1
   * @param width columns per plane, ≥ 1
   * @param strength λ, finite
   * @param support which means are transported
   * @return the spatial means m, [batch, channels], before transport
   * @throws NullPointerException if {@code transport}, {@code map}, {@code x} or {@code support} is null (named)
   * @throws IllegalArgumentException if {@code batch < 0}, {@code height} or {@code width} is below 1, {@code x} is
   *     not batch×map.channels()×height×width floats, or {@code strength} is NaN or ±∞ ({@code x} is then untouched)
   * @throws IllegalStateException if the transport's context is closed (not checked when λ = 0)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static float[] applySpatialMean(Transport transport, TransportMap map, float[] x, int batch, int height,
      int width, float strength, Support support) {
    Arguments.notNull(transport, "transport");
    Arguments.notNull(map, "map");
    Arguments.notNull(x, "x");
    Arguments.notNull(support, "support");
    int channels = map.channels();
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("height and width must be >= 1, got " + height + "×" + width);
    }
    long plane = (long) height * width;
    requireShape(x.length, "x", "[batch, channels, height, width]", batch, channels, plane);
    float[] means = ActivationPooling.spatialMean(x, batch, channels, height, width);
    float[] moved = means.clone();
    transport.apply(map, moved, batch, strength, support);
    float[] min = map.supportMin();
    float[] max = map.supportMax();
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        float m = means[b * channels + c];
        boolean transported = Float.isFinite(m) && (support == Support.EVERYWHERE || (m >= min[c] && m <= max[c]));
        if (!transported || strength == 0f) {
          continue;
        }
        float target = moved[b * channels + c];
        int n = (int) plane;
        int base = (b * channels + c) * n;
        for (int i = base; i < base + n; i++) {
          x[i] = (x[i] - m) + target;
        }
      }
    }
    return means;
  }

  static void requireShape(long length, String name, String shape, long d0, long d1, long d2) {
    if (d0 < 0 || d1 < 1) {
      throw new IllegalArgumentException(name + " must be " + shape + " with the first dimension >= 0 and the"
          + " second >= 1, got " + d0 + ", " + d1);
    }
    if (d0 * d1 > Integer.MAX_VALUE / Math.max(1, d2) || length != d0 * d1 * d2) {
      throw new IllegalArgumentException(name + " must be " + shape + " = " + d0 + "×" + d1 + "×" + d2
          + " floats, got length " + length);
    }
  }
}
