package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.TransportKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The transport family on the CPU. {@code fit} is {@link CpuTransportFit} on every CPU backend (its cost is the
 * JDK's already-vectorised sort); {@code apply} is one fused in-place pass whose vector form
 * ({@code io.jkernels.kernels.vector.VectorTransportApply}) tiles rows into whole vectors, a loop shape of its own,
 * so it is a vector-only body; the scalar body is {@link #SCALAR_APPLY}.
 */
public final class CpuTransportKernels implements TransportKernels {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

  /** {@link TransportKernels#apply} on a CPU backend's buffers. */
  @FunctionalInterface
  public interface Apply {
    void apply(MemorySegment data, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
        Buffer supportMax, float strength, boolean everywhere);
  }

  /** Plain float32 loops, row by row. */
  public static final Apply SCALAR_APPLY = (data, rows, channels, omega, beta, min, max, strength, everywhere) -> {
    CpuTransportParams p = CpuTransportParams.of(omega, beta, min, max, channels, 1);
    CpuParallel.forRange(rows, CpuTransportParams.rowGrain(channels), (from, to) -> {
      for (long r = from; r < to; r++) {
        long base = r * channels;
        for (int c = 0; c < channels; c++) {
          long i = base + c;
          data.setAtIndex(FLOAT, i, p.transport(data.getAtIndex(FLOAT, i), c, strength, everywhere));
        }
      }
    });
  };

  private final Apply apply;

  public CpuTransportKernels(Apply apply) {
    this.apply = apply;
  }

  @Override
  public void apply(Buffer x, long rows, int channels, Buffer omega, Buffer beta, Buffer supportMin,
      Buffer supportMax, float strength, boolean everywhere) {
    MemorySegment data = HostBuffer.segmentOf(x);
    Buffer.checkRange(x.length(), 0, rows * channels);
    apply.apply(data, rows, channels, omega, beta, supportMin, supportMax, strength, everywhere);
  }

  @Override
  public ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    return CpuTransportFit.fit(source, sourceRows, target, targetRows, channels);
  }
}
