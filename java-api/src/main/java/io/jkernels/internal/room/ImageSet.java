package io.jkernels.internal.room;

import io.jkernels.ambisonics.room.Directivity;
import io.jkernels.ambisonics.room.ShoeboxRoom;

/**
 * The image sources of one source–receiver pair in a shoebox room (Allen and Berkley 1979), enumerated in double
 * and sorted by delay. Along x, image index i ∈ ℤ puts the image at x_i = s_x + i·lx (i even) or −s_x + (i+1)·lx
 * (i odd), after |i| reflections: ⌈|i|/2⌉ on one wall and ⌊|i|/2⌋ on the other (for i &gt; 0 the last is on x=lx,
 * for i &lt; 0 on x=0); y and z alike. An image of indices (i, j, k) has order |i| + |j| + |k|; its path leaves the
 * real source along the image's emission direction mirrored in every axis of odd index, which is what the source
 * directivity sees. Amplitude per band b:
 * <pre>
 *   g_b = Π_walls β_wb^(n_w) · exp(−m_b d / 2) · D_b(cos θ) / d,   β = √(1 − α)
 * </pre>
 * Images whose amplitude is 0 in every band (a fully absorbing wall on the path) are dropped. Not API.
 */
public final class ImageSet {
  public final int count;
  public final int bands;
  /** Delay of each image in samples, ascending. */
  public final float[] delays;
  /** gains[b·count + i]. */
  public final float[] gains;
  /** Unit direction of arrival at the receiver (receiver → image), per image. */
  public final double[] ux;
  public final double[] uy;
  public final double[] uz;
  public final int[] order;

  private ImageSet(int count, int bands, float[] delays, float[] gains, double[] ux, double[] uy, double[] uz,
      int[] order) {
    this.count = count;
    this.bands = bands;
    this.delays = delays;
    this.gains = gains;
    this.ux = ux;
    this.uy = uy;
    this.uz = uz;
    this.order = order;
  }

  /**
   * @param speaking unit speaking direction (ignored for an omni source)
   * @param maxDelay images with delay (samples) ≥ maxDelay are left out
   * @param maxOrder images of higher order are left out; negative: no limit
   * @param bands 1 (broadband: band 0's absorption, no air, frequency-independent directivity) or
   *     {@link ShoeboxRoom#BANDS}
   */
  public static ImageSet enumerate(ShoeboxRoom room, double[] source, double[] receiver, Directivity directivity,
      double[] speaking, int sampleRate, double maxDelay, int maxOrder, int bands) {
    double samplesPerMetre = sampleRate / ShoeboxRoom.SPEED_OF_SOUND;
    double radius = maxDelay / samplesPerMetre;
    double[] size = {room.lx(), room.ly(), room.lz()};
    double[][] logBeta = new double[bands][ShoeboxRoom.WALLS];
    for (int b = 0; b < bands; b++) {
      for (int w = 0; w < ShoeboxRoom.WALLS; w++) {
        logBeta[b][w] = 0.5 * Math.log1p(-room.absorption(b, w));
      }
    }
    int[] limit = new int[3];
    for (int a = 0; a < 3; a++) {
      limit[a] = (int) Math.min(Integer.MAX_VALUE / 4, Math.ceil(radius / size[a]) + 2);
      if (maxOrder >= 0) {
        limit[a] = Math.min(limit[a], maxOrder);
      }
    }
    // log of the reflection product along each axis, per band and image index: the 3-D product is their sum.
    double[][][] axisLog = new double[3][][];
    for (int a = 0; a < 3; a++) {
      axisLog[a] = new double[2 * limit[a] + 1][bands];
      for (int n = -limit[a]; n <= limit[a]; n++) {
        for (int b = 0; b < bands; b++) {
          axisLog[a][n + limit[a]][b] = reflect(hits(n, true), logBeta[b][2 * a])
              + reflect(hits(n, false), logBeta[b][2 * a + 1]);
        }
      }
    }
    double[] air = new double[bands];
    for (int b = 0; b < bands; b++) {
      air[b] = 0.5 * room.airAttenuation(b);
    }
    Growable out = new Growable(bands);
    double[] gain = new double[bands];
    for (int i = -limit[0]; i <= limit[0]; i++) {
      double dx = coordinate(source[0], size[0], i) - receiver[0];
      if (Math.abs(dx) >= radius) {
        continue;
      }
      double[] logX = axisLog[0][i + limit[0]];
      for (int j = -limit[1]; j <= limit[1]; j++) {
        if (maxOrder >= 0 && Math.abs(i) + Math.abs(j) > maxOrder) {
          continue;
        }
        double dy = coordinate(source[1], size[1], j) - receiver[1];
        double dxy = dx * dx + dy * dy;
        if (dxy >= radius * radius) {
          continue;
        }
        double[] logY = axisLog[1][j + limit[1]];
        // Only k with dz² < radius² − dxy can be inside the sphere: |z_k − r_z| grows by about lz per step.
        int reach = (int) Math.ceil(Math.sqrt(radius * radius - dxy) / size[2]) + 1;
        int kFrom = Math.max(-limit[2], -reach);
        int kTo = Math.min(limit[2], reach);
        for (int k = kFrom; k <= kTo; k++) {
          int ord = Math.abs(i) + Math.abs(j) + Math.abs(k);
          if (maxOrder >= 0 && ord > maxOrder) {
            continue;
          }
          double dz = coordinate(source[2], size[2], k) - receiver[2];
          double d = Math.sqrt(dxy + dz * dz);
          double delay = d * samplesPerMetre;
          if (!(delay < maxDelay)) {
            continue;
          }
          // Emission direction at the real source: receiver − image, mirrored in each axis of odd index.
          double cos = 1;
          if (speaking != null) {
            double ex = (i & 1) == 0 ? -dx : dx;
            double ey = (j & 1) == 0 ? -dy : dy;
            double ez = (k & 1) == 0 ? -dz : dz;
            cos = d > 0 ? (ex * speaking[0] + ey * speaking[1] + ez * speaking[2]) / d : 1;
          }
          double[] logZ = axisLog[2][k + limit[2]];
          double inverse = 1 / Math.max(d, 1e-9);
          boolean any = false;
          for (int b = 0; b < bands; b++) {
            gain[b] = Math.exp(logX[b] + logY[b] + logZ[b] - air[b] * d) * directivity.gain(b, cos) * inverse;
            any |= gain[b] != 0;
          }
          if (any) {
            out.add(delay, gain, d > 0 ? dx / d : 1, d > 0 ? dy / d : 0, d > 0 ? dz / d : 0, ord);
          }
        }
      }
    }
    return out.sorted();
  }

  /** n reflections on a wall of log β (β = 0 is −∞): 0 for no reflection, even off a fully absorbing wall. */
  private static double reflect(int n, double logBeta) {
    return n == 0 ? 0 : n * logBeta;
  }

  /** Image coordinate along one axis for index n (see the class comment). */
  public static double coordinate(double s, double length, int n) {
    return (n & 1) == 0 ? s + n * length : -s + (n + 1) * length;
  }

  /**
   * Reflections of index n on the lower wall (coordinate 0) or the upper wall (coordinate = length): the path
   * of image n alternates walls, n &gt; 0 starting (from the receiver's side) on the upper wall.
   */
  public static int hits(int n, boolean lower) {
    int a = Math.abs(n);
    if (n >= 0) {
      return lower ? a / 2 : (a + 1) / 2;
    }
    return lower ? (a + 1) / 2 : a / 2;
  }

  /** Number of images of order ≤ K in an unbounded enumeration: (2K+1)(2K²+2K+3)/3, the octahedral numbers. */
  public static long countUpToOrder(int k) {
    return (2L * k + 1) * (2L * k * k + 2L * k + 3) / 3;
  }

  private static int bucket(double delay, double scale, int n) {
    return (int) Math.min(n, (long) (delay * scale));
  }

  private static final class Growable {
    private final int bands;
    private int n;
    private double[] delay = new double[1024];
    private double[][] gain;
    private double[] x = new double[1024];
    private double[] y = new double[1024];
    private double[] z = new double[1024];
    private int[] ord = new int[1024];

    Growable(int bands) {
      this.bands = bands;
      gain = new double[bands][1024];
    }

    void add(double d, double[] g, double ux, double uy, double uz, int order) {
      if (n == delay.length) {
        int grown = Math.addExact(n, n / 2 + 1);
        delay = java.util.Arrays.copyOf(delay, grown);
        x = java.util.Arrays.copyOf(x, grown);
        y = java.util.Arrays.copyOf(y, grown);
        z = java.util.Arrays.copyOf(z, grown);
        ord = java.util.Arrays.copyOf(ord, grown);
        for (int b = 0; b < bands; b++) {
          gain[b] = java.util.Arrays.copyOf(gain[b], grown);
        }
      }
      delay[n] = d;
      for (int b = 0; b < bands; b++) {
        gain[b][n] = g[b];
      }
      x[n] = ux;
      y[n] = uy;
      z[n] = uz;
      ord[n] = order;
      n++;
    }

    /**
     * Counting sort into about n buckets of equal delay width, then insertion sort inside each bucket: O(n) on
     * average (image density grows as delay², so whole-sample buckets would hold hundreds late in a response).
     */
    ImageSet sorted() {
      double maxDelay = 0;
      for (int i = 0; i < n; i++) {
        maxDelay = Math.max(maxDelay, delay[i]);
      }
      double scale = n / (maxDelay + 1);
      int[] start = new int[n + 2];
      for (int i = 0; i < n; i++) {
        start[bucket(delay[i], scale, n) + 1]++;
      }
      for (int b = 1; b < start.length; b++) {
        start[b] += start[b - 1];
      }
      int[] perm = new int[n];
      int[] fill = start.clone();
      for (int i = 0; i < n; i++) {
        perm[fill[bucket(delay[i], scale, n)]++] = i;
      }
      for (int b = 0; b + 1 < start.length; b++) {
        for (int p = start[b] + 1; p < start[b + 1]; p++) {
          int v = perm[p];
          int q = p - 1;
          while (q >= start[b] && delay[perm[q]] > delay[v]) {
            perm[q + 1] = perm[q];
            q--;
          }
          perm[q + 1] = v;
        }
      }
      float[] delays = new float[n];
      float[] gains = new float[bands * n];
      double[] ux = new double[n];
      double[] uy = new double[n];
      double[] uz = new double[n];
      int[] order = new int[n];
      for (int p = 0; p < n; p++) {
        int i = perm[p];
        delays[p] = (float) delay[i];
        for (int b = 0; b < bands; b++) {
          gains[b * n + p] = (float) gain[b][i];
        }
        ux[p] = x[i];
        uy[p] = y[i];
        uz[p] = z[i];
        order[p] = ord[i];
      }
      // Rounding to float can make neighbours equal but never reverses their order (rounding is monotone).
      return new ImageSet(n, bands, delays, gains, ux, uy, uz, order);
    }
  }
}
