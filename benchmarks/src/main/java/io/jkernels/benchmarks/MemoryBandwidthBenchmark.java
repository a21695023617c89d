package io.jkernels.benchmarks;

import io.jkernels.kernels.cpu.CpuParallel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bandwidth ceilings every memory-bound kernel is measured against, in the same JVM setup as the kernels:
 * a {@code MemorySegment} copy (read n, write n floats) and the in-place affine map {@code x ← a·x + b} (read and
 * write n floats: the shape of the transport apply kernel), over 64 Mi floats (256 MiB, far beyond any cache), on
 * one thread and on {@link CpuParallel}'s threads (all cores, as the kernels use them). The C twin is
 * {@code stream.c} among the anchors.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryBandwidthBenchmark {
  /** Floats per array: 64 Mi. */
  public static final long FLOATS = 64L << 20;
  private static final long BYTES = FLOATS * Float.BYTES;
  /** Parallel chunks are multiples of this many floats (64 KiB), so no two threads share a cache line. */
  private static final long GRAIN = 16L << 10;

  private Arena arena;
  private MemorySegment src;
  private MemorySegment dst;
  private AffineBody affine;

  @Setup(Level.Trial)
  public void allocate() {
    arena = Arena.ofShared();
    src = arena.allocate(BYTES, 64);
    dst = arena.allocate(BYTES, 64);
    for (long i = 0; i < FLOATS; i++) {
      src.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1.0f + (i % 7));
    }
    dst.fill((byte) 0);
    affine = AffineBody.best();
  }

  @TearDown(Level.Trial)
  public void free() {
    arena.close();
  }

  @Benchmark
  public void copySingleThread(Traffic traffic) {
    MemorySegment.copy(src, 0, dst, 0, BYTES);
    traffic.bytes += 2 * BYTES;
  }

  @Benchmark
  public void copyParallel(Traffic traffic) {
    CpuParallel.forRange(FLOATS / GRAIN, 1, (from, to) ->
        MemorySegment.copy(src, from * GRAIN * Float.BYTES, dst, from * GRAIN * Float.BYTES, (to - from) * GRAIN * Float.BYTES));
    traffic.bytes += 2 * BYTES;
  }

  /** The 1.0001 factor keeps values bounded over billions of passes (as stream.c does). */
  @Benchmark
  public void inPlaceAffineSingleThread(Traffic traffic) {
    affine.run(src, 0, FLOATS, 1.0001f, -0.0001f);
    traffic.bytes += 2 * BYTES;
  }

  @Benchmark
  public void inPlaceAffineParallel(Traffic traffic) {
    CpuParallel.forRange(FLOATS / GRAIN, 1, (from, to) -> affine.run(src, from * GRAIN, to * GRAIN, 1.0001f, -0.0001f));
    traffic.bytes += 2 * BYTES;
  }

  /** {@code x[i] ← a·x[i] + b} over float indices [from, to) of a segment. */
  interface AffineBody {
    void run(MemorySegment x, long from, long to, float a, float b);

    /** The Vector API body when the incubator module is present (it is in these forks), else a plain loop. */
    static AffineBody best() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        return new VectorAffine();
      }
      return (x, from, to, a, b) -> {
        for (long i = from; i < to; i++) {
          x.setAtIndex(ValueLayout.JAVA_FLOAT, i, a * x.getAtIndex(ValueLayout.JAVA_FLOAT, i) + b);
        }
      };
    }
  }
}
