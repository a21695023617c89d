package io.jkernels.pipelines.sls;

/**
 * The acoustic conditions of one sample, all in the room's frame (metres, origin at a corner, x along the room's
 * length, z up) and radians. The direction labels are derived from the positions, never stored apart from them, so
 * they cannot disagree: azimuth counter-clockwise from +x, elevation up from the horizontal, as DESIGN.md §2.
 *
 * @param index the sample index (its id)
 * @param room {lx, ly, lz}
 * @param absorption six energy absorption coefficients: x=0, x=lx, y=0, y=ly, z=0, z=lz
 * @param receiver the array centre
 * @param source the talker's mouth
 * @param speakingDirection unit vector the talker faces
 * @param speakingAzimuth the speaking direction's azimuth relative to the line from the talker to the receiver
 * @param speakingElevation its elevation relative to that line
 * @param noise the distractor's position
 * @param speechLevel dry active speech level at 1 m, dBFS
 * @param snr W-channel speech-to-noise ratio, dB
 * @param noiseFile index into the noise list (-1: no noise)
 * @param noiseOffset where in the noise file the excerpt starts, as a fraction of its length
 * @param directivity the talker's radiation pattern: omni, cardioid, supercardioid, hypercardioid or speech
 */
public record Conditions(long index, double[] room, double[] absorption, double[] receiver, double[] source,
    double[] speakingDirection, double speakingAzimuth, double speakingElevation, double[] noise, double speechLevel,
    double snr, int noiseFile, double noiseOffset, String directivity) {

  /** Distance from the receiver to the talker. */
  public double distance() {
    return norm(sub(source, receiver));
  }

  /** Azimuth of the talker seen from the receiver. */
  public double azimuth() {
    double[] v = sub(source, receiver);
    return Math.atan2(v[1], v[0]);
  }

  /** Elevation of the talker seen from the receiver. */
  public double elevation() {
    double[] v = sub(source, receiver);
    return Math.atan2(v[2], Math.hypot(v[0], v[1]));
  }

  public double noiseDistance() {
    return norm(sub(noise, receiver));
  }

  public double noiseAzimuth() {
    double[] v = sub(noise, receiver);
    return Math.atan2(v[1], v[0]);
  }

  public double noiseElevation() {
    double[] v = sub(noise, receiver);
    return Math.atan2(v[2], Math.hypot(v[0], v[1]));
  }

  public double floorArea() {
    return room[0] * room[1];
  }

  public double volume() {
    return room[0] * room[1] * room[2];
  }

  public double surfaceArea() {
    return 2 * (room[0] * room[1] + room[0] * room[2] + room[1] * room[2]);
  }

  /** Eyring's reverberation time from the area-weighted mean absorption (c = 343 m/s). */
  public double eyringRt60() {
    double[] areas = wallAreas();
    double s = 0;
    double sa = 0;
    for (int w = 0; w < 6; w++) {
      s += areas[w];
      sa += areas[w] * absorption[w];
    }
    double mean = sa / s;
    return 24 * Math.log(10) * volume() / (343.0 * s * -Math.log(1 - mean));
  }

  /** Areas of the six walls in the order of {@link #absorption}. */
  double[] wallAreas() {
    double yz = room[1] * room[2];
    double xz = room[0] * room[2];
    double xy = room[0] * room[1];
    return new double[] {yz, yz, xz, xz, xy, xy};
  }

  static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }
}
