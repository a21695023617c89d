package io.jkernels.ambisonics.room;

/** Capsule geometries for {@link RoomSimulation#array}. */
public final class MicrophoneArrays {
  /** Radius of {@link #default19()}, metres. */
  public static final double DEFAULT_RADIUS = 0.05;

  private MicrophoneArrays() {}

  /**
   * The documented 19-capsule default (offsets from the array centre in metres, room frame): capsule 0 at the
   * centre, 1–6 on the horizontal circle of radius {@value #DEFAULT_RADIUS} m at azimuths 0°, 60°, …, 300°,
   * 7–12 at elevation +45° and 13–18 at elevation −45° on the same sphere, at azimuths 30°, 90°, …, 330°. Open
   * omni capsules (no baffle). Spatial LibriSpeech's own 19-channel geometry is not published with the data
   * set; this is our choice, fixed so that results are comparable.
   */
  public static double[][] default19() {
    double[][] out = new double[19][];
    out[0] = new double[] {0, 0, 0};
    for (int k = 0; k < 6; k++) {
      out[1 + k] = point(Math.toRadians(60 * k), 0);
      out[7 + k] = point(Math.toRadians(30 + 60 * k), Math.toRadians(45));
      out[13 + k] = point(Math.toRadians(30 + 60 * k), Math.toRadians(-45));
    }
    return out;
  }

  private static double[] point(double azimuth, double elevation) {
    double[] u = RoomSimulation.unit(azimuth, elevation);
    return new double[] {DEFAULT_RADIUS * u[0], DEFAULT_RADIUS * u[1], DEFAULT_RADIUS * u[2]};
  }
}
