package io.jkernels.kernels.scalar;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cpu.CpuParallel;
import io.jkernels.kernels.cpu.CpuTransportFit;
import io.jkernels.kernels.cpu.CpuTransportParams;
import io.jkernels.kernels.cpu.HostBuffer;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.TransportKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Transport family on the CPU, plain float32 loops (the always-available backend). */
public final class ScalarTransportKernels implements TransportKernels {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

  @Override
  public void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
    MemorySegment data = HostBuffer.segmentOf(x);
    Buffer.checkRange(x.length(), 0, rows * channels);
    CpuTransportParams p = CpuTransportParams.of(omega, beta, supportMin, supportMax, channels, 1);
    CpuParallel.forRange(rows, CpuTransportParams.rowGrain(channels),
        (from, to) -> applyRows(data, from, to, channels, p, strength, everywhere));
  }

  private static void applyRows(MemorySegment data, long from, long to, int channels, CpuTransportParams p,
      float strength, boolean everywhere) {
    for (long r = from; r < to; r++) {
      long base = r * channels;
      for (int c = 0; c < channels; c++) {
        long i = base + c;
        data.setAtIndex(FLOAT, i, p.transport(data.getAtIndex(FLOAT, i), c, strength, everywhere));
      }
    }
  }

  @Override
  public ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    return CpuTransportFit.fit(source, sourceRows, target, targetRows, channels);
  }
}
