package io.jkernels.benchmarks;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/**
 * First-call latency through the public float[] API: the time of the very first call in a fresh JVM (no warm-up;
 * one call per fork, several forks), at the steady benchmarks' sizes (tridiagonal 4096×512, diagonal recurrence
 * 1024×4096, apply 16384×4096), so that RESULTS.md can show it beside the steady figure. The context is opened in
 * the setup: the measured call pays class loading, interpretation and whatever the kernel allocates, not the
 * backend's discovery.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xmx4g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class FirstCallBenchmark {
  @Param({"vector"})
  public String backend;

  private KernelContext context;
  private float[] lower;
  private float[] diag;
  private float[] upper;
  private float[] rhs;
  private float[] a;
  private float[] b;
  private float[] x0;
  private float[] x;
  private TransportMap map;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    Random random = new Random(42);
    int rows = 4096 * 512;
    lower = new float[rows];
    diag = new float[rows];
    upper = new float[rows];
    rhs = new float[rows];
    for (int i = 0; i < rows; i++) {
      lower[i] = random.nextFloat() - 0.5f;
      upper[i] = random.nextFloat() - 0.5f;
      diag[i] = 2.5f + random.nextFloat();
      rhs[i] = random.nextFloat();
    }
    int elements = 1024 * 4096;
    a = new float[elements];
    b = new float[elements];
    for (int i = 0; i < elements; i++) {
      a[i] = 0.5f + 0.4f * random.nextFloat();
      b[i] = random.nextFloat() - 0.5f;
    }
    x0 = new float[4096];
    x = new float[16384 * 4096];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] omega = new float[4096];
    float[] min = new float[4096];
    float[] max = new float[4096];
    Arrays.fill(omega, 0.95f);
    Arrays.fill(min, -4);
    Arrays.fill(max, 4);
    map = TransportMap.of(omega, new float[4096], min, max);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public float[] tridiagonal() {
    return context.pcr().solveTridiagonal(lower, diag, upper, rhs, 512, 4096);
  }

  @Benchmark
  public float[] diagonalRecurrence() {
    return context.pcr().solveDiagonalRecurrence(a, b, x0, 1024, 4096);
  }

  @Benchmark
  public float[] apply() {
    context.transport().apply(map, x, 16384, 0.5f, Support.SOURCE_RANGE);
    return x;
  }
}
