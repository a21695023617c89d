package io.jkernels.pipelines.sls;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.room.AcousticLabels;
import io.jkernels.ambisonics.room.Directivity;
import io.jkernels.ambisonics.room.MicrophoneArrays;
import io.jkernels.ambisonics.room.RoomSimulation;
import io.jkernels.ambisonics.room.ShoeboxRoom;
import java.util.Objects;

/**
 * Renders scenes with the library on one {@link KernelContext} (its best backend: CUDA when present, else the
 * Vector API or scalar code): shoebox image sources ({@link RoomSimulation}, DESIGN.md's 1/d, unit gain at 1 m,
 * ACN/SN3D), the talker with the config's directivity pattern turned to its speaking direction,
 * the noise source omni; images up to {@code imageSeconds} after the direct path and Eyring-decaying diffuse noise
 * after it (0: images over the whole response); convolution by {@code ambisonics().convolve} (partitioned FFT);
 * labels by {@link AcousticLabels#perBand} on the talker's omni response, which is the SN3D W channel.
 */
public final class LibraryRenderer implements SceneRenderer {
  private final KernelContext context;
  private final double imageSeconds;

  /**
   * @param imageSeconds time after the direct path up to which images are simulated (the diffuse tail follows);
   *     0 simulates images over the whole response
   */
  public LibraryRenderer(KernelContext context, double imageSeconds) {
    this.context = Objects.requireNonNull(context, "context");
    if (!(imageSeconds >= 0) || !Double.isFinite(imageSeconds)) {
      throw new IllegalArgumentException("imageSeconds: expected >= 0, got " + imageSeconds);
    }
    this.imageSeconds = imageSeconds;
  }

  @Override
  public String name() {
    return imageSeconds > 0 ? "image-source+diffuse-tail" : "image-source";
  }

  @Override
  public String directivity(Conditions conditions) {
    return conditions.directivity();
  }

  /** The named pattern (see {@link GeneratorConfig#directivity()}). */
  static Directivity pattern(String name) {
    return switch (name) {
      case "omni" -> Directivity.OMNI;
      case "cardioid" -> Directivity.CARDIOID;
      case "supercardioid" -> Directivity.SUPERCARDIOID;
      case "hypercardioid" -> Directivity.HYPERCARDIOID;
      case "speech" -> Directivity.SPEECH;
      default -> throw new IllegalArgumentException("directivity: expected " + GeneratorConfig.DIRECTIVITIES
          + ", got '" + name + "'");
    };
  }

  @Override
  public Responses responses(Conditions c, int sampleRate, double seconds, int order, boolean array) {
    ShoeboxRoom room = new ShoeboxRoom(c.room()[0], c.room()[1], c.room()[2], c.absorption());
    double[] u = c.speakingDirection();
    RoomSimulation speech = tail(RoomSimulation.of(room, c.source(), c.receiver(), sampleRate, seconds), c.distance(),
        seconds, c.index()).withSourceDirectivity(pattern(c.directivity()), Math.atan2(u[1], u[0]),
        Math.asin(Math.max(-1, Math.min(1, u[2]))));
    RoomSimulation noise = tail(RoomSimulation.of(room, c.noise(), c.receiver(), sampleRate, seconds),
        c.noiseDistance(), seconds, ~c.index());
    float[] s = speech.ambisonic(context, order, Normalization.SN3D);
    float[] n = noise.ambisonic(context, order, Normalization.SN3D);
    int len = speech.samples();
    float[] omni = java.util.Arrays.copyOf(s, len); // SN3D W is the omni pressure response
    float[][] arr = array ? speech.array(context, MicrophoneArrays.default19()) : null;
    return new Responses(s, n, omni, arr, len);
  }

  /** The diffuse tail from {@code imageSeconds} after the direct path, when that still falls inside the response. */
  private RoomSimulation tail(RoomSimulation sim, double distance, double seconds, long seed) {
    double from = distance / ShoeboxRoom.SPEED_OF_SOUND + imageSeconds;
    return imageSeconds > 0 && from + 0.01 < seconds ? sim.withDiffuseTail(from, seed) : sim;
  }

  @Override
  public float[][] convolve(float[] signal, float[][] responses) {
    return context.ambisonics().convolve(signal, responses);
  }

  @Override
  public AcousticFeatures labels(float[] omniResponse, int sampleRate) {
    AcousticLabels.Bands b = AcousticLabels.perBand(omniResponse, sampleRate);
    return new AcousticFeatures(b.centresHz(), ms(b.t30()), ms(b.t20()), ms(b.edt()), b.c50(), b.drr());
  }

  private static double[] ms(double[] seconds) {
    double[] v = new double[seconds.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = seconds[i] * 1000;
    }
    return v;
  }
}
