package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pcr.Mlp;
import java.util.Random;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The parameters and inputs the DeepPCR forward and backward benchmarks share: one backend, one (layers × width ×
 * batch) point ({@link MlpShape}), plain or residual, a seeded MLP with its inputs, the sequential forward states
 * and an output gradient.
 */
@State(Scope.Benchmark)
public abstract class DeepPcrBenchmarkState {
  @Param({"scalar", "vector"})
  public String backend;

  /** layers x width x batch. */
  @Param({"64x16x16", "256x16x16", "1024x16x16", "256x4x64", "256x64x4"})
  public String shape;

  /** Plain layers, or residual blocks {@code x_l = x_{l-1} + tanh(W_l x_{l-1} + c_l)} ({@link MlpShape}). */
  @Param({"false", "true"})
  public boolean residual;

  protected KernelContext context;
  protected MlpShape point;
  protected Mlp mlp;
  protected float[] inputs;
  protected float[] states;
  protected float[] outputGradient;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    point = MlpShape.parse(shape);
    Random random = new Random(42);
    mlp = point.mlp(random, residual);
    inputs = point.inputs(random);
    states = context.pcr().sequentialForward(mlp, inputs, point.batch());
    outputGradient = point.inputs(random);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }
}
