package io.jkernels.ambisonics;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.ambisonics.SofaReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A set of head-related impulse responses (HRIRs): for each of M measured source directions one left-ear and one
 * right-ear impulse response of a common length, at one sample rate. Directions follow this package's convention
 * (x front, y left, z up; azimuth counter-clockwise from the front, so +π/2 is left; elevation up from the
 * horizontal plane; radians), relative to the listener's head: {@link #loadSofa} converts the file's coordinates
 * into it. Immutable.
 */
public final class Hrtf {
  private final double sampleRate;
  private final double[] azimuths;
  private final double[] elevations;
  private final float[][] left;
  private final float[][] right;
  private final String description;

  private Hrtf(double sampleRate, double[] azimuths, double[] elevations, float[][] left, float[][] right,
      String description) {
    this.sampleRate = sampleRate;
    this.azimuths = azimuths;
    this.elevations = elevations;
    this.left = left;
    this.right = right;
    this.description = description;
  }

  /**
   * Reads a SOFA file of the {@code SimpleFreeFieldHRIR} convention (AES69-2022): {@code Data.IR} [M × 2 × N],
   * {@code Data.SamplingRate} in hertz, {@code SourcePosition} [M × 3] (Type {@code spherical} in degree, degree,
   * metre, or {@code cartesian} in metre), optional {@code Data.Delay} (whole samples, applied as leading zeros),
   * {@code ListenerPosition}, {@code ListenerView} and {@code ListenerUp} (source directions are taken relative to
   * the listener's position and orientation) and {@code ReceiverPosition} (the receiver with the larger y, the left
   * side, is the left ear). Anything else, a missing or mis-shaped variable, non-finite data or a file that is not
   * HDF5 at all, is rejected with a message naming what is wrong: there is no default HRTF.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the file is not a valid SimpleFreeFieldHRIR SOFA file
   * @throws NullPointerException if {@code path} is null
   */
  public static Hrtf loadSofa(Path path) throws IOException {
    Arguments.notNull(path, "path");
    return SofaReader.read(path);
  }

  /**
   * An HRTF set from arrays (synthetic heads, other file formats). {@code left[d]} and {@code right[d]} are the
   * responses for direction d = (azimuths[d], elevations[d]); all of one length ≥ 1, finite; at least one direction.
   *
   * @param sampleRate Hz, finite and &gt; 0
   * @param azimuths D direction azimuths, radians, finite
   * @param elevations D direction elevations, radians, finite
   * @param left D left-ear impulse responses of one length L ≥ 1
   * @param right D right-ear impulse responses of length L
   * @throws NullPointerException if an array (or one of its rows) is null (named)
   * @throws IllegalArgumentException on mismatched lengths, non-finite values or a non-positive sample rate
   */
  public static Hrtf of(double sampleRate, double[] azimuths, double[] elevations, float[][] left, float[][] right) {
    return of(sampleRate, azimuths, elevations, left, right, "HRTF from arrays");
  }

  /**
   * As {@link #of(double, double[], double[], float[][], float[][])} with a description for messages.
   *
   * @throws NullPointerException if an array (or one of its rows) or {@code description} is null (named)
   * @throws IllegalArgumentException as {@link #of(double, double[], double[], float[][], float[][])}
   */
  public static Hrtf of(double sampleRate, double[] azimuths, double[] elevations, float[][] left, float[][] right,
      String description) {
    Arguments.finite(azimuths, "azimuths");
    Arguments.finite(elevations, "elevations");
    Arguments.notNull(left, "left");
    Arguments.notNull(right, "right");
    Arguments.notNull(description, "description");
    if (!(sampleRate > 0) || !Double.isFinite(sampleRate)) {
      throw new IllegalArgumentException("sampleRate must be finite and > 0, got " + sampleRate);
    }
    int m = azimuths.length;
    if (m < 1 || elevations.length != m || left.length != m || right.length != m) {
      throw new IllegalArgumentException("an HRTF needs M >= 1 directions with one elevation, left and right"
          + " response each; got " + m + " azimuths, " + elevations.length + " elevations, " + left.length
          + " left and " + right.length + " right responses");
    }
    float[][] l = new float[m][];
    float[][] r = new float[m][];
    int n = -1;
    for (int d = 0; d < m; d++) {
      l[d] = Arguments.finite(Arguments.notNull(left[d], "left[" + d + "]"), "left[" + d + "]").clone();
      r[d] = Arguments.finite(Arguments.notNull(right[d], "right[" + d + "]"), "right[" + d + "]").clone();
      if (n < 0) {
        n = l[d].length;
      }
      if (n < 1 || l[d].length != n || r[d].length != n) {
        throw new IllegalArgumentException("every response must have the same length >= 1; direction " + d
            + " has " + l[d].length + " (left) and " + r[d].length + " (right), direction 0 has " + n);
      }
    }
    return new Hrtf(sampleRate, azimuths.clone(), elevations.clone(), l, r, description);
  }

  /** Samples per second of the responses. */
  public double sampleRate() {
    return sampleRate;
  }

  /** M, the number of measured directions. */
  public int directions() {
    return azimuths.length;
  }

  /** N, the length of every response in samples. */
  public int length() {
    return left[0].length;
  }

  /** Azimuth of direction d, radians. */
  public double azimuth(int d) {
    return azimuths[d];
  }

  /** Elevation of direction d, radians. */
  public double elevation(int d) {
    return elevations[d];
  }

  /** A copy of the left-ear response of direction d. */
  public float[] left(int d) {
    return left[d].clone();
  }

  /** A copy of the right-ear response of direction d. */
  public float[] right(int d) {
    return right[d].clone();
  }

  /** The measured direction closest in angle to (azimuth, elevation). */
  public int nearest(double azimuth, double elevation) {
    Arguments.finite(azimuth, "azimuth");
    Arguments.finite(elevation, "elevation");
    double x = Math.cos(elevation) * Math.cos(azimuth), y = Math.cos(elevation) * Math.sin(azimuth);
    double z = Math.sin(elevation);
    int best = 0;
    double bestDot = Double.NEGATIVE_INFINITY;
    for (int d = 0; d < azimuths.length; d++) {
      double dot = Math.cos(elevations[d]) * (Math.cos(azimuths[d]) * x + Math.sin(azimuths[d]) * y)
          + Math.sin(elevations[d]) * z;
      if (dot > bestDot) {
        bestDot = dot;
        best = d;
      }
    }
    return best;
  }

  /** Where it came from (the file name for SOFA sets). */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return "Hrtf[" + description + ": " + directions() + " directions × " + length() + " samples at " + sampleRate
        + " Hz]";
  }
}
