package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelFamily;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU backends (scalar and vector): one class, differing only in the {@link CpuPrimitives} their family bodies
 * are built over.
 */
public final class CpuBackend implements KernelBackend {
  private final String name;
  private final String description;
  private final CpuPrimitives primitives;
  private final ConcurrentHashMap<KernelFamily<?>, Object> families = new ConcurrentHashMap<>();
  private final AtomicLong live = new AtomicLong();

  public CpuBackend(String name, String description, CpuPrimitives primitives) {
    this.name = name;
    this.description = description;
    this.primitives = primitives;
  }

  /** The primitive seam this backend's kernel bodies are built over. */
  public CpuPrimitives primitives() {
    return primitives;
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
  public Buffer bindArray(double[] array) {
    return HostBuffer.view(array);
  }

  @Override
  public void readBack(Buffer bound, double[] array) {
    // A view of the array itself, as for float[].
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
  public <K> K kernels(KernelFamily<K> family) {
    return family.contract().cast(families.computeIfAbsent(family, f -> f.cpu(primitives)));
  }

  @Override
  public void close() {
    // Buffers own their arenas; nothing is shared to free here.
  }
}
