package io.jkernels.internal.ambisonics;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.BinauralDecoder;
import io.jkernels.ambisonics.Hrtf;
import io.jkernels.internal.BackendContext;

/**
 * The convolution and binaural operations of {@link Ambisonics} on a backend context; {@code BackendAmbisonics}
 * (encoding, rotation, decoding) delegates them here.
 */
public final class ConvolutionAmbisonics {
  private final BackendContext context;

  public ConvolutionAmbisonics(BackendContext context) {
    this.context = context;
  }

  public float[][] convolve(float[] signal, float[][] impulseResponses) {
    return Convolver.convolve(context, signal, impulseResponses);
  }

  public float[][] binaural(Hrtf hrtf, float[] bformat, int order) {
    return BinauralRenderer.render(context, hrtf, bformat, order);
  }

  public float[][] binaural(BinauralDecoder decoder, float[] bformat) {
    return BinauralRenderer.render(context, decoder, bformat);
  }
}
