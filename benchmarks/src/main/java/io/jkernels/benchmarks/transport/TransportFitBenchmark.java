package io.jkernels.benchmarks.transport;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.TransportMap;
import java.util.SplittableRandom;
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
 * LinearTransport.fit on 4096 source and 4096 target samples × 1024 channels (float[] inputs, as a user calls it):
 * the score is fits per second. The target compares it with numpy's sort-and-least-squares on the same
 * shape (np.sort along the sample axis of both, then the centred sums), measured separately.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class TransportFitBenchmark {
  static final int SAMPLES = 4096;
  static final int CHANNELS = 1024;

  @Param({"vector", "scalar"})
  public String backend;

  private KernelContext context;
  private float[] source;
  private float[] target;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    SplittableRandom random = new SplittableRandom(7);
    source = gaussian(random, SAMPLES * CHANNELS, 0.5, 1.5);
    target = gaussian(random, SAMPLES * CHANNELS, -1, 0.7);
  }

  static float[] gaussian(SplittableRandom random, int n, double mean, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (mean + scale * random.nextGaussian());
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public TransportMap fit() {
    return LinearTransport.fit(context, source, target, CHANNELS);
  }
}
