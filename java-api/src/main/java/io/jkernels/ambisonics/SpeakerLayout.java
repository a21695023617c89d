package io.jkernels.ambisonics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Loudspeaker directions for {@link Decoder}: azimuth and elevation in radians (the library's convention:
 * right-handed, x front, y left, z up, azimuth counter-clockwise from +x so +π/2 is left, elevation up from the
 * horizontal plane). Speaker feeds come out in the layout's order. Immutable.
 *
 * <p>Presets: {@link #stereo()}, {@link #quad()}, {@link #surround51()}, {@link #surround714()}, {@link #cube()}
 * (the LFE of 5.1 and 7.1.4 is not a direction and gets no decoded feed), and the spherical t-designs
 * {@link #tDesign(int)} of degree 1 to 21 (R. H. Hardin and N. J. A. Sloane, "McLaren's Improved Snub Cube and Other
 * New Spherical Designs in Three Dimensions", Discrete Comput. Geom. 15 (1996) 429–441; the point sets as
 * tabulated, 15 digits, in the Spatial Audio Framework's {@code saf_utility_loudspeaker_presets.c}, ISC licence).
 * A t-design of degree t averages every polynomial of degree ≤ t over the sphere exactly, which makes it the layout
 * on which all decoders of order ≤ t/2 coincide. The tabulated sets are designs to 1e-10 except those of degree 15
 * to 18 and 21, which average to about 3e-7 (the published digits).
 */
public final class SpeakerLayout {
  private static final int MAX_T_DESIGN = 21;
  private static volatile double[][][] designs;

  private final String name;
  private final double[] azimuths;
  private final double[] elevations;

  private SpeakerLayout(String name, double[] azimuths, double[] elevations) {
    this.name = name;
    this.azimuths = azimuths;
    this.elevations = elevations;
  }

  /**
   * Any list of directions (radians). At least one speaker; angles finite; no two speakers in the same direction
   * (closer than 1e-6 rad).
   *
   * @param azimuths radians, counter-clockwise from +x, one per speaker
   * @param elevations radians up from the horizontal plane, one per speaker
   * @throws NullPointerException if {@code azimuths} or {@code elevations} is null (named)
   * @throws IllegalArgumentException if the layout is empty, the arrays differ in length, an angle is not finite,
   *     or two directions coincide
   */
  public static SpeakerLayout of(double[] azimuths, double[] elevations) {
    return of("custom", azimuths, elevations);
  }

  /**
   * As {@link #of(double[], double[])}, with a name for messages and reports.
   *
   * @throws NullPointerException if {@code name}, {@code azimuths} or {@code elevations} is null (named)
   * @throws IllegalArgumentException as {@link #of(double[], double[])}
   */
  public static SpeakerLayout of(String name, double[] azimuths, double[] elevations) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(azimuths, "azimuths");
    Objects.requireNonNull(elevations, "elevations");
    if (azimuths.length != elevations.length) {
      throw new IllegalArgumentException("azimuths and elevations must have the same length, got " + azimuths.length
          + " and " + elevations.length);
    }
    if (azimuths.length == 0) {
      throw new IllegalArgumentException("a speaker layout needs at least one speaker, got none");
    }
    for (int i = 0; i < azimuths.length; i++) {
      if (!Double.isFinite(azimuths[i]) || !Double.isFinite(elevations[i])) {
        throw new IllegalArgumentException("speaker " + i + " has direction (" + azimuths[i] + ", " + elevations[i]
            + "); angles must be finite radians");
      }
    }
    SpeakerLayout layout = new SpeakerLayout(name, azimuths.clone(), elevations.clone());
    for (int i = 0; i < layout.size(); i++) {
      for (int j = 0; j < i; j++) {
        double[] a = layout.unitVector(i);
        double[] b = layout.unitVector(j);
        double d = Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2]));
        if (d < 1e-6) {
          throw new IllegalArgumentException("speakers " + j + " and " + i + " point in the same direction");
        }
      }
    }
    return layout;
  }

  private static SpeakerLayout degrees(String name, double... azEl) {
    double[] az = new double[azEl.length / 2];
    double[] el = new double[azEl.length / 2];
    for (int i = 0; i < az.length; i++) {
      az[i] = Math.toRadians(azEl[2 * i]);
      el[i] = Math.toRadians(azEl[2 * i + 1]);
    }
    return of(name, az, el);
  }

  /** L, R at ±30°. */
  public static SpeakerLayout stereo() {
    return degrees("stereo", 30, 0, -30, 0);
  }

  /** Square: front left 45°, front right −45°, rear left 135°, rear right −135°, all horizontal. */
  public static SpeakerLayout quad() {
    return degrees("quad", 45, 0, -45, 0, 135, 0, -135, 0);
  }

  /** ITU-R BS.775: L 30°, R −30°, C 0°, Ls 110°, Rs −110° (no LFE feed). */
  public static SpeakerLayout surround51() {
    return degrees("5.1", 30, 0, -30, 0, 0, 0, 110, 0, -110, 0);
  }

  /**
   * 7.1.4 (ITU-R BS.2051 System J): L 30°, R −30°, C 0°, Lss 90°, Rss −90°, Lrs 135°, Rrs −135°, then the height
   * ring at 45° elevation: Ltf 45°, Rtf −45°, Ltb 135°, Rtb −135° (no LFE feed).
   */
  public static SpeakerLayout surround714() {
    return degrees("7.1.4", 30, 0, -30, 0, 0, 0, 90, 0, -90, 0, 135, 0, -135, 0,
        45, 45, -45, 45, 135, 45, -135, 45);
  }

  /**
   * The 8 corners of a cube, elevation ±arctan(1/√2) = ±35.26°: upper ring 45°, 135°, −135°, −45°, then the lower
   * ring in the same azimuth order.
   */
  public static SpeakerLayout cube() {
    double e = Math.toDegrees(Math.atan(1 / Math.sqrt(2)));
    return degrees("cube", 45, e, 135, e, -135, e, -45, e, 45, -e, 135, -e, -135, -e, -45, -e);
  }

  /**
   * The spherical t-design of degree {@code degree} (1..21) with the fewest points known (Hardin–Sloane): 2, 4, 6,
   * 12, 12, 24, 24, 36, 48, 60, 70, 84, 94, 108, 120, 144, 156, 180, 204, 216, 240 points.
   *
   * @throws IllegalArgumentException if {@code degree} is outside [1, 21]
   */
  public static SpeakerLayout tDesign(int degree) {
    if (degree < 1 || degree > MAX_T_DESIGN) {
      throw new IllegalArgumentException("t-designs are tabulated for degree 1 to " + MAX_T_DESIGN + ", got "
          + degree);
    }
    double[][] d = designs()[degree];
    return new SpeakerLayout("t-design " + degree, d[0].clone(), d[1].clone());
  }

  private static double[][][] designs() {
    double[][][] loaded = designs;
    if (loaded == null) {
      loaded = loadDesigns();
      designs = loaded;
    }
    return loaded;
  }

  private static double[][][] loadDesigns() {
    double[][][] out = new double[MAX_T_DESIGN + 1][][];
    try (InputStream in = SpeakerLayout.class.getResourceAsStream("tdesigns.txt")) {
      if (in == null) {
        throw new IllegalStateException("the t-design table tdesigns.txt is missing from the jkernels API jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      int degree = -1;
      List<double[]> points = new ArrayList<>();
      int expected = 0;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f[0].equals("degree")) {
          if (degree > 0) {
            out[degree] = finish(degree, points, expected);
          }
          degree = Integer.parseInt(f[1]);
          expected = Integer.parseInt(f[3]);
          points = new ArrayList<>();
        } else {
          points.add(new double[] {Math.toRadians(Double.parseDouble(f[0])), Math.toRadians(Double.parseDouble(f[1]))});
        }
      }
      out[degree] = finish(degree, points, expected);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the t-design table failed", e);
    }
    return out;
  }

  private static double[][] finish(int degree, List<double[]> points, int expected) {
    if (points.size() != expected) {
      throw new IllegalStateException("t-design table: degree " + degree + " has " + points.size()
          + " points, header says " + expected);
    }
    double[][] d = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      d[0][i] = points.get(i)[0];
      d[1][i] = points.get(i)[1];
    }
    return d;
  }

  /** The layout's name, for messages and reports. */
  public String name() {
    return name;
  }

  /** The number of speakers. */
  public int size() {
    return azimuths.length;
  }

  /**
   * Azimuth of {@code speaker} (0-based), radians.
   *
   * @throws IndexOutOfBoundsException if {@code speaker} is outside [0, size()) (the message says both)
   */
  public double azimuth(int speaker) {
    return azimuths[Objects.checkIndex(speaker, azimuths.length)];
  }

  /**
   * Elevation of {@code speaker} (0-based), radians.
   *
   * @throws IndexOutOfBoundsException if {@code speaker} is outside [0, size()) (the message says both)
   */
  public double elevation(int speaker) {
    return elevations[Objects.checkIndex(speaker, elevations.length)];
  }

  /** A copy of the azimuths (radians). */
  public double[] azimuths() {
    return azimuths.clone();
  }

  /** A copy of the elevations (radians). */
  public double[] elevations() {
    return elevations.clone();
  }

  /** (x, y, z) of speaker i on the unit sphere. */
  public double[] unitVector(int speaker) {
    double ce = Math.cos(elevations[speaker]);
    return new double[] {ce * Math.cos(azimuths[speaker]), ce * Math.sin(azimuths[speaker]),
        Math.sin(elevations[speaker])};
  }

  private static double sq(double v) {
    return v * v;
  }

  @Override
  public String toString() {
    return "SpeakerLayout[" + name + ", " + size() + " speakers]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpeakerLayout s && Arrays.equals(azimuths, s.azimuths)
        && Arrays.equals(elevations, s.elevations);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(azimuths) + Arrays.hashCode(elevations);
  }
}
