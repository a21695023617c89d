package io.jkernels.benchmarks;

import io.jkernels.kernels.cpu.CpuParallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one memory-bandwidth ceiling every memory-bound kernel benchmark is held to, so that kernel/ceiling ratios
 * compare across families: over two off-heap segments it owns, a {@code MemorySegment} copy and the in-place affine
 * map {@code x ← a·x + b} (the shape of the transport apply), each on {@link CpuParallel}'s threads (as the kernels
 * use them) in 64 KiB chunks so that no two threads share a cache line. Both move 8 bytes per float of one segment
 * (read 4 + write 4); a benchmark sizes the ceiling by the bytes its kernel must move ({@link #forTraffic}) and
 * counts them in {@link Traffic}. The C twin is {@code stream.c} among the anchors.
 */
public final class BandwidthCeiling implements AutoCloseable {
  /** Floats per parallel chunk: 64 KiB. */
  private static final long CHUNK = 16L << 10;

  private final Arena arena = Arena.ofShared();
  private final MemorySegment src;
  private final MemorySegment dst;
  private final long floats;
  private final MemoryBandwidthBenchmark.AffineBody affine = MemoryBandwidthBenchmark.AffineBody.best();

  /** A ceiling over two segments of {@code floats} floats each (one pass moves 8·floats bytes). */
  public BandwidthCeiling(long floats) {
    this.floats = floats;
    src = arena.allocate(floats * Float.BYTES, 64);
    dst = arena.allocate(floats * Float.BYTES, 64);
    for (long i = 0; i < floats; i++) {
      src.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1.0f + (i % 7));
    }
    dst.fill((byte) 0);
  }

  /** A ceiling whose one pass moves {@code bytes} bytes (read half, write half), as a kernel's traffic count. */
  public static BandwidthCeiling forTraffic(long bytes) {
    return new BandwidthCeiling(Math.max(1, bytes / (2L * Float.BYTES)));
  }

  /** Bytes one pass of either ceiling moves. */
  public long bytesPerPass() {
    return 2L * Float.BYTES * floats;
  }

  /** The source segment (for the single-thread variants of {@link MemoryBandwidthBenchmark}). */
  MemorySegment source() {
    return src;
  }

  MemorySegment destination() {
    return dst;
  }

  /** dst ← src, in parallel. */
  public void copy() {
    long bytes = floats * Float.BYTES;
    long chunkBytes = CHUNK * Float.BYTES;
    CpuParallel.forRange((bytes + chunkBytes - 1) / chunkBytes, 1, (from, to) -> {
      long start = from * chunkBytes;
      long end = Math.min(bytes, to * chunkBytes);
      MemorySegment.copy(src, start, dst, start, end - start);
    });
  }

  /**
   * src ← a·src + b in place, in parallel. The default 1.0001, −0.0001 keeps values bounded over billions of
   * passes (as stream.c does).
   */
  public void inPlaceAffine() {
    CpuParallel.forRange((floats + CHUNK - 1) / CHUNK, 1,
        (from, to) -> affine.run(src, from * CHUNK, Math.min(floats, to * CHUNK), 1.0001f, -0.0001f));
  }

  /**
   * GB/s of {@code passes} timed in-place affine passes after one untimed pass: the mean, as JMH's throughput
   * score is, so the ratio to a kernel's score measured in the same fork is fair.
   */
  public double measureInPlaceAffine(int passes) {
    inPlaceAffine();
    long start = System.nanoTime();
    for (int p = 0; p < passes; p++) {
      inPlaceAffine();
    }
    return (double) bytesPerPass() * passes / (System.nanoTime() - start);
  }

  @Override
  public void close() {
    arena.close();
  }
}
