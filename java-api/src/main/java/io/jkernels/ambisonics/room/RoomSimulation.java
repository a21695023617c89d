package io.jkernels.ambisonics.room;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;
import io.jkernels.internal.Arguments;
import io.jkernels.internal.room.RoomRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * Room impulse responses of a {@link ShoeboxRoom} by the image-source method (Allen and Berkley 1979, "Image method
 * for efficiently simulating small-room acoustics", JASA 65(4)). Immutable: {@link #of} and the {@code with…}
 * methods describe a simulation; {@link #omni}, {@link #ambisonic} and {@link #array} render it on a
 * {@link KernelContext}'s backend (image enumeration in Java in double, synthesis by the backend's
 * {@code ImageSourceKernels}: Vector API, scalar or CUDA).
 *
 * <h2>Conventions (tested in {@code RoomSimulationTest} and the conformance suite)</h2>
 * <ul>
 *   <li>Coordinates in metres in the room's frame, x front, y left, z up; the receiver's axes are the room's (an
 *       ambisonic response is as heard by a listener facing +x; rotate it with the ambisonics API otherwise).</li>
 *   <li>Each image i at distance d_i contributes, in each octave band b,
 *       <pre>  g_b,i · h(t − d_i f_s / c),   g_b,i = Π_walls β_wb^(n_w) · exp(−m_b d_i / 2) · D_b(cos θ_i) / d_i</pre>
 *       with c = {@value ShoeboxRoom#SPEED_OF_SOUND} m/s, β = √(1 − α), m the air's attenuation, D the source
 *       directivity at the emission angle θ_i from the speaking direction, and h the Hann-windowed sinc of
 *       half-width W samples ({@link #withSincHalfWidth}, default {@value #DEFAULT_SINC_HALF_WIDTH}): the direct
 *       path arrives at exactly d/c seconds (fractional delay) with amplitude 1/d, unit gain at 1 m on axis.
 *       Taps that would fall before t = 0 are dropped (a source closer than W·c/f_s loses part of its
 *       precursor).</li>
 *   <li>Ambisonic receivers: each image is encoded from its direction of arrival (receiver → image) with the real
 *       spherical harmonics of {@link SphericalHarmonics} (ACN; SN3D W is the omni response).</li>
 *   <li>Octave bands: when the room's absorption differs between bands, it has air absorption, or the source
 *       directivity is frequency-dependent, one response per octave band is synthesised with that band's gains and
 *       the seven are summed through a zero-phase, amplitude-complementary octave filter bank (crossovers at
 *       125·√2 … 4000·√2 Hz, one-octave raised-cosine transitions, applied by FFT); otherwise one broadband pass
 *       (identical to seven equal bands).</li>
 *   <li>High-pass: every channel is finally filtered by a causal second-order Butterworth high-pass at
 *       {@link #withHighPass} Hz (default {@value #DEFAULT_HIGH_PASS_HZ} Hz; 0 turns it off) so the pressure
 *       response builds no DC (all image gains are positive, so the raw response has a large DC sum). At the
 *       default it changes the direct peak by well under 1 %.</li>
 *   <li>Length: {@code round(seconds · sampleRate)} samples; by default every image whose window reaches the output
 *       is simulated (the full requested length). {@link #withDiffuseTail} switches to images up to a time T_d and,
 *       after it, Gaussian noise per band with the Eyring decay of that band, level-matched to the image response
 *       in the 10 ms before T_d (as gpuRIR does; independent noise per ambisonic channel scaled to an isotropic
 *       diffuse field, and per microphone: a simplification that ignores the field's spatial coherence).</li>
 * </ul>
 */
public final class RoomSimulation {
  /** Default half-width W of the windowed sinc, samples. */
  public static final int DEFAULT_SINC_HALF_WIDTH = 32;
  /** Default high-pass cutoff, Hz. */
  public static final double DEFAULT_HIGH_PASS_HZ = 10.0;
  /** Longest simulation accepted, samples (per channel). */
  public static final int MAX_SAMPLES = 1 << 26;

  private final ShoeboxRoom room;
  private final double[] source;
  private final double[] receiver;
  private final int sampleRate;
  private final int samples;
  private final Directivity directivity;
  private final double speakingAzimuth;
  private final double speakingElevation;
  private final int maxOrder;
  private final double highPassHz;
  private final int sincHalfWidth;
  private final double diffuseTailSeconds;
  private final long tailSeed;

  private RoomSimulation(ShoeboxRoom room, double[] source, double[] receiver, int sampleRate, int samples,
      Directivity directivity, double speakingAzimuth, double speakingElevation, int maxOrder, double highPassHz,
      int sincHalfWidth, double diffuseTailSeconds, long tailSeed) {
    this.room = room;
    this.source = source;
    this.receiver = receiver;
    this.sampleRate = sampleRate;
    this.samples = samples;
    this.directivity = directivity;
    this.speakingAzimuth = speakingAzimuth;
    this.speakingElevation = speakingElevation;
    this.maxOrder = maxOrder;
    this.highPassHz = highPassHz;
    this.sincHalfWidth = sincHalfWidth;
    this.diffuseTailSeconds = diffuseTailSeconds;
    this.tailSeed = tailSeed;
  }

  /**
   * An omni source at {@code source} and a receiver at {@code receiver} (both strictly inside the room, metres),
   * simulated for {@code seconds} at {@code sampleRate} Hz.
   *
   * @param room the room
   * @param source x, y, z in metres, strictly inside the room
   * @param receiver x, y, z in metres, strictly inside the room
   * @param sampleRate Hz, ≥ 1
   * @param seconds response length in seconds, finite and &gt; 0 (rounded to whole samples, at least one)
   * @throws NullPointerException if {@code room}, {@code source} or {@code receiver} is null (named)
   * @throws IllegalArgumentException if a position is not 3 finite coordinates strictly inside the room,
   *     {@code sampleRate < 1}, or {@code seconds} is not positive and finite or makes too many samples
   */
  public static RoomSimulation of(ShoeboxRoom room, double[] source, double[] receiver, int sampleRate,
      double seconds) {
    Arguments.notNull(room, "room");
    double[] s = inside(room, source, "source");
    double[] r = inside(room, receiver, "receiver");
    Arguments.positive(sampleRate, "sampleRate");
    if (!(seconds > 0) || !Double.isFinite(seconds) || Math.round(seconds * sampleRate) > MAX_SAMPLES) {
      throw new IllegalArgumentException("seconds must be positive with seconds·sampleRate <= " + MAX_SAMPLES
          + ", got " + seconds);
    }
    int n = (int) Math.max(1, Math.round(seconds * sampleRate));
    return new RoomSimulation(room, s, r, sampleRate, n, Directivity.OMNI, 0, 0, -1, DEFAULT_HIGH_PASS_HZ,
        DEFAULT_SINC_HALF_WIDTH, Double.NaN, 0);
  }

  /**
   * The source radiating with {@code pattern}, its axis (speaking direction) at the given angles (radians).
   *
   * @throws NullPointerException if {@code pattern} is null (named)
   * @throws IllegalArgumentException if an angle is NaN or ±∞
   */
  public RoomSimulation withSourceDirectivity(Directivity pattern, double azimuth, double elevation) {
    Arguments.notNull(pattern, "pattern");
    Arguments.finite(azimuth, "azimuth");
    Arguments.finite(elevation, "elevation");
    return new RoomSimulation(room, source, receiver, sampleRate, samples, pattern, azimuth, elevation, maxOrder,
        highPassHz, sincHalfWidth, diffuseTailSeconds, tailSeed);
  }

  /**
   * Only images of reflection order ≤ {@code order} (0: the direct path alone).
   *
   * @throws IllegalArgumentException if {@code order < 0}
   */
  public RoomSimulation withMaxOrder(int order) {
    Arguments.nonNegative(order, "order");
    return new RoomSimulation(room, source, receiver, sampleRate, samples, directivity, speakingAzimuth,
        speakingElevation, order, highPassHz, sincHalfWidth, diffuseTailSeconds, tailSeed);
  }

  /**
   * High-pass cutoff in Hz (0: none), below Nyquist.
   *
   * @throws IllegalArgumentException if {@code cutoffHz} is not in [0, sampleRate/2)
   */
  public RoomSimulation withHighPass(double cutoffHz) {
    if (!(cutoffHz >= 0 && cutoffHz < sampleRate / 2.0)) {
      throw new IllegalArgumentException("cutoffHz must be in [0, sampleRate/2), got " + cutoffHz);
    }
    return new RoomSimulation(room, source, receiver, sampleRate, samples, directivity, speakingAzimuth,
        speakingElevation, maxOrder, cutoffHz, sincHalfWidth, diffuseTailSeconds, tailSeed);
  }

  /**
   * Half-width W of the windowed sinc, samples (1 … 512).
   *
   * @throws IllegalArgumentException if {@code halfWidth} is not in [1, 512]
   */
  public RoomSimulation withSincHalfWidth(int halfWidth) {
    if (halfWidth < 1 || halfWidth > 512) {
      throw new IllegalArgumentException("halfWidth must be in [1, 512] samples, got " + halfWidth);
    }
    return new RoomSimulation(room, source, receiver, sampleRate, samples, directivity, speakingAzimuth,
        speakingElevation, maxOrder, highPassHz, halfWidth, diffuseTailSeconds, tailSeed);
  }

  /**
   * Images only up to {@code fromSeconds} after emission, a diffuse noise tail (Eyring decay per band, Gaussian
   * noise from {@code seed}) after it; see the class comment. {@code fromSeconds} must leave at least 10 ms of
   * image response after the direct path for the level match.
   *
   * @param fromSeconds seconds after emission where the tail takes over, finite and &gt; 0
   * @param seed the tail's noise seed
   * @throws IllegalArgumentException if {@code fromSeconds} is not positive and finite (one too early for the level
   *     match is refused when the response is rendered)
   */
  public RoomSimulation withDiffuseTail(double fromSeconds, long seed) {
    if (!(fromSeconds > 0) || !Double.isFinite(fromSeconds)) {
      throw new IllegalArgumentException("fromSeconds must be positive, got " + fromSeconds);
    }
    return new RoomSimulation(room, source, receiver, sampleRate, samples, directivity, speakingAzimuth,
        speakingElevation, maxOrder, highPassHz, sincHalfWidth, fromSeconds, seed);
  }

  /**
   * The omni pressure response, {@link #samples()} floats.
   *
   * @throws IllegalArgumentException when the simulation needs more than 2²⁴ image sources (images fill space at
   *     one per room volume: a 1 s response in a 60 m³ room needs ~2.8 million; use {@link #withDiffuseTail} or
   *     {@link #withMaxOrder} for longer ones), the source and receiver are closer than 1 cm, a diffuse tail
   *     starts too early (see {@link #withDiffuseTail}), or {@code context} does not come from {@code Kernels}
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public float[] omni(KernelContext context) {
    return RoomRenderer.render(context, List.of(this), List.of(receiver), RoomRenderer.Receiver.omni()).get(0);
  }

  /**
   * The order-{@code order} ambisonic response, planar: channel c (ACN, or W X Y Z for FUMA) sample t at
   * {@code c·samples() + t}.
   *
   * @param context the context to render on
   * @param order N ≥ 0 ({@link Normalization#FUMA}: exactly 1)
   * @param normalization the channel normalisation
   * @return (N+1)²·samples() floats, planar
   * @throws NullPointerException if {@code context} or {@code normalization} is null (named)
   * @throws IllegalArgumentException if {@code context} does not come from {@code Kernels}, the simulation needs more
   *     than 2²⁴ image sources, the source and receiver are closer than 1 cm, or a diffuse tail starts too early,
   *     or {@code order} is out of range
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public float[] ambisonic(KernelContext context, int order, Normalization normalization) {
    RoomRenderer.Receiver encoder = RoomRenderer.Receiver.ambisonic(order, normalization);
    return RoomRenderer.render(context, List.of(this), List.of(receiver), encoder).get(0);
  }

  /**
   * Ambisonic responses of many simulations in one backend call (one kernel launch on CUDA): all must share
   * {@link #samples()} and the sinc half-width. Element k is {@code sims.get(k).ambisonic(context, order, n)}.
   *
   * @throws NullPointerException if {@code context}, {@code sims}, an element of it or {@code normalization} is
   *     null (named)
   * @throws IllegalArgumentException as {@link #ambisonic}, naming the job, or if the simulations differ in
   *     samples or sinc half-width
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public static List<float[]> ambisonicBatch(KernelContext context, List<RoomSimulation> sims, int order,
      Normalization normalization) {
    Arguments.notNull(sims, "sims");
    List<double[]> receivers = new ArrayList<>();
    for (int k = 0; k < sims.size(); k++) {
      receivers.add(Arguments.notNull(sims.get(k), "sims[" + k + "]").receiver);
    }
    return RoomRenderer.render(context, sims, receivers, RoomRenderer.Receiver.ambisonic(order, normalization));
  }

  /**
   * Omni capsules at {@code receiver + micOffsets[m]} (metres, room frame; each inside the room): element m is
   * capsule m's pressure response. Free field: no scattering body.
   * {@link MicrophoneArrays#default19()} is the documented 19-capsule default.
   *
   * @param context the context to render on
   * @param micOffsets M ≥ 1 offsets of 3 coordinates each, metres
   * @return M responses of {@link #samples()} floats
   * @throws NullPointerException if {@code context}, {@code micOffsets} or one of its rows is null (named)
   * @throws IllegalArgumentException if there is no offset, an offset is not 3 finite values, a capsule lies
   *     outside the room, or as {@link #omni}
   * @throws IllegalStateException if {@code context} is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  public float[][] array(KernelContext context, double[][] micOffsets) {
    Arguments.notNull(micOffsets, "micOffsets");
    if (micOffsets.length == 0) {
      throw new IllegalArgumentException("micOffsets must hold at least one capsule offset");
    }
    List<RoomSimulation> sims = new ArrayList<>();
    List<double[]> positions = new ArrayList<>();
    for (int m = 0; m < micOffsets.length; m++) {
      double[] o = Arguments.length(micOffsets[m], "micOffsets[" + m + "]", 3, "x, y, z");
      Arguments.finite(o, "micOffsets[" + m + "]");
      positions.add(inside(room, new double[] {receiver[0] + o[0], receiver[1] + o[1], receiver[2] + o[2]},
          "receiver + micOffsets[" + m + "]"));
      sims.add(this);
    }
    return RoomRenderer.render(context, sims, positions, RoomRenderer.Receiver.omni()).toArray(new float[0][]);
  }

  /**
   * Image sources this simulation synthesises (those whose window reaches the output, or T_d with a diffuse tail,
   * within the order limit), direct path included; enumerated on each call.
   */
  public int imageCount() {
    return RoomRenderer.imageCount(this, receiver);
  }

  /** The room. */
  public ShoeboxRoom room() {
    return room;
  }

  /** The source position x, y, z in metres (a copy). */
  public double[] source() {
    return source.clone();
  }

  /** The receiver position x, y, z in metres (a copy). */
  public double[] receiver() {
    return receiver.clone();
  }

  /** Sample rate, Hz. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Output length per channel. */
  public int samples() {
    return samples;
  }

  /** The source's radiation pattern. */
  public Directivity directivity() {
    return directivity;
  }

  /** Unit speaking direction (x, y, z) from its azimuth and elevation. */
  public double[] speakingDirection() {
    return unit(speakingAzimuth, speakingElevation);
  }

  /** Maximum reflection order, or −1 for none (time-limited only). */
  public int maxOrder() {
    return maxOrder;
  }

  /** High-pass cutoff, Hz (0: none). */
  public double highPassHz() {
    return highPassHz;
  }

  /** Half-width W of the windowed sinc, samples. */
  public int sincHalfWidth() {
    return sincHalfWidth;
  }

  /** Start of the diffuse tail in seconds, NaN when the whole length is image sources. */
  public double diffuseTailSeconds() {
    return diffuseTailSeconds;
  }

  /** Seed of the diffuse tail's noise. */
  public long tailSeed() {
    return tailSeed;
  }

  /** Source distance from the receiver, metres. */
  public double sourceDistance() {
    return Math.sqrt(square(source[0] - receiver[0]) + square(source[1] - receiver[1])
        + square(source[2] - receiver[2]));
  }

  /** Azimuth of the source seen from the receiver (radians, counter-clockwise from +x). */
  public double sourceAzimuth() {
    return Math.atan2(source[1] - receiver[1], source[0] - receiver[0]);
  }

  /** Elevation of the source seen from the receiver (radians, up from the horizontal). */
  public double sourceElevation() {
    double dx = source[0] - receiver[0];
    double dy = source[1] - receiver[1];
    return Math.atan2(source[2] - receiver[2], Math.hypot(dx, dy));
  }

  /** Arrival of the direct path: distance · sampleRate / c, in (fractional) samples. */
  public double directPathDelaySamples() {
    return sourceDistance() * sampleRate / ShoeboxRoom.SPEED_OF_SOUND;
  }

  static double[] unit(double azimuth, double elevation) {
    return new double[] {Math.cos(elevation) * Math.cos(azimuth), Math.cos(elevation) * Math.sin(azimuth),
        Math.sin(elevation)};
  }

  private static double square(double v) {
    return v * v;
  }

  private static double[] inside(ShoeboxRoom room, double[] p, String name) {
    Arguments.length(p, name, 3, "x, y, z in metres");
    Arguments.finite(p, name);
    double[] size = {room.lx(), room.ly(), room.lz()};
    for (int a = 0; a < 3; a++) {
      if (!(p[a] > 0 && p[a] < size[a])) {
        throw new IllegalArgumentException(name + " = (" + p[0] + ", " + p[1] + ", " + p[2]
            + ") must lie strictly inside the room " + room.lx() + "×" + room.ly() + "×" + room.lz() + " m");
      }
    }
    return p.clone();
  }
}
