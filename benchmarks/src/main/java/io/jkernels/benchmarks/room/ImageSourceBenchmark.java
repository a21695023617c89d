package io.jkernels.benchmarks.room;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.room.RoomSimulation;
import io.jkernels.ambisonics.room.ShoeboxRoom;
import io.jkernels.internal.BackendContext;
import io.jkernels.internal.room.ImageSet;
import io.jkernels.internal.room.RoomRenderer;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.validation.reference.RoomReference;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Image sources per second for an order-1 ambisonic (SN3D) receiver: a 6×5×3 m room with Eyring T60 = 0.5 s,
 * 16 kHz, 0.25 s of response (≈ 30 000 images, all of them), sinc half-width 32. The CPU backends split the output
 * over all cores ({@code CpuParallel}: the common pool plus the caller), the reference and the ceiling run on one
 * thread: per core is the backend's score divided by the cores used (RESULTS.md does the division). (A fork with
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} would be per core directly, but CpuParallel
 * then waits forever on a forked task no worker runs.) The secondary result {@code images} is images per second.
 * <ul>
 *   <li>{@code synthesize}: the backend kernel alone (delays, gains and SH weights resident);</li>
 *   <li>{@code simulate}: the whole {@code RoomSimulation.ambisonic} (enumeration, sort, SH weights, synthesis,
 *       high-pass);</li>
 *   <li>{@code ceiling}: one pass over the bytes the kernel must move (read 24 bytes per image, write the 4
 *       channels of output): the bandwidth ceiling in images per second;</li>
 *   <li>{@code referenceSynthesize}: the float64 sequential reference ({@code RoomReference.synthesize}) on the
 *       same images.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class ImageSourceBenchmark {
  static final int FS = 16000;
  static final int ORDER = 1;
  static final int CHANNELS = 4;

  @Param({"vector", "scalar"})
  public String backend;

  private KernelContext context;
  private KernelBackend kernels;
  private RoomSimulation simulation;
  private ImageSet images;
  private float[] weights;
  private float[] hostOut;
  private Buffer delays;
  private Buffer gains;
  private Buffer weightBuffer;
  private Buffer out;
  private int[] starts;

  /** Images processed, normalised per second by JMH. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Images {
    public long images;

    @Setup(Level.Iteration)
    public void reset() {
      images = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)));
    kernels = ((BackendContext) context).kernels();
    ShoeboxRoom room = ShoeboxRoom.withRt60(6, 5, 3, 0.5);
    simulation = RoomSimulation.of(room, new double[] {1.5, 1.2, 1.4}, new double[] {4.1, 3.3, 1.7}, FS, 0.25);
    images = ImageSet.enumerate(room, simulation.source(), simulation.receiver(), simulation.directivity(), null,
        FS, simulation.samples() + simulation.sincHalfWidth(), -1, 1);
    weights = RoomRenderer.Receiver.ambisonic(ORDER, Normalization.SN3D).weights(images);
    delays = kernels.allocate(images.count);
    delays.write(0, images.delays, 0, images.count);
    gains = kernels.allocate(images.count);
    gains.write(0, images.gains, 0, images.count);
    weightBuffer = kernels.allocate(weights.length);
    weightBuffer.write(0, weights, 0, weights.length);
    out = kernels.allocate((long) CHANNELS * simulation.samples());
    hostOut = new float[CHANNELS * simulation.samples()];
    starts = new int[] {0, images.count};
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    delays.close();
    gains.close();
    weightBuffer.close();
    out.close();
    context.close();
  }

  @Benchmark
  public Buffer synthesize(Images counter) {
    kernels.kernels(Families.ROOM).synthesize(delays, gains, weightBuffer, starts, 1, CHANNELS,
        simulation.samples(), simulation.sincHalfWidth(), out);
    counter.images += images.count;
    return out;
  }

  @Benchmark
  public float[] simulate(Images counter) {
    float[] rir = simulation.ambisonic(context, ORDER, Normalization.SN3D);
    counter.images += images.count;
    return rir;
  }

  @Benchmark
  public float ceiling(Images counter) {
    float sum = 0;
    for (int i = 0; i < images.count; i++) {
      sum += images.delays[i] + images.gains[i] + weights[4 * i] + weights[4 * i + 1] + weights[4 * i + 2]
          + weights[4 * i + 3];
    }
    java.util.Arrays.fill(hostOut, sum);
    counter.images += images.count;
    return hostOut[hostOut.length - 1];
  }

  @Benchmark
  public double[] referenceSynthesize(Images counter) {
    double[] ref = RoomReference.synthesize(images.delays, images.gains, weights, images.count, 1, CHANNELS,
        simulation.samples(), simulation.sincHalfWidth());
    counter.images += images.count;
    return ref;
  }
}
