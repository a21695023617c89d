package io.jkernels.benchmarks;

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
 * The memory-bandwidth ceiling ({@link BandwidthCeiling}, the one every memory-bound kernel benchmark uses) on its
 * own, in the same JVM setup as the kernels: a {@code MemorySegment} copy (read n, write n floats) and the in-place
 * affine map {@code x ← a·x + b} (read and write n floats: the shape of the transport apply kernel), over 64 Mi
 * floats (256 MiB, far beyond any cache), on one thread and on all the kernels' threads. The C twin is
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

  private BandwidthCeiling ceiling;
  private AffineBody affine;

  @Setup(Level.Trial)
  public void allocate() {
    ceiling = new BandwidthCeiling(FLOATS);
    affine = AffineBody.best();
  }

  @TearDown(Level.Trial)
  public void free() {
    ceiling.close();
  }

  @Benchmark
  public void copySingleThread(Traffic traffic) {
    MemorySegment.copy(ceiling.source(), 0, ceiling.destination(), 0, BYTES);
    traffic.bytes += 2 * BYTES;
  }

  @Benchmark
  public void copyParallel(Traffic traffic) {
    ceiling.copy();
    traffic.bytes += ceiling.bytesPerPass();
  }

  /** The 1.0001 factor keeps values bounded over billions of passes (as stream.c does). */
  @Benchmark
  public void inPlaceAffineSingleThread(Traffic traffic) {
    affine.run(ceiling.source(), 0, FLOATS, 1.0001f, -0.0001f);
    traffic.bytes += 2 * BYTES;
  }

  @Benchmark
  public void inPlaceAffineParallel(Traffic traffic) {
    ceiling.inPlaceAffine();
    traffic.bytes += ceiling.bytesPerPass();
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
