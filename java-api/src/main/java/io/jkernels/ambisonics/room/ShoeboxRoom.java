package io.jkernels.ambisonics.room;

import io.jkernels.internal.Arguments;
import java.util.Arrays;

/**
 * A rectangular room [0, lx] × [0, ly] × [0, lz] (metres; x front, y left, z up, as the library's ambisonic
 * convention) whose six walls, in the order x=0, x=lx, y=0, y=ly, z=0 (floor), z=lz (ceiling), each absorb a
 * fraction α of the incident energy in each of the seven octave bands {@link #octaveBandsHz()} (125 Hz – 8 kHz).
 * A wall's pressure reflection coefficient is β = √(1 − α) (real, frequency-independent within a band, no
 * angle dependence, as in Allen and Berkley 1979). Optional air absorption follows ISO 9613-1.
 *
 * <p>Reverberation time by Eyring's formula, with V the volume, S the surface, ᾱ the surface-weighted mean
 * absorption of a band and m the air's energy attenuation coefficient (1/m):
 * <pre>
 *   T60 = 24 ln(10) V / (c (−S ln(1 − ᾱ) + 4 m V)),   c = {@value #SPEED_OF_SOUND} m/s
 * </pre>
 * Immutable and thread-safe.
 */
public final class ShoeboxRoom {
  /** Speed of sound used everywhere in this package, m/s. */
  public static final double SPEED_OF_SOUND = 343.0;
  /** Walls. */
  public static final int WALLS = 6;
  private static final double[] OCTAVES = {125, 250, 500, 1000, 2000, 4000, 8000};
  /** Octave bands the absorption is given in ({@link #octaveBandsHz()}). */
  public static final int BANDS = OCTAVES.length;

  private final double lx;
  private final double ly;
  private final double lz;
  private final double[][] absorption; // [band][wall]
  private final double[] airAttenuation; // [band], energy attenuation m in 1/m
  private final double temperature;
  private final double humidity;

  /**
   * A room with the same absorption in every band.
   *
   * @param lx length along x, metres, finite and &gt; 0
   * @param ly length along y, metres, finite and &gt; 0
   * @param lz height along z, metres, finite and &gt; 0
   * @param wallAbsorption six energy absorption coefficients in [0, 1]: x=0, x=lx, y=0, y=ly, z=0, z=lz
   * @throws NullPointerException if {@code wallAbsorption} is null (named)
   * @throws IllegalArgumentException if a dimension is not positive and finite, or {@code wallAbsorption} is not
   *     six values in [0, 1]
   */
  public ShoeboxRoom(double lx, double ly, double lz, double[] wallAbsorption) {
    this(lx, ly, lz, repeat(checkWalls(wallAbsorption, "wallAbsorption")), new double[BANDS], Double.NaN,
        Double.NaN);
  }

  private ShoeboxRoom(double lx, double ly, double lz, double[][] absorption, double[] air, double temperature,
      double humidity) {
    this.lx = dimension(lx, "lx");
    this.ly = dimension(ly, "ly");
    this.lz = dimension(lz, "lz");
    this.absorption = absorption;
    this.airAttenuation = air;
    this.temperature = temperature;
    this.humidity = humidity;
  }

  /** Octave band centres, Hz: 125, 250, 500, 1000, 2000, 4000, 8000. */
  public static double[] octaveBandsHz() {
    return OCTAVES.clone();
  }

  /**
   * A room with absorption per octave band.
   *
   * @param lx length along x, metres, finite and &gt; 0
   * @param ly length along y, metres, finite and &gt; 0
   * @param lz height along z, metres, finite and &gt; 0
   * @param absorption {@link #BANDS} rows (125 Hz … 8 kHz) of six wall coefficients in [0, 1]
   * @throws NullPointerException if {@code absorption} or one of its rows is null (named)
   * @throws IllegalArgumentException if a dimension is not positive and finite, {@code absorption} has not
   *     {@link #BANDS} rows, or a row is not six values in [0, 1]
   */
  public static ShoeboxRoom withBandAbsorption(double lx, double ly, double lz, double[][] absorption) {
    Arguments.notNull(absorption, "absorption");
    if (absorption.length != BANDS) {
      throw new IllegalArgumentException("absorption must have " + BANDS + " octave-band rows (125 Hz … 8 kHz), got "
          + absorption.length);
    }
    double[][] copy = new double[BANDS][];
    for (int b = 0; b < BANDS; b++) {
      copy[b] = checkWalls(absorption[b], "absorption[" + b + "]").clone();
    }
    return new ShoeboxRoom(lx, ly, lz, copy, new double[BANDS], Double.NaN, Double.NaN);
  }

  /**
   * The room whose six walls share one broadband absorption α chosen so that Eyring's formula (no air) gives
   * {@code rt60}: α = 1 − exp(−24 ln(10) V / (c S T60)).
   *
   * @param lx length along x, metres, finite and &gt; 0
   * @param ly length along y, metres, finite and &gt; 0
   * @param lz height along z, metres, finite and &gt; 0
   * @param rt60 the target reverberation time T60, seconds
   * @throws IllegalArgumentException if a dimension or rt60 is not positive and finite, or rt60 is so short that α
   *     would reach 1
   */
  public static ShoeboxRoom withRt60(double lx, double ly, double lz, double rt60) {
    if (!(rt60 > 0) || !Double.isFinite(rt60)) {
      throw new IllegalArgumentException("rt60 must be positive and finite seconds, got " + rt60);
    }
    double v = dimension(lx, "lx") * dimension(ly, "ly") * dimension(lz, "lz");
    double s = 2 * (lx * ly + lx * lz + ly * lz);
    double alpha = -Math.expm1(-24 * Math.log(10) * v / (SPEED_OF_SOUND * s * rt60));
    if (!(alpha < 1)) {
      throw new IllegalArgumentException("rt60 = " + rt60 + " s is too short for a " + lx + "×" + ly + "×" + lz
          + " m room (the walls would have to absorb everything)");
    }
    double[] walls = new double[WALLS];
    Arrays.fill(walls, alpha);
    return new ShoeboxRoom(lx, ly, lz, walls);
  }

  /**
   * This room with air absorption by ISO 9613-1 at {@code temperatureCelsius} and {@code relativeHumidityPercent}
   * (standard pressure), evaluated at each octave band's centre: an image at distance d is attenuated in
   * amplitude by exp(−m d / 2).
   *
   * @throws IllegalArgumentException if {@code temperatureCelsius} is outside [−20, 50] or
   *     {@code relativeHumidityPercent} outside [1, 100]
   */
  public ShoeboxRoom withAirAbsorption(double temperatureCelsius, double relativeHumidityPercent) {
    if (!(temperatureCelsius >= -20 && temperatureCelsius <= 50)) {
      throw new IllegalArgumentException("temperatureCelsius must be in [-20, 50], got " + temperatureCelsius);
    }
    if (!(relativeHumidityPercent >= 1 && relativeHumidityPercent <= 100)) {
      throw new IllegalArgumentException("relativeHumidityPercent must be in [1, 100], got "
          + relativeHumidityPercent);
    }
    double[] air = new double[BANDS];
    for (int b = 0; b < BANDS; b++) {
      air[b] = AirAbsorption.energyAttenuation(OCTAVES[b], temperatureCelsius, relativeHumidityPercent);
    }
    return new ShoeboxRoom(lx, ly, lz, absorption, air, temperatureCelsius, relativeHumidityPercent);
  }

  /** Length along x, metres. */
  public double lx() {
    return lx;
  }

  /** Length along y, metres. */
  public double ly() {
    return ly;
  }

  /** Height along z, metres. */
  public double lz() {
    return lz;
  }

  /** Volume, cubic metres. */
  public double volume() {
    return lx * ly * lz;
  }

  /** Total wall area, square metres. */
  public double surfaceArea() {
    return 2 * (lx * ly + lx * lz + ly * lz);
  }

  /**
   * Energy absorption of {@code wall} (0..5) in octave band {@code band} (0..6).
   *
   * @throws IllegalArgumentException if {@code band} is outside [0, 6] or {@code wall} outside [0, 5]
   */
  public double absorption(int band, int wall) {
    return absorption[checkBand(band)][checkWall(wall)];
  }

  /**
   * Energy attenuation coefficient m (1/m) of the air in {@code band}; 0 without air absorption.
   *
   * @throws IllegalArgumentException if {@code band} is outside [0, 6]
   */
  public double airAttenuation(int band) {
    return airAttenuation[checkBand(band)];
  }

  /** Whether {@link #withAirAbsorption} set air absorption. */
  public boolean hasAirAbsorption() {
    return !Double.isNaN(temperature);
  }

  /** True when every band has the same wall absorption and there is no air absorption. */
  public boolean broadband() {
    if (hasAirAbsorption()) {
      return false;
    }
    for (int b = 1; b < BANDS; b++) {
      if (!Arrays.equals(absorption[b], absorption[0])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Surface-weighted mean absorption ᾱ of {@code band}.
   *
   * @throws IllegalArgumentException if {@code band} is outside [0, 6]
   */
  public double meanAbsorption(int band) {
    double[] a = absorption[checkBand(band)];
    double yz = ly * lz;
    double xz = lx * lz;
    double xy = lx * ly;
    return (yz * (a[0] + a[1]) + xz * (a[2] + a[3]) + xy * (a[4] + a[5])) / surfaceArea();
  }

  /**
   * Eyring's T60 (seconds) of {@code band}, air absorption included when the room has it.
   *
   * @throws IllegalArgumentException if {@code band} is outside [0, 6]
   */
  public double eyringRt60(int band) {
    double mean = meanAbsorption(band);
    double denominator = SPEED_OF_SOUND * (-surfaceArea() * Math.log1p(-mean) + 4 * airAttenuation[band] * volume());
    return denominator > 0 ? 24 * Math.log(10) * volume() / denominator : Double.POSITIVE_INFINITY;
  }

  /** Eyring's T60 of the 1 kHz band (the broadband value for a broadband room). */
  public double eyringRt60() {
    return eyringRt60(3);
  }

  @Override
  public String toString() {
    return "ShoeboxRoom[" + lx + "×" + ly + "×" + lz + " m, α(1 kHz) = " + Arrays.toString(absorption[3])
        + (hasAirAbsorption() ? ", air " + temperature + " °C " + humidity + " %" : "") + "]";
  }

  private static double[][] repeat(double[] walls) {
    double[][] out = new double[BANDS][];
    for (int b = 0; b < BANDS; b++) {
      out[b] = walls.clone();
    }
    return out;
  }

  private static double[] checkWalls(double[] walls, String name) {
    Arguments.length(walls, name, WALLS, "six walls (x=0, x=lx, y=0, y=ly, z=0, z=lz)");
    for (int w = 0; w < WALLS; w++) {
      if (!(walls[w] >= 0 && walls[w] <= 1)) {
        throw new IllegalArgumentException(name + "[" + w + "] = " + walls[w] + "; an energy absorption coefficient"
            + " must be in [0, 1]");
      }
    }
    return walls;
  }

  private static double dimension(double value, String name) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive finite length in metres, got " + value);
    }
    return value;
  }

  private static int checkBand(int band) {
    if (band < 0 || band >= BANDS) {
      throw new IllegalArgumentException("band must be in [0, " + BANDS + "), got " + band);
    }
    return band;
  }

  private static int checkWall(int wall) {
    if (wall < 0 || wall >= WALLS) {
      throw new IllegalArgumentException("wall must be in [0, 6), got " + wall);
    }
    return wall;
  }
}
