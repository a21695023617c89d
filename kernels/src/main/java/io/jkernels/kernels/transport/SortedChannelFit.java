package io.jkernels.kernels.transport;

/**
 * The per-channel statistics of {@link TransportKernels#fit} on already sorted columns: quantile matching of
 * unequal sample counts, then least squares in double. Shared by the CPU backends so both compute exactly the same.
 */
public final class SortedChannelFit {
  private SortedChannelFit() {}

  /**
   * The value of sorted {@code s[0..n)} at quantile level (k + 0.5)/K by linear interpolation between order
   * statistics: pos = (k + 0.5)·n/K − 0.5 clamped to [0, n−1]. Exactly s[k] when n == K.
   */
  public static double matched(float[] s, int n, long k, long count) {
    if (n == count) {
      return s[(int) k];
    }
    double pos = (k + 0.5) * n / count - 0.5;
    if (pos <= 0) {
      return s[0];
    }
    if (pos >= n - 1) {
      return s[n - 1];
    }
    int i0 = (int) pos;
    int i1 = Math.min(i0 + 1, n - 1);
    double t = pos - i0;
    return s[i0] + t * ((double) s[i1] - s[i0]);
  }

  /**
   * Fits channel {@code c} from its sorted source column {@code a[0..na)} and sorted target column {@code b[0..nb)}
   * (na, nb ≥ 1) into {@code out}.
   */
  public static void fit(float[] a, int na, float[] b, int nb, int c, ChannelFits out) {
    int count = Math.min(na, nb);
    double sumA = 0;
    double sumB = 0;
    for (int k = 0; k < count; k++) {
      sumA += matched(a, na, k, count);
      sumB += matched(b, nb, k, count);
    }
    double meanA = sumA / count;
    double meanB = sumB / count;
    double cross = 0;
    double squares = 0;
    for (int k = 0; k < count; k++) {
      double da = matched(a, na, k, count) - meanA;
      double db = matched(b, nb, k, count) - meanB;
      cross += da * db;
      squares += da * da;
    }
    out.sourceMin()[c] = a[0];
    out.sourceMax()[c] = a[na - 1];
    SourceQuantiles.fill(a, na, c, out.omega().length, out.quantiles());
    // A constant column may still leave a rounding residue in Σ ã² (its mean is rounded): test the data, not the sum.
    boolean degenerate = a[0] == a[na - 1] || squares == 0;
    out.degenerate()[c] = degenerate;
    if (degenerate) {
      out.omega()[c] = 1;
      out.beta()[c] = meanB - (a[0] == a[na - 1] ? a[0] : meanA);
    } else {
      double omega = cross / squares;
      out.omega()[c] = omega;
      out.beta()[c] = meanB - omega * meanA;
    }
  }
}
