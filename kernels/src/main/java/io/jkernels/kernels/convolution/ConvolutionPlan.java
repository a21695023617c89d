package io.jkernels.kernels.convolution;

/**
 * How one convolution call is cut up, chosen by a flop model shared by every backend (each caps the transform at
 * what it can hold: the CUDA kernels keep one 2B-point FFT in shared memory). Real FFTs of L = 2B points; the
 * response in P partitions of B samples; the output in J blocks of {@code hop} samples; the input in S segments of
 * L samples, segment q starting at q·hop − (L − hop). Two schemes:
 * <ul>
 *   <li>uniformly partitioned overlap-save (UPOLS): hop = B, P = ⌈m/B⌉, output block j = Σ_p X_{j−p}·H_p;</li>
 *   <li>plain overlap-save, when m &lt; L: P = 1 (the whole response in one frame), hop = L − m + 1, so each
 *       inverse transform yields more than B samples.</li>
 * </ul>
 * Cost per scheme (≈ 2.5·L·log₂L flops a transform): S forward input transforms, count·P response transforms,
 * count·J inverse transforms and count·J·P complex multiply-adds of B + 1 bins (8 flops each); the cheapest over
 * B = 2^k, {@link #MIN_LOG2} ≤ k ≤ maxLog2, is taken.
 *
 * @param b half the transform length (a power of two)
 * @param hop output samples per block
 * @param partitions P; each response frame is B samples, or all m when P = 1
 * @param segments S: input segments whose spectra are computed
 * @param blocks J = ⌈(n + m − 1)/hop⌉
 */
public record ConvolutionPlan(int b, int hop, int partitions, long segments, long blocks) {
  /** Smallest B: below it the per-transform overhead dominates any input. */
  public static final int MIN_LOG2 = 4;

  /** The cheapest plan for n input samples, m-sample responses and {@code count} responses. */
  public static ConvolutionPlan of(long n, int m, int count, int maxLog2) {
    long total = n + m - 1;
    ConvolutionPlan best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int k = MIN_LOG2; k <= maxLog2; k++) {
      int b = 1 << k;
      for (ConvolutionPlan plan : candidates(n, m, b)) {
        double cost = plan.cost(count);
        if (cost < bestCost) {
          bestCost = cost;
          best = plan;
        }
      }
      if (b >= 2 * Math.max(total, 1)) {
        break; // longer transforms only add padding
      }
    }
    return best;
  }

  private static ConvolutionPlan[] candidates(long n, int m, int b) {
    long total = n + m - 1;
    ConvolutionPlan upols = new ConvolutionPlan(b, b, (int) ceilDiv(m, b), ceilDiv(n, b) + 1, ceilDiv(total, b));
    if (m >= 2 * b) {
      return new ConvolutionPlan[] {upols};
    }
    int hop = 2 * b - m + 1;
    long blocks = ceilDiv(total, hop);
    return new ConvolutionPlan[] {upols, new ConvolutionPlan(b, hop, 1, blocks, blocks)};
  }

  double cost(int count) {
    double fft = 2.5 * 2 * b * (Integer.numberOfTrailingZeros(b) + 1);
    return fft * (segments + (double) count * (partitions + blocks))
        + 8.0 * (b + 1) * count * blocks * partitions;
  }

  /** Taps of the response per partition frame: B, or all m in the single frame of P = 1 (m &lt; L, zero-padded). */
  public int frameTake(int m) {
    return partitions == 1 ? m : b;
  }

  /** Where segment q starts in the input: q·hop − (2B − hop) (negative: zeros before the signal). */
  public long segmentStart(long q) {
    return q * hop - (2L * b - hop);
  }

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
