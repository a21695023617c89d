package io.jkernels.benchmarks.transport;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.benchmarks.BandwidthCeiling;
import io.jkernels.benchmarks.Traffic;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
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
 * λ = 0.5, beside the {@link BandwidthCeiling} over the same size: {@code ceilingAffine} (x = a·x + b in place) and
 * {@code ceilingCopy}. Every method moves 8 bytes per float (read + write), counted in {@link Traffic} ("bytes",
 * bytes/s).
 *
 * <p>Both support modes are used in every fork before measuring ({@link #setUp} calls each a few times), so a
 * kernel whose compiled loop depends on the profile of the modes seen (one loop testing the mode inside) shows its
 * polluted speed here, as it would in an application that uses both: {@code apply} (SOURCE_RANGE) and
 * {@code applyEverywhere} measure one mode after both were seen, {@code applyAlternating} switches mode every call.
 * {@code apply} also reports {@code ceilingGBs}: the in-place ceiling measured in the same fork just
 * before each iteration (3 passes; the mean over iterations), so the ratio apply/ceiling needs no second run.
 * Give warm-up a few seconds: the first second runs before C2 has compiled the kernel.
 *
 * <p>Backends: {@code -p backend=scalar|vector|cuda}; without {@code --add-modules jdk.incubator.vector} only
 * scalar opens. The float64 sequential reference is in {@link TransportReferenceBenchmark} (a smaller size: it is
 * ~100× slower).
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
  static final long BYTES_PER_CALL = 8L * FLOATS;

  @Param({"vector", "scalar"})
  public String backend;

  private KernelContext context;
  private FloatArray x;
  private TransportMap map;

  /**
   * The in-place ceiling measured in this fork before each iteration (GB/s, not normalised), over its own
   * off-heap segments of the same size.
   */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Ceiling {
    public double ceilingGBs;
    private double measured;
    private int iterations;
    BandwidthCeiling ceiling;

    @Setup(Level.Trial)
    public void allocate(BenchmarkParams params) {
      iterations = Math.max(1, params.getMeasurement().getCount());
      ceiling = new BandwidthCeiling(FLOATS);
    }

    @Setup(Level.Iteration)
    public void measure() {
      measured = ceiling.measureInPlaceAffine(3);
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
      ceiling.close();
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
    // both modes seen before any measurement, as in an application that uses both
    for (int k = 0; k < 4; k++) {
      context.transport().apply(map, x, ROWS, 0.5f, Support.SOURCE_RANGE);
      context.transport().apply(map, x, ROWS, 0.5f, Support.EVERYWHERE);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    x.close();
    context.close();
  }

  @Benchmark
  public void apply(Traffic traffic, Ceiling ceiling) {
    context.transport().apply(map, x, ROWS, 0.5f, Support.SOURCE_RANGE);
    traffic.bytes += BYTES_PER_CALL;
    ceiling.report();
  }

  @Benchmark
  public void applyEverywhere(Traffic traffic) {
    context.transport().apply(map, x, ROWS, 0.5f, Support.EVERYWHERE);
    traffic.bytes += BYTES_PER_CALL;
  }

  /** One call in each mode per invocation (two calls' traffic): the score is pairs of calls per second. */
  @Benchmark
  public void applyAlternating(Traffic traffic) {
    context.transport().apply(map, x, ROWS, 0.5f, Support.SOURCE_RANGE);
    context.transport().apply(map, x, ROWS, 0.5f, Support.EVERYWHERE);
    traffic.bytes += 2 * BYTES_PER_CALL;
  }

  @Benchmark
  public void ceilingAffine(Traffic traffic, Ceiling ceiling) {
    ceiling.ceiling.inPlaceAffine();
    traffic.bytes += BYTES_PER_CALL;
    ceiling.report();
  }

  @Benchmark
  public void ceilingCopy(Traffic traffic, Ceiling ceiling) {
    ceiling.ceiling.copy();
    traffic.bytes += BYTES_PER_CALL;
    ceiling.report();
  }
}
