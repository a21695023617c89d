package io.jkernels.internal.ambisonics;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.BinauralDecoder;
import io.jkernels.ambisonics.Hrtf;
import io.jkernels.internal.BackendContext;

/**
 * {@link Ambisonics} on a backend context, for the convolution and binaural operations (the encoding, rotation
 * and decoding operations join it in the family's full implementation).
 */
public final class ConvolutionAmbisonics implements Ambisonics {
  private final BackendContext context;

  public ConvolutionAmbisonics(BackendContext context) {
    this.context = context;
  }

  @Override
  public float[][] convolve(float[] signal, float[][] impulseResponses) {
    return Convolver.convolve(context, signal, impulseResponses);
  }

  @Override
  public float[][] binaural(Hrtf hrtf, float[] bformat, int order) {
    return BinauralRenderer.render(context, hrtf, bformat, order);
  }

  @Override
  public float[][] binaural(BinauralDecoder decoder, float[] bformat) {
    return BinauralRenderer.render(context, decoder, bformat);
  }
}
