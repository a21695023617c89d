package io.jkernels.kernels.vector;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.TransportKernels;

/** Transport family on the CPU (vector). PLACEHOLDER: being written (issue 2). */
public final class VectorTransportKernels implements TransportKernels {
  @Override
  public void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
    throw new UnsupportedOperationException("not yet written");
  }

  @Override
  public ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    throw new UnsupportedOperationException("not yet written");
  }
}
