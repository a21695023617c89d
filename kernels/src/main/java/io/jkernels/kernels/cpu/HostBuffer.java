package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelException;
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

  /**
   * Off-heap, 64-byte aligned (one cache line, one AVX-512 vector), zero-filled. A length beyond the host's
   * physical memory is an {@link IllegalArgumentException} naming both (as the CUDA backend names its limit), and
   * an allocation the operating system refuses a {@link KernelException}: never an {@code OutOfMemoryError} or a
   * negative byte count.
   */
  static HostBuffer allocate(long length, AtomicLong liveCounter) {
    long limit = maxLength();
    if (length < 0 || length > limit) {
      throw new IllegalArgumentException("length must be in [0, " + limit + "] floats (the host's physical memory, "
          + PHYSICAL_MEMORY / (1L << 20) + " MiB), got " + length);
    }
    Arena arena = Arena.ofShared();
    MemorySegment segment;
    try {
      segment = arena.allocate(ValueLayout.JAVA_FLOAT.byteSize() * length, 64);
    } catch (OutOfMemoryError | IllegalArgumentException e) {
      arena.close();
      throw new KernelException("could not allocate " + length + " floats (" + length * Float.BYTES
          + " bytes) off-heap: " + e.getMessage(), e);
    }
    liveCounter.incrementAndGet();
    return new HostBuffer(segment, arena, liveCounter);
  }

  /** The most floats one CPU buffer may hold: the host's physical memory (a larger request cannot succeed). */
  static long maxLength() {
    return PHYSICAL_MEMORY / Float.BYTES;
  }

  private static final long PHYSICAL_MEMORY = physicalMemory();

  private static long physicalMemory() {
    try {
      if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
        return os.getTotalMemorySize();
      }
    } catch (RuntimeException | LinkageError e) {
      // no jdk.management here: fall back to the largest byte count a segment can have
    }
    return Long.MAX_VALUE;
  }

  static HostBuffer view(float[] array) {
    return new HostBuffer(MemorySegment.ofArray(array), null, null);
  }

  /** A view of a double[]: 2·length floats (see {@link Buffer#writeDoubles}); nothing to free. */
  static HostBuffer view(double[] array) {
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
  public void writeDoubles(long offset, double[] src, int srcOffset, int count) {
    Buffer.checkRange(length() / 2, offset, count);
    MemorySegment.copy(src, srcOffset, segment(), ValueLayout.JAVA_DOUBLE_UNALIGNED, offset * Double.BYTES, count);
  }

  @Override
  public void readDoubles(long offset, double[] dst, int dstOffset, int count) {
    Buffer.checkRange(length() / 2, offset, count);
    MemorySegment.copy(segment(), ValueLayout.JAVA_DOUBLE_UNALIGNED, offset * Double.BYTES, dst, dstOffset, count);
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
