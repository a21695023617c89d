package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.PcrKernels;
import io.jkernels.kernels.transport.TransportKernels;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/** The CPU backends (scalar and vector) share memory handling and differ only in their kernel sets. */
public final class CpuBackend implements KernelBackend {
  private final String name;
  private final String description;
  private final TransportKernels transport;
  private final PcrKernels pcr;
  private final AtomicLong live = new AtomicLong();

  public CpuBackend(String name, String description, TransportKernels transport, PcrKernels pcr) {
    this.name = name;
    this.description = description;
    this.transport = transport;
    this.pcr = pcr;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description + ", " + CpuParallel.threads() + " threads";
  }

  @Override
  public Buffer allocate(long length) {
    return HostBuffer.allocate(length, live);
  }

  @Override
  public Buffer bindArray(float[] array) {
    return HostBuffer.view(array);
  }

  @Override
  public void readBack(Buffer bound, float[] array) {
    // A CPU binding is a view of the array itself: the kernel already wrote there.
  }

  @Override
  public void copy(Buffer src, long srcOffset, Buffer dst, long dstOffset, long count) {
    Buffer.checkRange(src.length(), srcOffset, count);
    Buffer.checkRange(dst.length(), dstOffset, count);
    MemorySegment.copy(HostBuffer.segmentOf(src), srcOffset * Float.BYTES, HostBuffer.segmentOf(dst),
        dstOffset * Float.BYTES, count * Float.BYTES);
  }

  @Override
  public long liveBuffers() {
    return live.get();
  }

  @Override
  public TransportKernels transport() {
    return transport;
  }

  @Override
  public PcrKernels pcr() {
    return pcr;
  }

  @Override
  public void close() {
    // Buffers own their arenas; nothing is shared to free here.
  }
}
