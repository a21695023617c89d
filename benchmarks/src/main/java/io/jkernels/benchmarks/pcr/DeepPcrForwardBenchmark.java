package io.jkernels.benchmarks.pcr;

import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.NewtonOptions;
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
 * DeepPCR on an MLP (Danieli et al., NeurIPS 2023): the forward pass by Newton-PCR ({@code deepPcrForward},
 * tolerance 1e-5) against the layer-by-layer pass, at a few (layers × width × batch) points ({@link MlpShape}) to
 * find where the parallel path stops losing. Score: passes per second. With PCR (the CUDA
 * backend) each Newton iteration does O(L w³ log L) work in O(log L) depth against the sequential pass's O(L w²)
 * in O(L) depth, so only a wide parallel machine can win, and only while w stays small. The CPU backends solve the
 * Newton systems by a sweep instead (O(L w²), see {@link DenseRecurrenceBenchmark}), so there each iteration costs a
 * few sequential passes (evaluate all layers, write the L·B w×w Jacobians, sweep) and DeepPCR loses by about that
 * times the iterations; the crossover is a GPU question (validation/gpu-check.sh). {@code residual=true} rows
 * run the same passes on residual blocks at ResNet-initialisation scale (issue 13), where Newton needs only a few
 * iterations because each Jacobian {@code I + diag(s) W_l} barely depends on the states.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeepPcrForwardBenchmark extends DeepPcrBenchmarkState {
  /** Newton-PCR: a few iterations, each evaluating all layers and solving one dense recurrence per sample. */
  @Benchmark
  public DeepPcrResult deepPcr() {
    return context.pcr().deepPcrForward(mlp, inputs, point.batch(), NewtonOptions.defaults());
  }

  @Benchmark
  public float[] sequential() {
    return context.pcr().sequentialForward(mlp, inputs, point.batch());
  }
}
