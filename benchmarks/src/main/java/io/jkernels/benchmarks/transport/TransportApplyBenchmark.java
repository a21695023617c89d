package io.jkernels.benchmarks.transport;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Transport.apply in place on 16384×4096 floats (256 MiB, resident off-heap: what a pipeline keeps between calls),
 * λ = 0.5, SOURCE_RANGE, beside the bandwidth ceilings over the same size: {@code ceilingScale} (x = a·x + b in
 * place) and {@code ceilingCopy} (MemorySegment copy). Every method moves 8 bytes per float (read + write).
 *
 * <p>GB/s is in the secondary result {@code gigabytes} (an {@link AuxCounters} counter normalised per second, so
 * its score is GB/s). {@code apply} also reports {@code ceilingGBs}: the in-place scale ceiling measured in the same
 * fork just before each iteration (3 passes; the result is the mean over iterations), so the ratio apply/ceiling
 * needs no second run. Give warm-up a few seconds: the first second runs before C2 has compiled the kernel.
 * The primary score is calls per second (GB/s = ops/s × 0.537 for 16384×4096).
 *
 * <p>Backends: {@code -p backend=scalar|vector|cuda}; without {@code --add-modules jdk.incubator.vector} only
 * scalar opens (run {@code -p backend=scalar}: the same method with and without the Vector API module). The float64
 * sequential reference is in {@link TransportReferenceBenchmark} (a smaller size: it is ~100× slower).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class TransportApplyBenchmark {
  static final int ROWS = 16384;
  static final int CHANNELS = 4096;
  static final long FLOATS = (long) ROWS * CHANNELS;
  static final double GIGABYTES_PER_CALL = 8.0 * FLOATS / 1e9;

  @Param({"vector", "scalar"})
  public String backend;

  private KernelContext context;
  private FloatArray x;
  private TransportMap map;
  private Arena arena;
  private MemorySegment plainCopy;

  /** GB moved, normalised per second by JMH: its score is GB/s. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Traffic {
    public double gigabytes;

    @Setup(Level.Iteration)
    public void reset() {
      gigabytes = 0;
    }
  }

  /**
   * The in-place ceiling measured in this fork before each iteration (GB/s, not normalised), over its own plain
   * off-heap segment of the same size.
   */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Ceiling {
    public double ceilingGBs;
    private double measured;
    private int iterations;
    private Arena arena;
    private MemorySegment plain;

    @Setup(Level.Trial)
    public void allocate(BenchmarkParams params) {
      iterations = Math.max(1, params.getMeasurement().getCount());
      arena = Arena.ofShared();
      plain = arena.allocate(FLOATS * Float.BYTES, 64);
      SplittableRandom random = new SplittableRandom(1);
      for (long i = 0; i < FLOATS; i++) {
        plain.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) random.nextDouble(-4, 4));
      }
    }

    @Setup(Level.Iteration)
    public void measure() {
      measured = BandwidthCeiling.measureScale(plain, FLOATS, 3);
    }

    /**
     * JMH zeroes counters after the iteration's setup, so the value is stored while measuring; and it sums event
     * counters over the measurement iterations, so each reports its share: the result is the mean GB/s.
     */
    void report() {
      ceilingGBs = measured / iterations;
    }

    @TearDown(Level.Trial)
    public void free() {
      arena.close();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    SplittableRandom random = new SplittableRandom(42);
    float[] rowBlock = new float[1 << 20];
    for (int i = 0; i < rowBlock.length; i++) {
      rowBlock[i] = (float) (random.nextGaussian() * 2);
    }
    x = context.allocate(FLOATS);
    float[] host = new float[(int) FLOATS];
    for (int i = 0; i < host.length; i++) {
      host[i] = rowBlock[i & (rowBlock.length - 1)];
    }
    x.copyFrom(host);
    // ω in [0.9, 0.99]: repeated in-place calls contract towards a finite fixed point, so the data stay finite
    // and partly outside the support [-4, 4] for the whole run.
    float[] omega = new float[CHANNELS];
    float[] beta = new float[CHANNELS];
    float[] min = new float[CHANNELS];
    float[] max = new float[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      omega[c] = (float) random.nextDouble(0.9, 0.99);
      beta[c] = (float) random.nextDouble(-0.05, 0.05);
      min[c] = -4;
      max[c] = 4;
    }
    map = TransportMap.of(omega, beta, min, max);
    arena = Arena.ofShared();
    plainCopy = arena.allocate(FLOATS * Float.BYTES, 64);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    x.close();
    context.close();
    arena.close();
  }

  @Benchmark
  public void apply(Traffic traffic, Ceiling ceiling) {
    context.transport().apply(map, x, ROWS, 0.5f, Support.SOURCE_RANGE);
    traffic.gigabytes += GIGABYTES_PER_CALL;
    ceiling.report();
  }

  @Benchmark
  public void ceilingScale(Traffic traffic, Ceiling ceiling) {
    BandwidthCeiling.scale(ceiling.plain, FLOATS, 0.999f, 0.001f);
    traffic.gigabytes += GIGABYTES_PER_CALL;
    ceiling.report();
  }

  @Benchmark
  public void ceilingCopy(Traffic traffic, Ceiling ceiling) {
    BandwidthCeiling.copy(ceiling.plain, plainCopy, FLOATS);
    traffic.gigabytes += GIGABYTES_PER_CALL;
    ceiling.report();
  }
}
