package io.jkernels.benchmarks.pcr;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pipelines.deeppcr.DdimSampler;
import io.jkernels.pipelines.deeppcr.NewtonChain;
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
 * The DDIM sampler of {@link DdimSampler} (DeepPCR's diffusion setting; the paper reports 11× faster generation on a
 * GPU): one sample's S denoising steps by Newton-PCR ({@code newtonPcr}) against the step-by-step sampler
 * ({@code sequential}), at (S × width × hidden) points of a T = 1000 schedule, η = 0. Score: samples per second.
 * A step costs h(2w + h) multiply-adds. Each Newton iteration evaluates all S steps (one sequential pass of work),
 * forms S w×w Jacobians (the activations again, then hw(h + w): w(h + w)/(h + 2w) ≈ 13 steps' worth at w = 16,
 * h = 64, ≈ 4 at w = 4) and solves the linearised chain (a sweep on the CPU backends, PCR's O(S w³ log S) on CUDA),
 * so on a CPU Newton-PCR costs about (2 + w(h + w)/(h + 2w)) × iterations + 1 sequential passes: it can only win on
 * a machine that runs the S steps' evaluations and Jacobians in parallel.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DdimSamplerBenchmark {
  @Param({"scalar", "vector"})
  public String backend;

  /** steps S x width x hidden. */
  @Param({"100x16x64", "250x4x64"})
  public String shape;

  private KernelContext context;
  private DdimSampler.Problem problem;

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    String[] p = shape.split("x");
    int steps = Integer.parseInt(p[0]);
    problem = DdimSampler.problem(DdimSampler.Config.of(steps, Integer.parseInt(p[1]), Integer.parseInt(p[2]), 1,
        42));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  /** Newton-PCR over the whole chain (tolerance 1e-6 relative, at most S + 1 iterations). */
  @Benchmark
  public NewtonChain.Batch newtonPcr() {
    return problem.sampleByNewton(context.pcr());
  }

  /** The plain sampler, step after step. */
  @Benchmark
  public float[] sequential() {
    return problem.sampleSequentially();
  }
}
