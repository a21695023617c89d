package io.jkernels.benchmarks.ambisonics;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.ambisonics.ShRotation;
import io.jkernels.benchmarks.Traffic;
import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.ambisonics.MixingKernels;
import java.util.SplittableRandom;
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
 * The shapes of the libspatialaudio anchor ({@code shared/anchors/libspatialaudio_bench.cpp}), order 3: encode and
 * mix 8 sources, rotate (yaw/pitch/roll 0.3/0.2/0.1, and yaw only), decode to a cube (8 × 16 matrix), each call on
 * {@code samples} samples (4096 is the anchor's block). Throughput in the secondary result {@code megasamples}
 * (source-samples for encode8, as the anchor counts; samples otherwise), traffic in {@code bytes} (planar float32
 * in + out, which is the floor of a memory-bound pass). {@code ceilingCopy} copies the bytes a rotation moves
 * (16 channels in, 16 out): the same-run bandwidth ceiling. The {@code kernel…} methods call the family's
 * {@code MixingKernels.mix} on buffers kept between calls (what a pipeline holding resident data pays); the others
 * go through the {@code float[]} API, which also allocates the output and packs the sources into one planar
 * array. The float64 sequential references are in {@link AmbisonicsReferenceBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class AmbisonicsBenchmark {
  static final int ORDER = 3;
  static final int CHANNELS = 16;
  static final int SOURCES = 8;

  @Param({"vector", "scalar"})
  public String backend;

  @Param({"4096", "262144"})
  public int samples;

  private KernelContext context;
  private Ambisonics ambisonics;
  private float[][] sources;
  private double[] azimuths;
  private double[] elevations;
  private float[] bformat;
  private float[] copy;
  private Decoder cube;
  private KernelBackend kernelBackend;
  private MixingKernels kernels;
  private Buffer encodeGains;
  private Buffer rotateGains;
  private Buffer cubeGains;
  private Buffer planarSources;
  private Buffer planarIn;
  private Buffer planarOut;

  /** Samples processed, normalised per second by JMH: its score is M samples/s. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Samples {
    public double megasamples;

    @Setup(Level.Iteration)
    public void reset() {
      megasamples = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    context = Kernels.open(Backend.parse(backend));
    ambisonics = context.ambisonics();
    SplittableRandom random = new SplittableRandom(3);
    sources = new float[SOURCES][samples];
    azimuths = new double[SOURCES];
    elevations = new double[SOURCES];
    for (int m = 0; m < SOURCES; m++) {
      // the anchor's directions: azimuth 0.3·m, elevation 0.1·m
      azimuths[m] = 0.3 * m;
      elevations[m] = 0.1 * m;
      for (int t = 0; t < samples; t++) {
        sources[m][t] = (float) Math.sin(t * 0.01f);
      }
    }
    bformat = new float[CHANNELS * samples];
    for (int i = 0; i < bformat.length; i++) {
      bformat[i] = (float) random.nextDouble(-1, 1);
    }
    copy = new float[bformat.length];
    cube = Decoder.sampling(SpeakerLayout.cube(), ORDER);
    kernelBackend = Backends.provider(backend).create();
    kernels = kernelBackend.kernels(Families.AMBISONICS);
    double[] y = io.jkernels.ambisonics.SphericalHarmonics.real(ORDER, azimuths, elevations, Normalization.SN3D);
    float[] g = new float[CHANNELS * SOURCES];
    for (int m = 0; m < SOURCES; m++) {
      for (int c = 0; c < CHANNELS; c++) {
        g[c * SOURCES + m] = (float) y[m * CHANNELS + c];
      }
    }
    encodeGains = upload(g);
    rotateGains = upload(toFloat(ShRotation.matrix(ORDER, 0.3, 0.2, 0.1)));
    cubeGains = upload(toFloat(cube.matrix()));
    float[] planar = new float[SOURCES * samples];
    for (int m = 0; m < SOURCES; m++) {
      System.arraycopy(sources[m], 0, planar, m * samples, samples);
    }
    planarSources = upload(planar);
    planarIn = upload(bformat);
    planarOut = kernelBackend.allocate((long) CHANNELS * samples);
  }

  private Buffer upload(float[] data) {
    Buffer b = kernelBackend.allocate(data.length);
    b.write(0, data, 0, data.length);
    return b;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (Buffer b : new Buffer[] {encodeGains, rotateGains, cubeGains, planarSources, planarIn, planarOut}) {
      b.close();
    }
    kernelBackend.close();
    context.close();
  }

  @Benchmark
  public void kernelEncode8(Samples s, Traffic traffic) {
    kernels.mix(encodeGains, 1, 1, 1, CHANNELS, SOURCES, planarSources, planarOut, samples);
    s.megasamples += SOURCES * (double) samples / 1e6;
    traffic.bytes += 4L * (SOURCES + CHANNELS) * samples;
  }

  @Benchmark
  public void kernelRotate(Samples s, Traffic traffic) {
    kernels.mix(rotateGains, 1, 1, 1, CHANNELS, CHANNELS, planarIn, planarOut, samples);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * 2 * CHANNELS * samples;
  }

  @Benchmark
  public void kernelDecodeCube(Samples s, Traffic traffic) {
    kernels.mix(cubeGains, 1, 1, 1, 8, CHANNELS, planarIn, planarOut, samples);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * (CHANNELS + 8) * samples;
  }

  @Benchmark
  public float[] encode8(Samples s, Traffic traffic) {
    float[] out = ambisonics.encodeSources(sources, azimuths, elevations, ORDER, Normalization.SN3D);
    s.megasamples += SOURCES * (double) samples / 1e6;
    traffic.bytes += 4L * (SOURCES + CHANNELS) * samples;
    return out;
  }

  @Benchmark
  public float[] rotate(Samples s, Traffic traffic) {
    float[] out = ambisonics.rotate(bformat, ORDER, 0.3, 0.2, 0.1);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * 2 * CHANNELS * samples;
    return out;
  }

  @Benchmark
  public float[] rotateYaw(Samples s, Traffic traffic) {
    float[] out = ambisonics.rotate(bformat, ORDER, 0.3, 0, 0);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * 2 * CHANNELS * samples;
    return out;
  }

  @Benchmark
  public float[][] decodeCube(Samples s, Traffic traffic) {
    float[][] out = ambisonics.decode(cube, bformat, ORDER);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * (CHANNELS + 8) * samples;
    return out;
  }

  @Benchmark
  public float[] ceilingCopy(Samples s, Traffic traffic) {
    System.arraycopy(bformat, 0, copy, 0, bformat.length);
    s.megasamples += samples / 1e6;
    traffic.bytes += 4L * 2 * CHANNELS * samples;
    return copy;
  }
}
