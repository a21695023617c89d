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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Batched tridiagonal solve, 4096 systems × 512 rows (the anchor's size and data: off-diagonals uniform in
 * [−0.5, 0.5), diagonal in [2.5, 3.5), so every system is diagonally dominant and takes the fast path). Score: rows
 * per second. {@code solve} is the array form (it copies in and out: what a caller of the array API pays),
 * {@code solveResident} the resident form on arrays uploaded once (the kernel alone, the number to hold against the
 * C anchors), {@code solveInto} the caller-output form (no result allocated). Beside them, in the same fork and at
 * the same size: the float64 sequential reference (Thomas, one system at a time, {@link PcrReference#thomas}) and
 * the {@link BandwidthCeiling} copy sized to the 5 floats per row a solve must move (4 read, 1 written).
 * {@code solveInto64} is the float64 twin's caller-output form on the same data widened (issue 13; bytes: 5 doubles
 * per row), beside the float32 {@code solveInto} and the float64 reference.
 * Anchors: {@code anchor_metrics.c tridiagonal} (interleaved Thomas in C, LAPACK sgtsv per system), M rows/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TridiagonalBenchmark {
  static final int SYSTEMS = 4096;
  static final int SIZE = 512;
  static final int ROWS = SYSTEMS * SIZE;
  /** Minimal traffic of one solve: four coefficient arrays read, the solution written. */
  static final long SOLVE_BYTES = 5L * ROWS * Float.BYTES;

  /** The backend under test (the reference and the ceiling ignore it; they carry it so reports pair them). */
  @Param({"scalar", "vector"})
  public String backend;

  private KernelContext context;
  private float[] lower;
  private float[] diag;
  private float[] upper;
  private float[] rhs;
  private double[] lower64;
  private double[] diag64;
  private double[] upper64;
  private double[] rhs64;
  private FloatArray lowerResident;
  private FloatArray diagResident;
  private FloatArray upperResident;
  private FloatArray rhsResident;
  private FloatArray xResident;
  private float[] out;
  private double[] out64;
  private BandwidthCeiling ceiling;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    Random random = new Random(42);
    lower = new float[ROWS];
    diag = new float[ROWS];
    upper = new float[ROWS];
    rhs = new float[ROWS];
    for (int i = 0; i < ROWS; i++) {
      lower[i] = random.nextFloat() - 0.5f;
      upper[i] = random.nextFloat() - 0.5f;
      diag[i] = 2.5f + random.nextFloat();
      rhs[i] = random.nextFloat();
    }
    lower64 = widen(lower);
    diag64 = widen(diag);
    upper64 = widen(upper);
    rhs64 = widen(rhs);
    lowerResident = context.upload(lower);
    diagResident = context.upload(diag);
    upperResident = context.upload(upper);
    rhsResident = context.upload(rhs);
    xResident = context.allocate(ROWS);
    out = new float[ROWS];
    out64 = new double[ROWS];
    ceiling = BandwidthCeiling.forTraffic(SOLVE_BYTES);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (FloatArray array : new FloatArray[] {lowerResident, diagResident, upperResident, rhsResident, xResident}) {
      array.close();
    }
    context.close();
    ceiling.close();
  }

  static double[] widen(float[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    return y;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float[] solve(Traffic traffic) {
    traffic.bytes += SOLVE_BYTES;
    return context.pcr().solveTridiagonal(lower, diag, upper, rhs, SIZE, SYSTEMS);
  }

  /** The caller-output form (BLAS-style): the same solve, no 8 MiB result allocated per call. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float[] solveInto(Traffic traffic) {
    traffic.bytes += SOLVE_BYTES;
    context.pcr().solveTridiagonal(lower, diag, upper, rhs, SIZE, SYSTEMS, out);
    return out;
  }

  /** The float64 twin, caller-output form: the same systems in double, 5 doubles per row of traffic. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] solveInto64(Traffic traffic) {
    traffic.bytes += 2 * SOLVE_BYTES;
    context.pcr().solveTridiagonal(lower64, diag64, upper64, rhs64, SIZE, SYSTEMS, out64);
    return out64;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void solveResident(Traffic traffic) {
    context.pcr().solveTridiagonal(lowerResident, diagResident, upperResident, rhsResident, xResident, SIZE, SYSTEMS);
    traffic.bytes += SOLVE_BYTES;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void referenceFloat64(Blackhole bh) {
    for (int s = 0; s < SYSTEMS; s++) {
      bh.consume(PcrReference.thomas(lower64, diag64, upper64, rhs64, SIZE, s));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ceilingCopy(Traffic traffic) {
    ceiling.copy();
    traffic.bytes += SOLVE_BYTES;
  }
}
