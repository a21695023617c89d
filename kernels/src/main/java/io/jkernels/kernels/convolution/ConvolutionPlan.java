package io.jkernels.kernels.convolution;

/**
 * The partition size of a uniformly partitioned overlap-save convolution, chosen by a flop model shared by every
 * backend (each caps it at what it can hold: the CUDA kernels keep one 2B-point FFT in shared memory).
 *
 * <p>Per partition size B (real FFTs of 2B points, ≈ 2.5·2B·log₂(2B) flops each): S = ⌈n/B⌉ + 1 forward input
 * transforms, count·P forward response transforms (P = ⌈m/B⌉), count·J inverse transforms (J = ⌈(n+m−1)/B⌉) and
 * count·J·P complex multiply-adds of B + 1 bins (8 flops each). A small B makes P and the accumulation large; a
 * large B wastes transform length on zero padding; the model picks the cheapest power of two.
 */
public final class ConvolutionPlan {
  /** Smallest partition: below it the per-transform overhead dominates any input. */
  public static final int MIN_LOG2 = 4;

  private ConvolutionPlan() {}

  /** The cheapest partition size 2^k, MIN_LOG2 ≤ k ≤ maxLog2, for these shapes. */
  public static int partition(long n, int m, int count, int maxLog2) {
    long total = n + m - 1;
    int best = 1 << MIN_LOG2;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int k = MIN_LOG2; k <= maxLog2; k++) {
      long b = 1L << k;
      double cost = cost(n, m, count, b);
      if (cost < bestCost) {
        bestCost = cost;
        best = (int) b;
      }
      if (b >= 2 * Math.max(total, 1)) {
        break; // longer blocks only add padding
      }
    }
    return best;
  }

  static double cost(long n, int m, int count, long b) {
    double fft = 2.5 * 2 * b * (Long.numberOfTrailingZeros(b) + 1);
    long segments = ceilDiv(n, b) + 1;
    long partitions = ceilDiv(m, b);
    long blocks = ceilDiv(n + m - 1, b);
    return fft * (segments + (double) count * (partitions + blocks)) + 8.0 * (b + 1) * count * blocks * partitions;
  }

  /** Input segments S = ⌈n/B⌉ + 1: segment q covers x[qB − B, qB + B). */
  public static long segments(long n, int b) {
    return ceilDiv(n, b) + 1;
  }

  public static int partitions(int m, int b) {
    return (int) ceilDiv(m, b);
  }

  /** Output blocks J = ⌈(n + m − 1)/B⌉. */
  public static long blocks(long n, int m, int b) {
    return ceilDiv(n + m - 1, b);
  }

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
