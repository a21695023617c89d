package io.jkernels.internal.ambisonics;

import io.jkernels.ambisonics.BinauralDecoder;
import io.jkernels.ambisonics.Hrtf;
import io.jkernels.internal.Arguments;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.KernelBackend;
import java.util.Arrays;

/**
 * {@code Ambisonics.binaural} on a backend context: per B-format channel one convolution with its two SH-domain
 * filters (the channel's spectrum shared by both ears), summed per ear: (N+1)² convolutions per ear.
 */
public final class BinauralRenderer {
  private BinauralRenderer() {}

  public static float[][] render(BackendContext context, Hrtf hrtf, float[] bformat, int order) {
    Arguments.notNull(hrtf, "hrtf");
    Arguments.notNull(bformat, "bformat");
    if (order < 0) {
      throw new IllegalArgumentException("order must be >= 0, got " + order);
    }
    checkBformat(bformat, (order + 1) * (order + 1));
    return render(context, BinauralDecoder.magLs(hrtf, order), bformat);
  }

  public static float[][] render(BackendContext context, BinauralDecoder decoder, float[] bformat) {
    Arguments.notNull(decoder, "decoder");
    Arguments.notNull(bformat, "bformat");
    int channels = decoder.channels();
    int samples = checkBformat(bformat, channels);
    KernelBackend kernels = context.kernels();
    int taps = decoder.length();
    float[] left = new float[samples + taps - 1];
    float[] right = new float[samples + taps - 1];
    for (int c = 0; c < channels; c++) {
      float[] channel = Arrays.copyOfRange(bformat, c * samples, (c + 1) * samples);
      float[][] ears = Convolver.run(kernels, channel, new float[][] {decoder.left(c), decoder.right(c)}, taps);
      for (int t = 0; t < left.length; t++) {
        left[t] += ears[0][t];
        right[t] += ears[1][t];
      }
    }
    return new float[][] {left, right};
  }

  /** Samples per channel T ≥ 1 of a planar B-format of {@code channels} channels; checks finiteness. */
  private static int checkBformat(float[] bformat, int channels) {
    if (bformat.length == 0 || bformat.length % channels != 0) {
      throw new IllegalArgumentException("bformat has length " + bformat.length + ", expected (N+1)²·T = "
          + channels + "·T with T >= 1");
    }
    Arguments.finite(bformat, "bformat");
    return bformat.length / channels;
  }
}
