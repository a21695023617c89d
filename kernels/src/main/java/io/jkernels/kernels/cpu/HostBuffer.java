package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/** A CPU buffer: an off-heap segment it owns (freed on close), or a view of a caller's float[] (nothing to free). */
public final class HostBuffer implements Buffer {
  private final MemorySegment segment;
  private final Arena arena;
  private final AtomicLong liveCounter;
  private volatile boolean closed;

  private HostBuffer(MemorySegment segment, Arena arena, AtomicLong liveCounter) {
    this.segment = segment;
    this.arena = arena;
    this.liveCounter = liveCounter;
  }

  /** Off-heap, 64-byte aligned (one cache line, one AVX-512 vector), zero-filled. */
  static HostBuffer allocate(long length, AtomicLong liveCounter) {
    Arena arena = Arena.ofShared();
    MemorySegment segment = arena.allocate(ValueLayout.JAVA_FLOAT.byteSize() * length, 64);
    liveCounter.incrementAndGet();
    return new HostBuffer(segment, arena, liveCounter);
  }

  static HostBuffer view(float[] array) {
    return new HostBuffer(MemorySegment.ofArray(array), null, null);
  }

  /** The memory; valid until close. */
  public MemorySegment segment() {
    if (closed) {
      throw new IllegalStateException("buffer is closed");
    }
    return segment;
  }

  /** Unwraps a buffer of a CPU backend; anything else is a programming error. */
  public static MemorySegment segmentOf(Buffer buffer) {
    if (buffer instanceof HostBuffer host) {
      return host.segment();
    }
    throw new IllegalArgumentException("buffer belongs to another backend: " + buffer.getClass().getSimpleName());
  }

  @Override
  public long length() {
    return segment.byteSize() / Float.BYTES;
  }

  @Override
  public void write(long offset, float[] src, int srcOffset, int count) {
    Buffer.checkRange(length(), offset, count);
    MemorySegment.copy(src, srcOffset, segment(), ValueLayout.JAVA_FLOAT, offset * Float.BYTES, count);
  }

  @Override
  public void read(long offset, float[] dst, int dstOffset, int count) {
    Buffer.checkRange(length(), offset, count);
    MemorySegment.copy(segment(), ValueLayout.JAVA_FLOAT, offset * Float.BYTES, dst, dstOffset, count);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (arena != null) {
      arena.close();
      liveCounter.decrementAndGet();
    }
  }
}
