package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.benchmarks.BandwidthCeiling;
import io.jkernels.benchmarks.Traffic;
import io.jkernels.validation.reference.PcrReference;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diagonal linear recurrence {@code x_l = a_l ⊙ x_{l−1} + b_l}, L = 1024 steps × width 4096 (the anchor's size and
 * data: a uniform in [0.5, 0.9), b in [−0.5, 0.5)). Score: elements per second; the "bytes" secondary result counts
 * 16 bytes per element as {@code anchor_metrics.c recurrence} does (a, b and x_{l−1} read, x_l written), so
 * bytes/s ÷ 1e9 is its GB/s. {@code solve} is the allocating array form, {@code solveInto} the caller-output form
 * (the number to hold against the C anchor, which reuses its x), {@code solveResident} the resident form on arrays
 * uploaded once. Beside them: the adjoint (backward) sweep, the plain float32 sequential loop (one thread, what one
 * would write by hand; the C anchor splits the width over 2 threads) and the {@link BandwidthCeiling} copy sized to
 * the same 16 bytes per element. Float64 (issue 13): {@code solveInto64}, the twin's caller-output form on the same
 * data widened (32 bytes per element), beside {@code referenceFloat64}, the float64 sequential reference
 * ({@link PcrReference#diagonalRecurrence}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DiagonalRecurrenceBenchmark {
  static final int STEPS = 1024;
  static final int WIDTH = 4096;
  static final int ELEMENTS = STEPS * WIDTH;
  static final long BYTES = 16L * ELEMENTS;

  /** The backend under test (the loop and the ceiling ignore it; they carry it so reports pair them). */
  @Param({"scalar", "vector"})
  public String backend;

  private KernelContext context;
  private float[] a;
  private float[] b;
  private float[] x0;
  private float[] x;
  private FloatArray aResident;
  private FloatArray bResident;
  private FloatArray x0Resident;
  private FloatArray xResident;
  private float[] out;
  private double[] a64;
  private double[] b64;
  private double[] x064;
  private double[] out64;
  private BandwidthCeiling ceiling;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    Random random = new Random(42);
    a = new float[ELEMENTS];
    b = new float[ELEMENTS];
    for (int i = 0; i < ELEMENTS; i++) {
      a[i] = 0.5f + 0.4f * random.nextFloat();
      b[i] = random.nextFloat() - 0.5f;
    }
    x0 = new float[WIDTH];
    x = new float[ELEMENTS];
    aResident = context.upload(a);
    bResident = context.upload(b);
    x0Resident = context.upload(x0);
    xResident = context.allocate(ELEMENTS);
    out = new float[ELEMENTS];
    a64 = TridiagonalBenchmark.widen(a);
    b64 = TridiagonalBenchmark.widen(b);
    x064 = TridiagonalBenchmark.widen(x0);
    out64 = new double[ELEMENTS];
    ceiling = BandwidthCeiling.forTraffic(BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (FloatArray array : new FloatArray[] {aResident, bResident, x0Resident, xResident}) {
      array.close();
    }
    context.close();
    ceiling.close();
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] solve(Traffic traffic) {
    traffic.bytes += BYTES;
    return context.pcr().solveDiagonalRecurrence(a, b, x0, STEPS, WIDTH);
  }

  /** The caller-output form (BLAS-style): the same solve, no 16 MiB result allocated and zeroed per call. */
  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] solveInto(Traffic traffic) {
    traffic.bytes += BYTES;
    context.pcr().solveDiagonalRecurrence(a, b, x0, STEPS, WIDTH, out);
    return out;
  }

  /** The float64 twin, caller-output form: the same recurrence in double, 32 bytes per element. */
  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double[] solveInto64(Traffic traffic) {
    traffic.bytes += 2 * BYTES;
    context.pcr().solveDiagonalRecurrence(a64, b64, x064, STEPS, WIDTH, out64);
    return out64;
  }

  /** The float64 sequential reference (plain loops, one thread, allocating its result). */
  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public double[] referenceFloat64(Traffic traffic) {
    traffic.bytes += 2 * BYTES;
    return PcrReference.diagonalRecurrence(a64, b64, x064, STEPS, WIDTH);
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public void solveResident(Traffic traffic) {
    context.pcr().solveDiagonalRecurrence(aResident, bResident, x0Resident, xResident, STEPS, WIDTH);
    traffic.bytes += BYTES;
  }

  /** y_{L−1} = g_{L−1}, y_l = g_l + a_{l+1} ⊙ y_{l+1} with g = b: the same traffic. */
  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] solveAdjoint(Traffic traffic) {
    traffic.bytes += BYTES;
    return context.pcr().solveDiagonalRecurrenceAdjoint(a, b, STEPS, WIDTH);
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] sequentialLoop(Traffic traffic) {
    for (int j = 0; j < WIDTH; j++) {
      x[j] = a[j] * x0[j] + b[j];
    }
    for (int l = 1; l < STEPS; l++) {
      int o = l * WIDTH;
      int p = o - WIDTH;
      for (int j = 0; j < WIDTH; j++) {
        x[o + j] = a[o + j] * x[p + j] + b[o + j];
      }
    }
    traffic.bytes += BYTES;
    return x;
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public void ceilingCopy(Traffic traffic) {
    ceiling.copy();
    traffic.bytes += BYTES;
  }
}
