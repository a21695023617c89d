package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
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
 * One training step through a deep residual trunk {@code x_l = x_{l−1} + tanh(W_l x_{l−1} + c_l)} (issue 13; the
 * paper's ResNet experiment, Danieli et al., NeurIPS 2023, §4.3, 7× on a GPU up to 1024 layers): the forward pass
 * and the backward pass from an output gradient, by DeepPCR ({@code deepPcrForward} + {@code deepPcrBackward}) against
 * the sequential pass and backpropagation ({@code sequentialForward} + {@code sequentialBackward}), the anchor. The
 * trunk is initialised as the training pipeline's {@code ResidualClassifier} does (branch weights of variance
 * 1/(width·L), biases zero), and the inputs are what its projection gives digits (Gaussian, variance 0.2), so
 * Newton takes the iterations it takes in training (2–4). The host part of a training step (projection, head,
 * loss, SGD update) is the same for both and left out. Score: steps per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResidualTrainingStepBenchmark {
  @Param({"scalar", "vector"})
  public String backend;

  /** layers x width x batch. */
  @Param({"1024x16x32"})
  public String shape;

  private KernelContext context;
  private MlpShape point;
  private Mlp trunk;
  private float[] inputs;
  private float[] outputGradient;
  private final NewtonOptions newton = NewtonOptions.defaults();

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    point = MlpShape.parse(shape);
    Random random = new Random(42);
    int l = point.layers();
    int w = point.width();
    trunk = Mlp.residual(Activation.TANH, l, w, MlpShape.gaussian(random, l * w * w, 1 / Math.sqrt((double) w * l)),
        new float[l * w]);
    inputs = MlpShape.gaussian(random, point.batch() * w, Math.sqrt(0.2));
    outputGradient = MlpShape.gaussian(random, point.batch() * w, 0.01);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  /** Newton-PCR forward, then one adjoint solve for the gradients. */
  @Benchmark
  public MlpGradients deepPcr() {
    DeepPcrResult forward = context.pcr().deepPcrForward(trunk, inputs, point.batch(), newton);
    if (!forward.converged()) {
      throw new IllegalStateException("Newton did not converge: residual " + forward.residual());
    }
    return context.pcr().deepPcrBackward(trunk, inputs, forward.states(), outputGradient, point.batch());
  }

  /** The anchor: the layer-by-layer forward pass and ordinary backpropagation. */
  @Benchmark
  public MlpGradients sequential() {
    float[] states = context.pcr().sequentialForward(trunk, inputs, point.batch());
    return context.pcr().sequentialBackward(trunk, inputs, states, outputGradient, point.batch());
  }
}
