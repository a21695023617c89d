package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.transport.ChannelFits;

/** The checked entries to the backend's transport fit, behind {@code LinearTransport}. Not API. */
public final class TransportFitting {
  private TransportFitting() {}

  public static ChannelFits fit(KernelContext context, float[] source, float[] target, int channels) {
    BackendContext ctx = TransportArguments.context(context);
    TransportArguments.present(source, "source", "rows×channels samples");
    TransportArguments.present(target, "target", "rows×channels samples");
    TransportArguments.requireChannels(channels);
    long sourceRows = TransportArguments.sampleRows("source", source.length, channels);
    long targetRows = TransportArguments.sampleRows("target", target.length, channels);
    TransportArguments.requireFinite("source", source, channels, 0);
    TransportArguments.requireFinite("target", target, channels, 0);
    KernelBackend kernels = ctx.kernels();
    try (Buffer a = kernels.bindArray(source); Buffer b = kernels.bindArray(target)) {
      return kernels.transport().fit(a, sourceRows, b, targetRows, channels);
    }
  }

  public static ChannelFits fit(KernelContext context, FloatArray source, FloatArray target, int channels) {
    BackendContext ctx = TransportArguments.context(context);
    Buffer a = ctx.bufferOf(TransportArguments.present(source, "source", "rows×channels samples"), "source");
    Buffer b = ctx.bufferOf(TransportArguments.present(target, "target", "rows×channels samples"), "target");
    TransportArguments.requireChannels(channels);
    long sourceRows = TransportArguments.sampleRows("source", a.length(), channels);
    long targetRows = TransportArguments.sampleRows("target", b.length(), channels);
    TransportArguments.requireFinite("source", a, a.length(), channels, 0);
    TransportArguments.requireFinite("target", b, b.length(), channels, 0);
    return ctx.kernels().transport().fit(a, sourceRows, b, targetRows, channels);
  }

  /** Fits from the first rows of two buffers already checked (the streaming estimator's data). */
  public static ChannelFits fit(BackendContext context, Buffer source, long sourceRows, Buffer target,
      long targetRows, int channels) {
    return context.kernels().transport().fit(source, sourceRows, target, targetRows, channels);
  }
}
