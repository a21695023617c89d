package io.jkernels.benchmarks.ambisonics;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.validation.reference.ConvolutionReference;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The float64 direct-sum reference ({@link ConvolutionReference}, O(n·m) per response) beside the fast path on a
 * shape it can finish: 1 s at 16 kHz with one 0.1 s response (16 000 × 1 600). The ratio fast/reference at this
 * shape is what partitioning buys even for short responses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class ConvolutionReferenceBenchmark {
  @Param({"vector"})
  public String backend;

  private KernelContext context;
  private float[] signal;
  private float[] response;

  @Setup
  public void setup() {
    context = Kernels.open(Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)));
    SplittableRandom r = new SplittableRandom(2);
    signal = ConvolutionBenchmark.noise(r, 16_000, 0);
    response = ConvolutionBenchmark.noise(r, 1_600, 200);
  }

  @TearDown
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public double[] reference() {
    return ConvolutionReference.convolve(signal, response);
  }

  @Benchmark
  public float[][] convolve() {
    return context.ambisonics().convolve(signal, new float[][] {response});
  }
}
