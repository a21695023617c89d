package io.jkernels.benchmarks.ambisonics;

import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.ShRotation;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.validation.reference.AmbisonicsReference;
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
import org.openjdk.jmh.annotations.Warmup;

/** The float64 sequential references of {@link AmbisonicsBenchmark}'s operations, same shapes, one thread. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class AmbisonicsReferenceBenchmark {
  @Param({"4096"})
  public int samples;

  private float[][] sources;
  private double[] azimuths;
  private double[] elevations;
  private float[] bformat;
  private double[] rotation;
  private double[] cube;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(3);
    sources = new float[AmbisonicsBenchmark.SOURCES][samples];
    azimuths = new double[AmbisonicsBenchmark.SOURCES];
    elevations = new double[AmbisonicsBenchmark.SOURCES];
    for (int m = 0; m < sources.length; m++) {
      azimuths[m] = 0.3 * m;
      elevations[m] = 0.1 * m;
      for (int t = 0; t < samples; t++) {
        sources[m][t] = (float) Math.sin(t * 0.01f);
      }
    }
    bformat = new float[AmbisonicsBenchmark.CHANNELS * samples];
    for (int i = 0; i < bformat.length; i++) {
      bformat[i] = (float) random.nextDouble(-1, 1);
    }
    rotation = ShRotation.matrix(AmbisonicsBenchmark.ORDER, 0.3, 0.2, 0.1);
    cube = Decoder.sampling(SpeakerLayout.cube(), AmbisonicsBenchmark.ORDER).matrix();
  }

  @Benchmark
  public double[] referenceEncode8(AmbisonicsBenchmark.Samples s) {
    s.megasamples += AmbisonicsBenchmark.SOURCES * (double) samples / 1e6;
    return AmbisonicsReference.encodeSources(sources, azimuths, elevations, null, AmbisonicsBenchmark.ORDER,
        Normalization.SN3D);
  }

  @Benchmark
  public double[] referenceRotate(AmbisonicsBenchmark.Samples s) {
    s.megasamples += samples / 1e6;
    return AmbisonicsReference.apply(rotation, 16, 16, bformat, samples);
  }

  @Benchmark
  public double[] referenceDecodeCube(AmbisonicsBenchmark.Samples s) {
    s.megasamples += samples / 1e6;
    return AmbisonicsReference.apply(cube, 8, 16, bformat, samples);
  }
}
