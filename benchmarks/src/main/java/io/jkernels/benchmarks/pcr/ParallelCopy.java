package io.jkernels.benchmarks.pcr;

import io.jkernels.kernels.cpu.CpuParallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The bandwidth ceiling of a memory-bound kernel: a {@code MemorySegment} copy over the same threads the CPU kernels
 * use ({@link CpuParallel}), in 64 KiB-aligned chunks so that no two threads share a cache line. It owns its two
 * off-heap segments, each half the bytes one copy moves (read half + write half).
 */
final class ParallelCopy implements AutoCloseable {
  private static final long CHUNK = 64L << 10;

  private final Arena arena = Arena.ofShared();
  private final MemorySegment src;
  private final MemorySegment dst;

  /** A copy that moves {@code movedBytes} bytes in all: half read, half written. */
  ParallelCopy(long movedBytes) {
    src = arena.allocate(movedBytes / 2, 64);
    dst = arena.allocate(movedBytes / 2, 64);
    src.fill((byte) 1);
  }

  void copy() {
    long bytes = src.byteSize();
    long chunks = (bytes + CHUNK - 1) / CHUNK;
    CpuParallel.forRange(chunks, 1, (from, to) -> {
      long start = from * CHUNK;
      long end = Math.min(bytes, to * CHUNK);
      MemorySegment.copy(src, start, dst, start, end - start);
    });
  }

  @Override
  public void close() {
    arena.close();
  }
}
