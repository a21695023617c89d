package io.jkernels.benchmarks.pcr;

import io.jkernels.pcr.MlpGradients;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DeepPCR on an MLP (Danieli et al., NeurIPS 2023): the backward pass by one adjoint PCR solve
 * ({@code deepPcrBackward}) against ordinary backpropagation, at a few (layers × width × batch) points
 * ({@link MlpShape}) to find where the parallel path stops losing. Score: passes per second. The backward pass
 * needs no Newton iteration: one adjoint recurrence {@code y_l = g_l + J_{l+1}ᵀ y_{l+1}} (PCR on the CUDA backend,
 * O(L w³ log L) work in O(log L) depth; a sweep on the CPU backends, O(L w²)), then every layer's parameter
 * gradients at once. On the CPU it therefore costs about what backpropagation costs; the crossover where PCR's
 * extra work pays is a GPU question (validation/gpu-check.sh). {@code residual=true} rows: the same on residual
 * blocks (issue 13), whose adjoint Jacobians {@code I + W_lᵀ diag(s)} the same solve handles.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeepPcrBackwardBenchmark extends DeepPcrBenchmarkState {
  /** One adjoint dense recurrence solve (PCR) plus the parameter gradients. */
  @Benchmark
  public MlpGradients deepPcr() {
    return context.pcr().deepPcrBackward(mlp, inputs, states, outputGradient, point.batch());
  }

  @Benchmark
  public MlpGradients sequential() {
    return context.pcr().sequentialBackward(mlp, inputs, states, outputGradient, point.batch());
  }
}
