package io.jkernels.ambisonics;

/**
 * Ambisonic rendering on a kernel context ({@code KernelContext.ambisonics()}). Conventions of the package: x front,
 * y left, z up; azimuth counter-clockwise from +x (+π/2 is left), elevation up from the horizontal plane, radians;
 * channels in ACN order (acn = n² + n + m); B-format planar: channel c, sample t at {@code c*samples + t}.
 * Every argument is checked before anything is written: {@code null} → {@link NullPointerException} naming it,
 * any other bad input → {@link IllegalArgumentException} naming the argument and the expected shape.
 */
public interface Ambisonics {
  /**
   * Full linear convolution of one signal with each response: {@code out[k][t] = Σ_s h_k[s]·x[t − s]},
   * t &lt; n + m_k − 1 (n = signal length, m_k = length of response k), float32 in and out.
   *
   * <p>Computed by uniformly partitioned overlap-save on every backend (partition size B, a power of two chosen
   * by a flop model, real FFTs of 2B points: JTransforms on the CPU, the project's shared-memory Stockham FFT on
   * CUDA). The input's spectrum is computed once and shared by all K responses (4 FOA channels, 19 array
   * channels, 2 ears), so K responses cost one forward pass over the input plus K inverse ones. Responses of
   * different lengths are zero-padded to the longest and each result is cut to its own length. Accuracy: the
   * error relative to the float64 direct sum is a few float32 roundings times log₂(2B), about 1e-6 for signals
   * and responses of unit scale; an isolated sample far below the rest of its output block carries that absolute
   * error, not a relative one.
   *
   * @param signal the input, n ≥ 1 finite samples
   * @param impulseResponses K ≥ 1 responses, each of ≥ 1 finite samples
   * @return K arrays; array k has n + m_k − 1 samples
   * @throws NullPointerException if {@code signal}, {@code impulseResponses} or one of its rows is null
   * @throws IllegalArgumentException if the signal or a response is empty or holds NaN or ±∞, if there are no
   *     responses, or if an output would not fit a Java array
   */
  float[][] convolve(float[] signal, float[][] impulseResponses);

  /**
   * Binaural rendering of an order-N B-format signal (ACN channel order, SN3D normalisation, as AmbiX writes it)
   * with an HRTF set: {@code binaural(BinauralDecoder.magLs(hrtf, order), bformat)}. The HRTF's sample rate is
   * taken to be the signal's (nothing is resampled: pass an HRTF measured at the signal's rate).
   *
   * @param hrtf the head-related responses, e.g. {@link Hrtf#loadSofa} of the MIT KEMAR set
   * @param bformat (N+1)²·T floats, planar; T ≥ 1
   * @param order N ≥ 0, with (N+1)² ≤ the number of HRTF directions
   * @return {left, right}, each of T + L − 1 samples (L = HRIR length)
   * @throws NullPointerException if {@code hrtf} or {@code bformat} is null
   * @throws IllegalArgumentException if the order is negative or too high for the HRTF set, the length of
   *     {@code bformat} is not (N+1)²·T with T ≥ 1, or it holds NaN or ±∞
   */
  float[][] binaural(Hrtf hrtf, float[] bformat, int order);

  /**
   * Binaural rendering with a precomputed SH-domain decoder (for repeated calls, or the least-squares decoder):
   * left = Σ_c F_left,c ∗ b_c, right = Σ_c F_right,c ∗ b_c over the (N+1)² channels c, each channel's spectrum
   * computed once and shared by both ears ({@link #convolve}). Same shapes and errors as
   * {@link #binaural(Hrtf, float[], int)}, with N = {@code decoder.order()}.
   */
  float[][] binaural(BinauralDecoder decoder, float[] bformat);
}
