package io.jkernels.ambisonics.room;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.room.SchroederDecay;

/**
 * Room-acoustic parameters of an impulse response, as ISO 3382-1:2009 defines them, broadband and per third-octave
 * band ({@link ThirdOctaveBands}):
 * <ul>
 *   <li>T30, T20, EDT: the time for a 60 dB decay extrapolated from a least-squares line through the Schroeder
 *       energy decay curve (backward integration from the noise-floor truncation point with Lundeby's compensation,
 *       see {@code SchroederDecay}) between −5 and −35 dB, −5 and −25 dB, and 0 and −10 dB below its start. The
 *       curve starts at the onset (ISO 3382-1 A.3.4: the first sample within 20 dB of the peak). NaN when the
 *       decay does not reach the lower level before the noise.</li>
 *   <li>C50 = 10 log₁₀(E[onset, onset + 50 ms) / E[onset + 50 ms, end)) dB, on the whole response.</li>
 *   <li>DRR = 10 log₁₀(E_direct / E_reverberant) dB: direct energy within ± {@code halfWindow} (default
 *       {@value #DEFAULT_DIRECT_HALF_WINDOW} s) of the direct-path peak (the largest |h|, or a given sample),
 *       reverberant energy everything after that window (samples before it, the sinc's precursor or noise, count
 *       in neither).</li>
 * </ul>
 * Energies are sums of squares in double. A silent response gives NaN everywhere. Thread-safe, pure.
 */
public final class AcousticLabels {
  /** Default half-width of the DRR's direct window around the peak, seconds (2.5 ms). */
  public static final double DEFAULT_DIRECT_HALF_WINDOW = 0.0025;
  /** The early/late split of C50 after the onset, seconds. */
  public static final double C50_SECONDS = 0.050;

  private AcousticLabels() {}

  /** Per-band labels: element b of each array belongs to {@code centresHz[b]}; NaN where a band is silent. */
  public record Bands(double[] centresHz, double[] t30, double[] t20, double[] edt, double[] c50, double[] drr) {}

  /**
   * T30: reverberation time from the Schroeder decay's −5 to −35 dB span, extrapolated to 60 dB.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @return seconds; NaN if the response is silent or does not decay far enough
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static double t30(float[] rir, int sampleRate) {
    return decay(rir, sampleRate, -5, -35);
  }

  /**
   * T20: reverberation time from the Schroeder decay's −5 to −25 dB span, extrapolated to 60 dB.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @return seconds; NaN if the response is silent or does not decay far enough
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static double t20(float[] rir, int sampleRate) {
    return decay(rir, sampleRate, -5, -25);
  }

  /**
   * EDT: early decay time from the Schroeder decay's 0 to −10 dB span, extrapolated to 60 dB.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @return seconds; NaN if the response is silent or does not decay far enough
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static double edt(float[] rir, int sampleRate) {
    return decay(rir, sampleRate, 0, -10);
  }

  /**
   * C50: energy in the first 50 ms after the onset over the energy after it.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @return dB; NaN if the response is silent
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static double c50(float[] rir, int sampleRate) {
    check(rir, sampleRate);
    return clarity(rir, sampleRate, SchroederDecay.onset(rir));
  }

  /**
   * DRR with the default direct window of ± {@link #DEFAULT_DIRECT_HALF_WINDOW} seconds around the largest |h|.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @return dB; NaN if the response is silent
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static double drr(float[] rir, int sampleRate) {
    return drr(rir, sampleRate, DEFAULT_DIRECT_HALF_WINDOW);
  }

  /**
   * DRR with a direct window of ± {@code halfWindowSeconds} around the largest |h|.
   *
   * @return dB; NaN if the response is silent
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty, {@code sampleRate < 1}, or {@code halfWindowSeconds}
   *     is negative, NaN or ∞
   */
  public static double drr(float[] rir, int sampleRate, double halfWindowSeconds) {
    check(rir, sampleRate);
    return drrAt(rir, sampleRate, peak(rir), halfWindowSeconds);
  }

  /**
   * DRR with the direct path known to peak at sample {@code directSample} (e.g. from the simulation).
   *
   * @return dB
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty, {@code sampleRate < 1}, {@code directSample} is
   *     outside [0, rir.length), or {@code halfWindowSeconds} is negative, NaN or ∞
   */
  public static double drr(float[] rir, int sampleRate, int directSample, double halfWindowSeconds) {
    check(rir, sampleRate);
    if (directSample < 0 || directSample >= rir.length) {
      throw new IllegalArgumentException("directSample must be in [0, " + rir.length + "), got " + directSample);
    }
    return drrAt(rir, sampleRate, directSample, halfWindowSeconds);
  }

  /**
   * All five labels in each of the 33 third-octave bands. Band decays start at each band's own onset; C50 and DRR
   * use the broadband onset and direct peak, so every band measures the same time split.
   *
   * @param rir the room impulse response, at least one sample
   * @param sampleRate Hz, ≥ 1
   * @throws NullPointerException if {@code rir} is null (named)
   * @throws IllegalArgumentException if {@code rir} is empty or {@code sampleRate < 1}
   */
  public static Bands perBand(float[] rir, int sampleRate) {
    check(rir, sampleRate);
    float[][] bands = ThirdOctaveBands.split(rir, sampleRate);
    int onset = SchroederDecay.onset(rir);
    int peak = peak(rir);
    int n = ThirdOctaveBands.COUNT;
    double[] t30 = new double[n];
    double[] t20 = new double[n];
    double[] edt = new double[n];
    double[] c50 = new double[n];
    double[] drr = new double[n];
    for (int b = 0; b < n; b++) {
      SchroederDecay d = SchroederDecay.of(bands[b], sampleRate);
      t30[b] = d == null ? Double.NaN : d.decayTime(-5, -35);
      t20[b] = d == null ? Double.NaN : d.decayTime(-5, -25);
      edt[b] = d == null ? Double.NaN : d.decayTime(0, -10);
      c50[b] = d == null ? Double.NaN : clarity(bands[b], sampleRate, onset);
      drr[b] = d == null ? Double.NaN : drrAt(bands[b], sampleRate, peak, DEFAULT_DIRECT_HALF_WINDOW);
    }
    return new Bands(ThirdOctaveBands.centresHz(), t30, t20, edt, c50, drr);
  }

  /**
   * Direction and distance of a source seen from a receiver, in the room frame: {azimuth, elevation, distance}
   * (radians counter-clockwise from +x, radians up from the horizontal, metres).
   *
   * @param source x, y, z in metres
   * @param receiver x, y, z in metres
   * @throws NullPointerException if {@code source} or {@code receiver} is null (named)
   * @throws IllegalArgumentException if either is not 3 values
   */
  public static double[] sourceDirection(double[] source, double[] receiver) {
    Arguments.length(source, "source", 3, "x, y, z");
    Arguments.length(receiver, "receiver", 3, "x, y, z");
    double dx = source[0] - receiver[0];
    double dy = source[1] - receiver[1];
    double dz = source[2] - receiver[2];
    return new double[] {Math.atan2(dy, dx), Math.atan2(dz, Math.hypot(dx, dy)), Math.sqrt(dx * dx + dy * dy + dz * dz)};
  }

  private static double decay(float[] rir, int sampleRate, double upper, double lower) {
    check(rir, sampleRate);
    SchroederDecay d = SchroederDecay.of(rir, sampleRate);
    return d == null ? Double.NaN : d.decayTime(upper, lower);
  }

  private static double clarity(float[] h, int sampleRate, int onset) {
    if (onset < 0) {
      return Double.NaN;
    }
    int split = (int) Math.min(h.length, onset + Math.round(C50_SECONDS * sampleRate));
    return 10 * Math.log10(energy(h, onset, split) / energy(h, split, h.length));
  }

  private static double drrAt(float[] h, int sampleRate, int peak, double halfWindowSeconds) {
    if (!(halfWindowSeconds >= 0) || !Double.isFinite(halfWindowSeconds)) {
      throw new IllegalArgumentException("halfWindowSeconds must be >= 0 and finite, got " + halfWindowSeconds);
    }
    if (peak < 0) {
      return Double.NaN;
    }
    int half = (int) Math.round(halfWindowSeconds * sampleRate);
    int from = Math.max(0, peak - half);
    int to = (int) Math.min(h.length, (long) peak + half + 1);
    return 10 * Math.log10(energy(h, from, to) / energy(h, to, h.length));
  }

  private static int peak(float[] h) {
    int best = -1;
    double max = 0;
    for (int t = 0; t < h.length; t++) {
      double v = Math.abs(h[t]);
      if (v > max) {
        max = v;
        best = t;
      }
    }
    return best;
  }

  private static double energy(float[] h, int from, int to) {
    double sum = 0;
    for (int t = from; t < to; t++) {
      sum += (double) h[t] * h[t];
    }
    return sum;
  }

  private static void check(float[] rir, int sampleRate) {
    Arguments.notNull(rir, "rir");
    Arguments.positive(sampleRate, "sampleRate");
    if (rir.length == 0) {
      throw new IllegalArgumentException("rir must hold at least one sample");
    }
  }
}
