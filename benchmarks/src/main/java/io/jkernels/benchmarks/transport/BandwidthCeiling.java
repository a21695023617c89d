package io.jkernels.benchmarks.transport;

import io.jkernels.kernels.cpu.CpuParallel;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The memory-bandwidth ceilings an in-place elementwise kernel is held to: a plain in-place scale x = a·x + b and a
 * copy over MemorySegments, split over the same threads as the kernels ({@link CpuParallel}). Both move 8 bytes per
 * float (one read, one write), as apply does.
 */
final class BandwidthCeiling {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

  private BandwidthCeiling() {}

  /** x = a·x + b in place over {@code count} floats. */
  static void scale(MemorySegment x, long count, float a, float b) {
    CpuParallel.forRange(count, 1 << 16, (from, to) -> {
      for (long i = from; i < to; i++) {
        x.setAtIndex(FLOAT, i, a * x.getAtIndex(FLOAT, i) + b);
      }
    });
  }

  /** dst = src over {@code count} floats. */
  static void copy(MemorySegment src, MemorySegment dst, long count) {
    CpuParallel.forRange(count, 1 << 16, (from, to) -> MemorySegment.copy(src, from * Float.BYTES, dst,
        from * Float.BYTES, (to - from) * Float.BYTES));
  }

  /** Best GB/s of {@code passes} timed in-place scales (counting 8 bytes per float). */
  static double measureScale(MemorySegment x, long count, int passes) {
    double best = 0;
    for (int p = 0; p < passes; p++) {
      long start = System.nanoTime();
      scale(x, count, 1f, 0f);
      long elapsed = System.nanoTime() - start;
      best = Math.max(best, 8.0 * count / elapsed);
    }
    return best;
  }
}
