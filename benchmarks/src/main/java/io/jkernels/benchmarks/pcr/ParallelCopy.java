package io.jkernels.benchmarks.pcr;

import io.jkernels.kernels.cpu.CpuParallel;
import java.lang.foreign.MemorySegment;

/**
 * The bandwidth ceiling of a memory-bound kernel: a {@code MemorySegment} copy over the same threads the CPU kernels
 * use ({@link CpuParallel}), in 64 KiB-aligned chunks so that no two threads share a cache line.
 */
final class ParallelCopy {
  private static final long CHUNK = 64L << 10;

  private ParallelCopy() {}

  static void copy(MemorySegment src, MemorySegment dst) {
    long bytes = src.byteSize();
    long chunks = (bytes + CHUNK - 1) / CHUNK;
    CpuParallel.forRange(chunks, 1, (from, to) -> {
      long start = from * CHUNK;
      long end = Math.min(bytes, to * CHUNK);
      MemorySegment.copy(src, start, dst, start, end - start);
    });
  }
}
