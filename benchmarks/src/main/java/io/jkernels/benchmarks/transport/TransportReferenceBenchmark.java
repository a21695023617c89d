package io.jkernels.benchmarks.transport;

import io.jkernels.benchmarks.Traffic;
import io.jkernels.validation.reference.TransportReference;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float64 sequential references the kernels are held to, for scale. apply runs on 1024×4096 floats (1/16 of
 * {@link TransportApplyBenchmark}'s size: it allocates a double[] output and is single-threaded), its GB/s counted
 * on the same 8 bytes per float32 element so the numbers compare; fit runs on the same shape as
 * {@link TransportFitBenchmark} (4096 × 1024), in fits per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class TransportReferenceBenchmark {
  static final int APPLY_ROWS = 1024;
  static final int CHANNELS = 4096;
  static final long BYTES_PER_CALL = 8L * APPLY_ROWS * CHANNELS;

  private float[] x;
  private float[] omega;
  private float[] beta;
  private float[] min;
  private float[] max;
  private float[] source;
  private float[] target;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(3);
    x = TransportFitBenchmark.gaussian(random, APPLY_ROWS * CHANNELS, 0, 2);
    omega = TransportFitBenchmark.gaussian(random, CHANNELS, 0.95, 0.02);
    beta = TransportFitBenchmark.gaussian(random, CHANNELS, 0, 0.05);
    min = new float[CHANNELS];
    max = new float[CHANNELS];
    java.util.Arrays.fill(min, -4);
    java.util.Arrays.fill(max, 4);
    source = TransportFitBenchmark.gaussian(random, TransportFitBenchmark.SAMPLES * TransportFitBenchmark.CHANNELS,
        0.5, 1.5);
    target = TransportFitBenchmark.gaussian(random, TransportFitBenchmark.SAMPLES * TransportFitBenchmark.CHANNELS,
        -1, 0.7);
  }

  @Benchmark
  public double[] referenceApply(Traffic traffic) {
    traffic.bytes += BYTES_PER_CALL;
    return TransportReference.apply(omega, beta, min, max, x, APPLY_ROWS, 0.5, false);
  }

  @Benchmark
  public TransportReference.Fit referenceFit() {
    return TransportReference.fit(source, target, TransportFitBenchmark.CHANNELS);
  }
}
