package io.jkernels.ambisonics.room;

import io.jkernels.internal.Arguments;
import java.util.Arrays;
import java.util.Objects;

/**
 * A source's first-order (cardioid-family) directivity, per octave band ({@link ShoeboxRoom#octaveBandsHz()}):
 * the amplitude radiated at angle θ from the speaking direction is
 * <pre>
 *   g_b(θ) = a_b + (1 − a_b) cos θ,   a_b ∈ [0, 1]
 * </pre>
 * so g = 1 on axis in every band (the 1/d convention of {@link RoomSimulation} holds on axis). a = 1 is omni,
 * 0.5 cardioid, (√3 − 1)/2 ≈ 0.366 supercardioid, 0.25 hypercardioid, 0 figure-of-eight (negative lobes invert
 * polarity, as the patterns do). {@link #SPEECH} is an approximation of a talker: omni at 125 Hz, narrowing with
 * frequency to a front-to-back ratio of 20 dB at 8 kHz, following the trend of measured speech directivity (Chu
 * and Warnock 2002; Monson et al. 2012) but not fitted to their data. Immutable.
 */
public final class Directivity {
  /** Omnidirectional, a = 1. */
  public static final Directivity OMNI = cardioidFamily(1.0);
  /** Cardioid, a = 1/2. */
  public static final Directivity CARDIOID = cardioidFamily(0.5);
  /** Supercardioid, a = (√3 − 1)/2. */
  public static final Directivity SUPERCARDIOID = cardioidFamily((Math.sqrt(3) - 1) / 2);
  /** Hypercardioid, a = 1/4. */
  public static final Directivity HYPERCARDIOID = cardioidFamily(0.25);
  /** Back-to-front amplitude 2a − 1 = 1, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1 from 125 Hz to 8 kHz. */
  public static final Directivity SPEECH = perOctaveBand(new double[] {1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.55});

  private final double[] a;

  private Directivity(double[] a) {
    this.a = a;
  }

  /**
   * g(θ) = a + (1 − a) cos θ in every band.
   *
   * @param a 1 = omni, 0.5 = cardioid, 0 = figure of eight; in [0, 1]
   * @throws IllegalArgumentException if {@code a} is outside [0, 1] or NaN
   */
  public static Directivity cardioidFamily(double a) {
    double[] values = new double[ShoeboxRoom.BANDS];
    Arrays.fill(values, checkA(a, "a"));
    return new Directivity(values);
  }

  /**
   * One cardioid-family coefficient per octave band, 125 Hz … 8 kHz.
   *
   * @param a {@link ShoeboxRoom#BANDS} coefficients, each in [0, 1]
   * @throws NullPointerException if {@code a} is null (named)
   * @throws IllegalArgumentException if {@code a} does not hold one value per band or one is outside [0, 1] or NaN
   */
  public static Directivity perOctaveBand(double[] a) {
    Arguments.length(a, "a", ShoeboxRoom.BANDS, "one coefficient per octave band (125 Hz … 8 kHz)");
    double[] values = a.clone();
    for (int b = 0; b < values.length; b++) {
      checkA(values[b], "a[" + b + "]");
    }
    return new Directivity(values);
  }

  /**
   * Amplitude g_b at cos θ.
   *
   * @param band octave band 0..6 (125 Hz … 8 kHz)
   * @param cosTheta cosine of the angle between the direction of interest and the source's axis
   * @return the amplitude gain in that band
   * @throws IndexOutOfBoundsException if {@code band} is outside 0..6 (the message says both)
   */
  public double gain(int band, double cosTheta) {
    double ab = a[Objects.checkIndex(band, a.length)];
    return ab + (1 - ab) * cosTheta;
  }

  /**
   * The coefficient a_b.
   *
   * @param band octave band 0..6
   * @return a_b
   * @throws IndexOutOfBoundsException if {@code band} is outside 0..6 (the message says both)
   */
  public double coefficient(int band) {
    return a[Objects.checkIndex(band, a.length)];
  }

  /** Whether a = 1 in every band. */
  public boolean isOmni() {
    for (double v : a) {
      if (v != 1.0) {
        return false;
      }
    }
    return true;
  }

  /** True when the pattern differs between bands. */
  public boolean frequencyDependent() {
    for (double v : a) {
      if (v != a[0]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Directivity" + Arrays.toString(a);
  }

  private static double checkA(double a, String name) {
    if (!(a >= 0 && a <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1] (a + (1 − a) cos θ), got " + a);
    }
    return a;
  }
}
