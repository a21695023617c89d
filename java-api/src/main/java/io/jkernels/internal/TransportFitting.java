package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.transport.TransportMap;

/** The checked entries to the backend's transport fit, behind {@code LinearTransport}. Not API. */
public final class TransportFitting {
  private TransportFitting() {}

  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels) {
    BackendContext ctx = TransportArguments.context(context);
    Arguments.notNull(source, "source");
    Arguments.notNull(target, "target");
    TransportArguments.requireChannels(channels);
    long sourceRows = TransportArguments.sampleRows("source", source.length, channels);
    long targetRows = TransportArguments.sampleRows("target", target.length, channels);
    TransportArguments.requireFinite("source", source, channels, 0);
    TransportArguments.requireFinite("target", target, channels, 0);
    KernelBackend kernels = ctx.kernels();
    try (Buffer a = kernels.bindArray(source); Buffer b = kernels.bindArray(target)) {
      return map(kernels.transport().fit(a, sourceRows, b, targetRows, channels));
    }
  }

  public static TransportMap fit(KernelContext context, FloatArray source, FloatArray target, int channels) {
    BackendContext ctx = TransportArguments.context(context);
    Buffer a = ctx.bufferOf(Arguments.notNull(source, "source"), "source");
    Buffer b = ctx.bufferOf(Arguments.notNull(target, "target"), "target");
    TransportArguments.requireChannels(channels);
    long sourceRows = TransportArguments.sampleRows("source", a.length(), channels);
    long targetRows = TransportArguments.sampleRows("target", b.length(), channels);
    TransportArguments.requireFinite("source", a, a.length(), channels, 0);
    TransportArguments.requireFinite("target", b, b.length(), channels, 0);
    return map(ctx.kernels().transport().fit(a, sourceRows, b, targetRows, channels));
  }

  /** Fits from the first rows of two buffers already checked (the streaming estimator's data). */
  static TransportMap fit(BackendContext context, Buffer source, long sourceRows, Buffer target, long targetRows,
      int channels) {
    return map(context.kernels().transport().fit(source, sourceRows, target, targetRows, channels));
  }

  /** A fitted map: ω and β rounded to float32 (ArithmeticException naming the channel if one overflows). */
  static TransportMap map(ChannelFits fits) {
    int channels = fits.omega().length;
    float[] omega = new float[channels];
    float[] beta = new float[channels];
    int count = 0;
    for (int c = 0; c < channels; c++) {
      omega[c] = (float) fits.omega()[c];
      beta[c] = (float) fits.beta()[c];
      if (!Float.isFinite(omega[c]) || !Float.isFinite(beta[c])) {
        throw new ArithmeticException("channel " + c + ": the fitted map overflows float32 (omega="
            + fits.omega()[c] + ", beta=" + fits.beta()[c] + "); the source has almost no variance there");
      }
      if (fits.degenerate()[c]) {
        count++;
      }
    }
    int[] degenerate = new int[count];
    for (int c = 0, k = 0; c < channels; c++) {
      if (fits.degenerate()[c]) {
        degenerate[k++] = c;
      }
    }
    return TransportMap.of(omega, beta, fits.sourceMin(), fits.sourceMax(), degenerate, fits.quantiles());
  }
}
