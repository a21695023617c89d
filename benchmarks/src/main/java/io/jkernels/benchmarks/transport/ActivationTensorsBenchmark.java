package io.jkernels.benchmarks.transport;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.ActivationPooling;
import io.jkernels.transport.ActivationTensors;
import io.jkernels.transport.GaussianTransport;
import io.jkernels.transport.Support;
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
 * The tensor forms of AcT: pooling token activations [16, 128, 768] (masked mean, max) for estimation, the 4-D
 * diffusion apply [4, 320, 64, 64] (spatial mean transported, difference added), and the Gaussian-AcT fit on
 * 4096×768 samples. Scores are operations per second; each pass reads (and for apply writes) the whole tensor, so the
 * ceiling is the memory bandwidth over 4 bytes × elements (×2 for apply).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ActivationTensorsBenchmark {
  static final int BATCH = 16;
  static final int TOKENS = 128;
  static final int CHANNELS = 768;

  @Param({"vector", "scalar"})
  public String backend;

  private KernelContext context;
  private float[] tokens;
  private boolean[] mask;
  private float[] image;
  private TransportMap imageMap;
  private float[] source;
  private float[] target;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    SplittableRandom random = new SplittableRandom(11);
    tokens = TransportFitBenchmark.gaussian(random, BATCH * TOKENS * CHANNELS, 0, 1);
    mask = new boolean[BATCH * TOKENS];
    for (int b = 0; b < BATCH; b++) {
      int length = 1 + random.nextInt(TOKENS);
      for (int t = 0; t < length; t++) {
        mask[b * TOKENS + t] = true;
      }
    }
    image = TransportFitBenchmark.gaussian(random, 4 * 320 * 64 * 64, 0, 1);
    float[] omega = new float[320];
    java.util.Arrays.fill(omega, 0.9f);
    imageMap = TransportMap.affine(omega, new float[320]);
    source = TransportFitBenchmark.gaussian(random, 4096 * CHANNELS, 0.5, 1.5);
    target = TransportFitBenchmark.gaussian(random, 4096 * CHANNELS, -1, 0.7);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public float[] maskedMeanPooling() {
    return ActivationPooling.mean(tokens, BATCH, TOKENS, CHANNELS, mask);
  }

  @Benchmark
  public float[] maxPooling() {
    return ActivationPooling.max(tokens, BATCH, TOKENS, CHANNELS, mask);
  }

  @Benchmark
  public float[] diffusionApply() {
    // ω = 0.9, β = 0 at λ = 0.5 shrinks each spatial mean towards 0: the data stays bounded over invocations.
    return ActivationTensors.applySpatialMean(context.transport(), imageMap, image, 4, 64, 64, 0.5f,
        Support.EVERYWHERE);
  }

  @Benchmark
  public TransportMap gaussianFit() {
    return GaussianTransport.fit(context, source, target, CHANNELS, GaussianTransport.DEFAULT_STD_EPS);
  }
}
