package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.kernels.cpu.DenseRecurrencePcr;
import java.lang.foreign.MemorySegment;
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
 * Dense block recurrence {@code x_l = A_l x_{l−1} + b_l} (A_l width×width, entries uniform with spectral norm about
 * 0.5), L = 1024 steps. Score: solves per second. Three ways:
 * <ul>
 *   <li>{@code solve}: the public {@code solveDenseRecurrence} on the backend. The CPU backends run a sweep there
 *       (O(L w²)), since PCR cannot pay for itself on 2 cores; CUDA runs PCR.</li>
 *   <li>{@code pcrAlgorithm}: the PCR algorithm itself on the CPU ({@link DenseRecurrencePcr}, the executable
 *       specification the CUDA kernels follow): ⌈log₂ L⌉ rounds of L small matrix products, O(L w³ log L) work,
 *       about w·log₂ L times the sweep's. It shows what a GPU's parallelism has to beat.</li>
 *   <li>{@code sequential}: the plain float32 loop one would write by hand, the baseline.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DenseRecurrenceBenchmark {
  static final int STEPS = 1024;

  @Param({"scalar", "vector"})
  public String backend;

  @Param({"4", "16", "64"})
  public int width;

  private KernelContext context;
  private float[] a;
  private float[] b;
  private float[] x0;
  private float[] x;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    Random random = new Random(42);
    a = new float[STEPS * width * width];
    // Entries uniform in [−s, s] have variance s²/3, and a w×w matrix of variance-σ² entries has ‖A‖₂ ≈ 2σ√w:
    // s = 0.25·√(3/w) gives ‖A_l‖₂ ≈ 0.5, so the values stay O(1) over L steps.
    float scale = (float) (0.25 * Math.sqrt(3.0 / width));
    for (int i = 0; i < a.length; i++) {
      a[i] = scale * (2 * random.nextFloat() - 1);
    }
    b = new float[STEPS * width];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextFloat() - 0.5f;
    }
    x0 = new float[width];
    x = new float[STEPS * width];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public float[] solve() {
    return context.pcr().solveDenseRecurrence(a, b, x0, STEPS, width);
  }

  @Benchmark
  public float[] pcrAlgorithm() {
    DenseRecurrencePcr.solve(MemorySegment.ofArray(a), MemorySegment.ofArray(b), MemorySegment.ofArray(x0),
        MemorySegment.ofArray(x), STEPS, 1, width);
    return x;
  }

  @Benchmark
  public float[] sequential() {
    int w = width;
    for (int l = 0; l < STEPS; l++) {
      float[] prev = l == 0 ? x0 : x;
      int p = l == 0 ? 0 : (l - 1) * w;
      for (int i = 0; i < w; i++) {
        float s = b[l * w + i];
        int row = (l * w + i) * w;
        for (int j = 0; j < w; j++) {
          s += a[row + j] * prev[p + j];
        }
        x[l * w + i] = s;
      }
    }
    return x;
  }
}
