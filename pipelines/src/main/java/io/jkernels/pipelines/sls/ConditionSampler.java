package io.jkernels.pipelines.sls;

import java.util.SplittableRandom;

/**
 * Draws sample {@code i}'s conditions from a generator whose state depends only on {@code (seed, i)}: any sample,
 * shard or partition can be recomputed alone and comes out the same wherever it runs.
 *
 * <p>Geometry: floor {@code lx = √(A·r)}, {@code ly = √(A/r)} from the drawn area A and aspect ratio r; the receiver
 * uniform in the room shrunk by the wall margin; the talker at the drawn distance, azimuth (uniform) and elevation
 * from it, redrawn until it lies inside the margin (bounded: after {@value #ATTEMPTS} tries the distance is cut to
 * what fits that direction, and the labels, computed from the positions, say so); the noise source likewise.
 */
public final class ConditionSampler {
  static final int ATTEMPTS = 64;

  private ConditionSampler() {}

  /** The random stream of sample {@code index} under {@code seed}. */
  static SplittableRandom stream(long seed, long index) {
    return new SplittableRandom(mix(mix(seed) ^ (index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijection that scatters nearby seeds. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static Conditions draw(GeneratorConfig cfg, long seed, long index, int noiseFiles) {
    SplittableRandom rnd = stream(seed, index);
    double area = cfg.floorArea().draw(rnd);
    double ratio = cfg.aspectRatio().draw(rnd);
    double[] room = {Math.sqrt(area * ratio), Math.sqrt(area / ratio), cfg.height().draw(rnd)};
    double margin = Math.min(cfg.wallMargin(), 0.45 * Math.min(room[0], Math.min(room[1], room[2])));
    double[] absorption = new double[6];
    for (int w = 0; w < 6; w++) {
      absorption[w] = cfg.absorption().draw(rnd);
    }
    double[] receiver = new double[3];
    for (int k = 0; k < 3; k++) {
      receiver[k] = margin + (room[k] - 2 * margin) * rnd.nextDouble();
    }
    double[] source = place(rnd, room, margin, receiver, cfg.sourceDistance(), cfg.sourceElevation());
    double speakAz = cfg.speakingAzimuth().draw(rnd);
    double speakEl = cfg.speakingElevation().draw(rnd);
    double[] speaking = speakingDirection(source, receiver, speakAz, speakEl);
    double[] noise = place(rnd, room, margin, receiver, cfg.noiseDistance(),
        new Range(-Math.PI / 2 + 1e-9, Math.PI / 2 - 1e-9));
    double level = cfg.speechLevel().draw(rnd);
    double snr = cfg.snr().draw(rnd);
    int noiseFile = noiseFiles > 0 ? rnd.nextInt(noiseFiles) : -1;
    double noiseOffset = rnd.nextDouble();
    return new Conditions(index, room, absorption, receiver, source, speaking, speakAz, speakEl, noise, level, snr,
        noiseFile, noiseOffset, cfg.directivity());
  }

  private static double[] place(SplittableRandom rnd, double[] room, double margin, double[] from, Range distance,
      Range elevation) {
    double[] u = null;
    double d = 0;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double az = -Math.PI + 2 * Math.PI * rnd.nextDouble();
      double el = elevation == null ? 0 : elevation.draw(rnd);
      u = new double[] {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
      d = distance.draw(rnd);
      double[] p = along(from, u, d);
      if (inside(p, room, margin)) {
        return p;
      }
    }
    // Cut the last direction to the largest distance that stays inside (at least 5 cm from the receiver).
    double fit = Double.POSITIVE_INFINITY;
    for (int k = 0; k < 3; k++) {
      if (u[k] > 1e-12) {
        fit = Math.min(fit, (room[k] - margin - from[k]) / u[k]);
      } else if (u[k] < -1e-12) {
        fit = Math.min(fit, (margin - from[k]) / u[k]);
      }
    }
    return along(from, u, Math.max(0.05, Math.min(d, fit * 0.999)));
  }

  private static double[] along(double[] p, double[] u, double d) {
    return new double[] {p[0] + d * u[0], p[1] + d * u[1], p[2] + d * u[2]};
  }

  private static boolean inside(double[] p, double[] room, double margin) {
    for (int k = 0; k < 3; k++) {
      if (p[k] < margin || p[k] > room[k] - margin) {
        return false;
      }
    }
    return true;
  }

  /**
   * The world direction the talker faces: the direction from the talker to the receiver, turned by
   * {@code azimuth} about the vertical and tilted by {@code elevation}.
   */
  static double[] speakingDirection(double[] source, double[] receiver, double azimuth, double elevation) {
    double[] v = Conditions.sub(receiver, source);
    double baseAz = Math.atan2(v[1], v[0]);
    double baseEl = Math.atan2(v[2], Math.hypot(v[0], v[1]));
    double az = baseAz + azimuth;
    double el = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, baseEl + elevation));
    return new double[] {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
  }
}
