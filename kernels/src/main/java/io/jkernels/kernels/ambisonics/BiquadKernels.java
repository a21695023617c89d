package io.jkernels.kernels.ambisonics;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the ambisonics family's recursive filters (near-field compensation): every channel of a
 * planar signal run, in place, through its own cascade of second-order sections. The sections are designed by the
 * public API ({@code io.jkernels.ambisonics.NearFieldFilter}); shapes are validated by {@link #check} on every
 * backend before anything is written.
 *
 * <p>Channel c, sample t at {@code signal[c*samples + t]}. Its sections are {@code first[c] ≤ s < first[c+1]}, each
 * five doubles {@code {b0, b1, b2, a1, a2}} at {@code coefficients[5s..5s+4]} (a0 = 1; a first-order section has
 * b2 = a2 = 0). Transposed direct form II, all in double, the state starting at zero, sample by sample through the
 * whole cascade ({@code x} the input of section s, {@code y} its output and the next section's input):
 * <pre>
 *   y  = b0·x + z1
 *   z1 = (b1·x − a1·y) + z2
 *   z2 = b2·x − a2·y
 * </pre>
 * and the last section's y rounded to float32 once. Every product and sum is rounded separately (no fused
 * multiply-add), in this order, so every backend gives the same bits. Channels are independent (the recursion is
 * sequential in time within one).
 */
public interface BiquadKernels {
  /** Doubles per section: b0, b1, b2, a1, a2. */
  int SECTION = 5;

  /**
   * Filters {@code first.length − 1} channels of {@code samples} floats each of {@code signal} in place, as the
   * class comment defines; {@code samples ≥ 0}.
   */
  void cascade(double[] coefficients, int[] first, Buffer signal, long samples);

  /**
   * The shape check every implementation runs first: {@code first} non-decreasing from 0 with at least one
   * channel, {@code coefficients} holding its last section, {@code signal} holding channels × samples floats.
   *
   * @return the number of channels
   */
  static int check(double[] coefficients, int[] first, long signalLength, long samples) {
    if (coefficients == null || first == null) {
      throw new NullPointerException(coefficients == null ? "coefficients" : "first");
    }
    int channels = first.length - 1;
    if (channels < 1 || first[0] != 0) {
      throw new IllegalArgumentException("first must hold channels+1 >= 2 section offsets starting at 0, got length "
          + first.length + (first.length > 0 ? " starting at " + first[0] : ""));
    }
    for (int c = 0; c < channels; c++) {
      if (first[c + 1] < first[c]) {
        throw new IllegalArgumentException("first must be non-decreasing, got " + first[c] + " then " + first[c + 1]
            + " at channel " + c);
      }
    }
    if ((long) first[channels] * SECTION > coefficients.length) {
      throw new IllegalArgumentException("coefficients has " + coefficients.length + " doubles, expected " + SECTION
          + "×" + first[channels] + " sections");
    }
    if (samples < 0 || signalLength < (long) channels * samples) {
      throw new IllegalArgumentException("signal has " + signalLength + " floats, expected channels×samples = "
          + channels + "×" + samples);
    }
    return channels;
  }
}
