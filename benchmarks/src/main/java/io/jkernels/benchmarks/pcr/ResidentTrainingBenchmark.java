package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.ResidentMlp;
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
 * One SGD training step of an MLP (issue 13): forward pass, mean-squared-error loss and its gradient, backward
 * pass and the update {@code θ ← θ − η g}, through the array forms (the loop of pipelines' TrainingExample: every
 * call copies its arrays in and out, the loss and the update run on the host, a new {@link Mlp} per step) against
 * the resident forms ({@link ResidentMlp} and {@link FloatArray}s: nothing moves but the loss). Both with DeepPCR
 * (Newton-PCR forward, adjoint-solve backward) and with the sequential passes, at a few (layers × width × batch)
 * points ({@link MlpShape}). Score: steps per second.
 *
 * <p>What the resident form saves: on a device backend the host↔device transfers of the array form,
 * {@code 4(L·w² + L·w) + 5·B·w + 3·L·B·w} floats per step (TrainingExample.arrayFormFloatsPerStep lists them); on
 * the CPU backends, where an array-form call binds views of the caller's arrays, no transfer at all, only the
 * allocation and copying of the states, the gradients and the cloned parameters per step. So on the CPU this
 * measures the copying; the PCIe saving needs a GPU run ({@code -p backend=cuda}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResidentTrainingBenchmark {
  @Param({"scalar", "vector"})
  public String backend;

  /** layers x width x batch. */
  @Param({"64x16x16", "256x16x16", "256x64x4"})
  public String shape;

  /** Residual blocks ({@link MlpShape#mlp}); {@code -p residual=true} runs them. */
  @Param({"false"})
  public boolean residual;

  /** Small enough that the contracting net stays contracting over the many steps a run takes. */
  private static final float LEARNING_RATE = 1e-3f;
  private static final NewtonOptions NEWTON = NewtonOptions.defaults();

  private KernelContext context;
  private Pcr pcr;
  private MlpShape point;
  private int outputs;
  private float[] inputs;
  private float[] targets;
  /** The array form's network, replaced every step. */
  private Mlp mlp;
  private ResidentMlp resident;
  private FloatArray residentInputs;
  private FloatArray residentTargets;
  private FloatArray states;
  private FloatArray outputGradient;
  private FloatArray dInputs;
  private FloatArray dWeights;
  private FloatArray dBiases;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    pcr = context.pcr();
    point = MlpShape.parse(shape);
    Random random = new Random(42);
    mlp = point.mlp(random, residual);
    inputs = point.inputs(random);
    outputs = point.batch() * point.width();
    targets = MlpShape.gaussian(random, outputs, 0.5);
    long l = point.layers();
    long w = point.width();
    resident = pcr.upload(mlp);
    residentInputs = context.upload(inputs);
    residentTargets = context.upload(targets);
    states = context.allocate(l * point.batch() * w);
    outputGradient = context.allocate(outputs);
    dInputs = context.allocate(outputs);
    dWeights = context.allocate(l * w * w);
    dBiases = context.allocate(l * w);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  /** TrainingExample's DeepPCR step through the array forms. */
  @Benchmark
  public double arrayDeepPcr() {
    DeepPcrResult r = pcr.deepPcrForward(mlp, inputs, point.batch(), NEWTON);
    return arrayStep(r.states(), true);
  }

  /** The same step through the resident forms. */
  @Benchmark
  public double residentDeepPcr() {
    pcr.deepPcrForward(resident, residentInputs, states, point.batch(), NEWTON);
    return residentStep(true);
  }

  /** The sequential forward pass and backpropagation, array forms. */
  @Benchmark
  public double arraySequential() {
    return arrayStep(pcr.sequentialForward(mlp, inputs, point.batch()), false);
  }

  /** The sequential forward pass and backpropagation, resident forms. */
  @Benchmark
  public double residentSequential() {
    pcr.sequentialForward(resident, residentInputs, states, point.batch());
    return residentStep(false);
  }

  private double arrayStep(float[] x, boolean deepPcr) {
    float[] g = new float[outputs];
    int last = (point.layers() - 1) * outputs;
    double sum = 0;
    for (int i = 0; i < outputs; i++) {
      double d = (double) x[last + i] - targets[i];
      sum += d * d;
      g[i] = (float) (2 * d / outputs);
    }
    MlpGradients grads = deepPcr ? pcr.deepPcrBackward(mlp, inputs, x, g, point.batch())
        : pcr.sequentialBackward(mlp, inputs, x, g, point.batch());
    float[] w = mlp.weights();
    float[] c = mlp.biases();
    float[] gw = grads.weights();
    float[] gc = grads.biases();
    for (int i = 0; i < w.length; i++) {
      w[i] -= LEARNING_RATE * gw[i];
    }
    for (int i = 0; i < c.length; i++) {
      c[i] -= LEARNING_RATE * gc[i];
    }
    mlp = mlp.isResidual() ? Mlp.residual(mlp.activation(), mlp.layers(), mlp.width(), w, c)
        : Mlp.of(mlp.activation(), mlp.layers(), mlp.width(), w, c);
    return sum / outputs;
  }

  private double residentStep(boolean deepPcr) {
    double loss = pcr.meanSquaredError(resident, states, residentTargets, outputGradient, point.batch());
    if (deepPcr) {
      pcr.deepPcrBackward(resident, residentInputs, states, outputGradient, dInputs, dWeights, dBiases,
          point.batch());
    } else {
      pcr.sequentialBackward(resident, residentInputs, states, outputGradient, dInputs, dWeights, dBiases,
          point.batch());
    }
    pcr.sgdUpdate(resident, dWeights, dBiases, LEARNING_RATE);
    return loss;
  }
}
