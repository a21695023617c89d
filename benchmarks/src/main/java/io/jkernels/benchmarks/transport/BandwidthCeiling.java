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

  /**
   * GB/s of {@code passes} timed in-place scales after one untimed pass (counting 8 bytes per float): the mean, as
   * JMH's throughput score is, so the ratio to a kernel's score is fair.
   */
  static double measureScale(MemorySegment x, long count, int passes) {
    scale(x, count, 1f, 0f);
    long start = System.nanoTime();
    for (int p = 0; p < passes; p++) {
      scale(x, count, 1f, 0f);
    }
    return 8.0 * count * passes / (System.nanoTime() - start);
  }
}
