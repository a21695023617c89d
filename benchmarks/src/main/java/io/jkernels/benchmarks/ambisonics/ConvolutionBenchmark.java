package io.jkernels.benchmarks.ambisonics;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * {@code Ambisonics.convolve} of 10 s of a 16 kHz signal (160 000 samples) with {@code channels} responses of 1 s
 * (16 000 samples, decaying noise like the anchor's RIRs), the shape of the target and of
 * {@code shared/anchors/anchor_metrics.py ambisonics} (scipy's {@code fftconvolve}, reported as × real time =
 * 10 s / time per call). Score: milliseconds per call; × real time = 10 000 / score.
 *
 * <p>{@code ceilingCopy} is the memory floor of the same call: one copy of everything the call must read and write
 * (the signal, the responses, the channels × 175 999 outputs) over MemorySegments; the FFT work lies above it. The
 * float64 direct-sum reference is in {@link ConvolutionReferenceBenchmark} (a smaller shape: it is O(n·m)).
 * Backends: {@code -p backend=vector|scalar|cuda}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class ConvolutionBenchmark {
  static final int SIGNAL = 160_000;
  static final int RESPONSE = 16_000;

  @Param({"vector", "scalar"})
  public String backend;

  @Param({"4", "19"})
  public int channels;

  private KernelContext context;
  private float[] signal;
  private float[][] responses;
  private Arena arena;
  private MemorySegment floorSrc;
  private MemorySegment floorDst;
  private long floorBytes;

  @Setup
  public void setup() {
    context = Kernels.open(Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)));
    SplittableRandom r = new SplittableRandom(1);
    signal = noise(r, SIGNAL, 0);
    responses = new float[channels][];
    for (int k = 0; k < channels; k++) {
      responses[k] = noise(r, RESPONSE, 2000);
    }
    floorBytes = 4L * (SIGNAL + (long) channels * RESPONSE + (long) channels * (SIGNAL + RESPONSE - 1));
    arena = Arena.ofShared();
    floorSrc = arena.allocate(floorBytes, 64);
    floorDst = arena.allocate(floorBytes, 64);
  }

  /** Gaussian-ish noise, decaying as e^{−t/decay} when decay &gt; 0 (the anchor's RIRs). */
  static float[] noise(SplittableRandom r, int n, double decay) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double g = r.nextDouble(-1, 1) + r.nextDouble(-1, 1) + r.nextDouble(-1, 1);
      v[i] = (float) (decay > 0 ? g * Math.exp(-i / decay) : g);
    }
    return v;
  }

  @TearDown
  public void tearDown() {
    context.close();
    arena.close();
  }

  @Benchmark
  public float[][] convolve() {
    return context.ambisonics().convolve(signal, responses);
  }

  @Benchmark
  public MemorySegment ceilingCopy() {
    MemorySegment.copy(floorSrc, 0, floorDst, 0, floorBytes);
    return floorDst;
  }
}
