package io.jkernels.ambisonics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Vector-base amplitude panning (Pulkki 1997) over the convex hull of a layout, with imaginary speakers where the
 * hull has a hole (Zotter and Frank 2012, "All-Round Ambisonic Panning and Decoding", JAES 60(10), Sec. 3):
 * <ol>
 *   <li>a pole (zenith or nadir) gets an imaginary speaker when no real speaker lies within 60° of it (so a
 *       horizontal ring gets both, a 7.1.4 layout the nadir, a cube none);</li>
 *   <li>while the origin is not strictly inside the hull (a layout covering less than a hemisphere, e.g. stereo),
 *       an imaginary speaker is added opposite the mean direction of the speakers so far;</li>
 *   <li>the hull is found by testing every triple (O(L⁴): layouts up to ~100 speakers); coplanar facets with more
 *       than three speakers (a cube's faces) are fan-triangulated once.</li>
 * </ol>
 * The gains of a direction are those of the enclosing triangle, normalised to unit energy over its three speakers;
 * an imaginary speaker's share is then dropped (as Zotter and Frank do below the horizon).
 */
final class Vbap {
  private static final double EPS = 1e-9;

  private final List<double[]> points = new ArrayList<>();
  private final int real;
  private final List<int[]> triangles = new ArrayList<>();
  private final List<double[]> inverses = new ArrayList<>();

  Vbap(SpeakerLayout layout) {
    real = layout.size();
    if (real < 2) {
      throw new IllegalArgumentException("AllRAD needs at least 2 speakers to pan between, layout " + layout.name()
          + " has " + real);
    }
    for (int i = 0; i < real; i++) {
      points.add(layout.unitVector(i));
    }
    for (double pole : new double[] {1, -1}) {
      boolean near = false;
      for (int i = 0; i < real; i++) {
        near |= points.get(i)[2] * pole > Math.cos(Math.toRadians(60));
      }
      if (!near) {
        points.add(new double[] {0, 0, pole});
      }
    }
    for (int attempt = 0; ; attempt++) {
      hull();
      if (enclosesOrigin()) {
        break;
      }
      if (attempt == 4) {
        throw new IllegalArgumentException("AllRAD: the layout " + layout.name() + " cannot be triangulated around"
            + " the listener, even with imaginary speakers");
      }
      double[] mean = new double[3];
      for (double[] p : points) {
        for (int c = 0; c < 3; c++) {
          mean[c] += p[c];
        }
      }
      double norm = Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
      if (norm < 1e-9) {
        throw new IllegalArgumentException("AllRAD: the layout " + layout.name() + " is degenerate (its speakers"
            + " and poles are coplanar)");
      }
      points.add(new double[] {-mean[0] / norm, -mean[1] / norm, -mean[2] / norm});
    }
    for (int[] t : triangles) {
      inverses.add(inverse(points.get(t[0]), points.get(t[1]), points.get(t[2])));
    }
  }

  int imaginary() {
    return points.size() - real;
  }

  /** Gains of the real speakers for unit direction u (unit energy before imaginary shares are dropped). */
  double[] gains(double[] u) {
    double[] out = new double[real];
    for (int f = 0; f < triangles.size(); f++) {
      double[] inv = inverses.get(f);
      double[] g = new double[3];
      boolean inside = true;
      for (int c = 0; c < 3; c++) {
        // g = u·T⁻¹ with T's rows the three speaker vectors.
        g[c] = u[0] * inv[c] + u[1] * inv[3 + c] + u[2] * inv[6 + c];
        inside &= g[c] >= -1e-9;
      }
      if (!inside) {
        continue;
      }
      double e = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
      int[] t = triangles.get(f);
      for (int c = 0; c < 3; c++) {
        if (t[c] < real) {
          out[t[c]] = Math.max(0, g[c]) / e;
        }
      }
      return out;
    }
    throw new IllegalStateException("VBAP found no triangle for direction (" + u[0] + ", " + u[1] + ", " + u[2]
        + "); the hull does not enclose the listener");
  }

  private void hull() {
    triangles.clear();
    int n = points.size();
    Set<String> planes = new HashSet<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        for (int k = j + 1; k < n; k++) {
          double[] a = points.get(i);
          double[] nrm = cross(sub(points.get(j), a), sub(points.get(k), a));
          double len = Math.sqrt(dot(nrm, nrm));
          if (len < 1e-12) {
            continue;
          }
          for (int c = 0; c < 3; c++) {
            nrm[c] /= len;
          }
          double d = dot(nrm, a);
          if (d < 0) {
            for (int c = 0; c < 3; c++) {
              nrm[c] = -nrm[c];
            }
            d = -d;
          }
          boolean facet = true;
          List<Integer> on = new ArrayList<>();
          for (int p = 0; p < n && facet; p++) {
            double s = dot(nrm, points.get(p)) - d;
            if (s > EPS) {
              facet = false;
            } else if (s > -EPS) {
              on.add(p);
            }
          }
          if (!facet) {
            continue;
          }
          if (on.size() == 3) {
            triangles.add(new int[] {i, j, k});
          } else if (planes.add(on.toString())) {
            fan(on, nrm);
          }
        }
      }
    }
  }

  /** Fan triangulation of a convex coplanar polygon, its points sorted by angle about their centroid. */
  private void fan(List<Integer> on, double[] normal) {
    double[] centre = new double[3];
    for (int p : on) {
      for (int c = 0; c < 3; c++) {
        centre[c] += points.get(p)[c] / on.size();
      }
    }
    double[] e1 = sub(points.get(on.get(0)), centre);
    double l1 = Math.sqrt(dot(e1, e1));
    for (int c = 0; c < 3; c++) {
      e1[c] /= l1;
    }
    double[] e2 = cross(normal, e1);
    List<Integer> sorted = new ArrayList<>(on);
    sorted.sort((p, q) -> Double.compare(angle(p, centre, e1, e2), angle(q, centre, e1, e2)));
    for (int t = 1; t + 1 < sorted.size(); t++) {
      triangles.add(new int[] {sorted.get(0), sorted.get(t), sorted.get(t + 1)});
    }
  }

  private double angle(int p, double[] centre, double[] e1, double[] e2) {
    double[] v = sub(points.get(p), centre);
    return Math.atan2(dot(v, e2), dot(v, e1));
  }

  private boolean enclosesOrigin() {
    if (triangles.isEmpty()) {
      return false;
    }
    for (int[] t : triangles) {
      double[] a = points.get(t[0]);
      double[] nrm = cross(sub(points.get(t[1]), a), sub(points.get(t[2]), a));
      double len = Math.sqrt(dot(nrm, nrm));
      if (Math.abs(dot(nrm, a)) / len < 1e-6) {
        return false;
      }
    }
    return true;
  }

  private static double[] inverse(double[] a, double[] b, double[] c) {
    double[] m = {a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]};
    double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
        + m[2] * (m[3] * m[7] - m[4] * m[6]);
    double[] inv = {
        m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
        m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
        m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
    for (int i = 0; i < 9; i++) {
      inv[i] /= det;
    }
    return inv;
  }

  private static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
