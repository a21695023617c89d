package io.jkernels.ambisonics;

/**
 * Ambisonic encoding, rotation and decoding on the context's backend ({@code KernelContext.ambisonics()}).
 *
 * <p>Conventions (DESIGN.md §2): right-handed coordinates, x front, y left, z up; azimuth in radians
 * counter-clockwise from +x (+π/2 is left), elevation in radians up from the horizontal plane; channels in ACN order
 * ({@code acn = n² + n + m}) unless the normalisation is {@link Normalization#FUMA} (W, X, Y, Z); a B-format of
 * order N is planar, (N+1)² channels × T samples, channel c sample t at {@code c*T + t}; signals are float32, gains
 * and matrices are designed in float64 and rounded to float32 once.
 *
 * <p>All of it is one kernel, "a small matrix times planar signals" ({@code MixingKernels}):
 * <pre>
 *   encode:         B[c][t] = y_c(u) · s[t]                       y = {@link SphericalHarmonics#real}
 *   encodeSources:  B[c][t] = Σ_m g_m · y_c(u_m) · s_m[t]         (g_m = 1, or 1/r_m)
 *   encodeMoving:   B[c][t] = y_c(u(t)) · s[t], the gains interpolated linearly per sample between keyframes
 *   rotate:         B'[c][t] = Σ_c' M_cc'(R) · B[c'][t]           M = {@link ShRotation#matrix}
 *   decode:         F[l][t] = Σ_c D_lc · B[c][t]                  D = {@link Decoder#matrix}
 * </pre>
 * Every argument is checked before anything is computed: a null array is a NullPointerException naming it; order
 * &lt; 0, FuMa above order 1, a B-format whose length is not (N+1)²·T, signals of different lengths, non-finite
 * angles, distances or radii → IllegalArgumentException. Sample values are not checked (NaN stays local to its
 * samples). Thread-safe.
 */
public interface Ambisonics {
  /**
   * One source encoded into an order-N B-format: {@code B[c][t] = y_c(azimuth, elevation) · signal[t]}.
   *
   * @param signal the mono source, T samples
   * @param order N, in [0, {@link SphericalHarmonics#MAX_ORDER}] (at most 1 for FuMa)
   * @param azimuth radians, counter-clockwise from +x, finite
   * @param elevation radians up from the horizontal plane, finite
   * @param normalization the channel normalisation (and, for FuMa, order)
   * @return (order+1)² × signal.length floats, planar
   * @throws NullPointerException if {@code signal} or {@code normalization} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}] or above 1
   *     with {@link Normalization#FUMA}, an angle is NaN or ±∞, or the output would not fit a Java array
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] encode(float[] signal, int order, double azimuth, double elevation, Normalization normalization);

  /**
   * Sources mixed into one B-format (the GEMM-shaped kernel: (N+1)² × M gains times M × T signals):
   * {@code B[c][t] = Σ_m y_c(u_m) · signals[m][t]}. All signals have the same length T; at least one source.
   *
   * @param signals M ≥ 1 mono sources of T samples each
   * @param azimuths M azimuths, radians, finite
   * @param elevations M elevations, radians, finite
   * @param order N, in [0, {@link SphericalHarmonics#MAX_ORDER}] (at most 1 for FuMa)
   * @param normalization the channel normalisation (and, for FuMa, order)
   * @return (order+1)² × T floats, planar
   * @throws NullPointerException if {@code signals}, one of its rows, {@code azimuths}, {@code elevations} or
   *     {@code normalization} is null (named)
   * @throws IllegalArgumentException if there is no source, the signals differ in length, {@code azimuths} or
   *     {@code elevations} does not hold M values, an angle is NaN or ±∞, {@code order} is outside
   *     [0, {@link SphericalHarmonics#MAX_ORDER}] or above 1 with {@link Normalization#FUMA}, or an array would not
   *     fit a Java array
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] encodeSources(float[][] signals, double[] azimuths, double[] elevations, int order,
      Normalization normalization);

  /**
   * As {@link #encodeSources(float[][], double[], double[], int, Normalization)}, each source also attenuated by
   * the distance gain {@code 1/r_m} (unit gain at 1 m; distances finite and &gt; 0, metres).
   *
   * @param distances M distances r_m, metres, finite and &gt; 0
   * @throws NullPointerException as the form without distances, or if {@code distances} is null
   * @throws IllegalArgumentException as the form without distances, or if {@code distances} does not hold M values
   *     or one is not finite and &gt; 0
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] encodeSources(float[][] signals, double[] azimuths, double[] elevations, double[] distances, int order,
      Normalization normalization);

  /**
   * A moving source: keyframe k (direction {@code azimuths[k], elevations[k]}) is reached at sample k·hop, and the
   * encoding gains are interpolated linearly per sample between consecutive keyframes (no zipper noise: the gain
   * trajectory is continuous with bounded slope); after the last keyframe the direction holds. The gains, not the
   * angles, are interpolated, so a keyframe spacing well below the time the source takes to cross one lobe of the
   * order-N harmonics keeps the direction accurate.
   *
   * @param signal the mono source, T samples
   * @param azimuths K ≥ 1 keyframe azimuths, radians, finite
   * @param elevations K keyframe elevations, radians, finite
   * @param hop samples between keyframes, ≥ 1
   * @param order N, in [0, {@link SphericalHarmonics#MAX_ORDER}] (at most 1 for FuMa)
   * @param normalization the channel normalisation (and, for FuMa, order)
   * @return (order+1)² × T floats, planar
   * @throws NullPointerException if {@code signal}, {@code azimuths}, {@code elevations} or {@code normalization}
   *     is null (named)
   * @throws IllegalArgumentException if there is no keyframe, {@code elevations} does not hold K values,
   *     {@code hop < 1}, an angle is NaN or ±∞, {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}] or
   *     above 1 with {@link Normalization#FUMA}, or an array would not fit a Java array
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] encodeMoving(float[] signal, double[] azimuths, double[] elevations, int hop, int order,
      Normalization normalization);

  /**
   * The sound field rotated by R = Rz(yaw)·Ry(pitch)·Rx(roll) (radians): a source at u is heard at R·u; a pure yaw
   * moves azimuth φ to φ + yaw ({@link ShRotation}). ACN channel order in SN3D, N3D or ORTHONORMAL (the same
   * matrix for all three; convert FuMa first). Yaw-only rotations cost 2 terms per channel.
   *
   * @param bformat (N+1)²·T floats, planar
   * @param order N, in [0, {@link SphericalHarmonics#MAX_ORDER}]
   * @param yaw radians, finite
   * @param pitch radians, finite
   * @param roll radians, finite
   * @return the rotated B-format, (N+1)²·T floats, planar
   * @throws NullPointerException if {@code bformat} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}], the length
   *     of {@code bformat} is not a multiple of (N+1)², or an angle is NaN or ±∞
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] rotate(float[] bformat, int order, double yaw, double pitch, double roll);

  /**
   * Time-varying rotation (head tracking): rotation k (yaws[k], pitches[k], rolls[k]) is reached at sample k·block
   * and the output crossfades linearly to rotation k+1 over the next block (a crossfade of the two rotated signals,
   * which equals interpolating the matrices); after the last rotation it holds.
   *
   * @param bformat (N+1)²·T floats, planar
   * @param order N, in [0, {@link SphericalHarmonics#MAX_ORDER}]
   * @param yaws K ≥ 1 yaws, radians, finite
   * @param pitches K pitches, radians, finite
   * @param rolls K rolls, radians, finite
   * @param block samples per rotation, ≥ 1
   * @return the rotated B-format, (N+1)²·T floats, planar
   * @throws NullPointerException if {@code bformat}, {@code yaws}, {@code pitches} or {@code rolls} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, {@link SphericalHarmonics#MAX_ORDER}], the length
   *     of {@code bformat} is not a multiple of (N+1)², there is no rotation, {@code pitches} or {@code rolls} does
   *     not hold K values, {@code block < 1}, an angle is NaN or ±∞, or K·(N+1)⁴ does not fit a Java array
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[] rotate(float[] bformat, int order, double[] yaws, double[] pitches, double[] rolls, int block);

  /**
   * Speaker feeds {@code F[l][t] = Σ_c D_lc · B[c][t]}; {@code order} must be the decoder's, and the B-format in
   * the decoder's normalisation.
   *
   * @param decoder the decoding matrix (speakers × (N+1)²)
   * @param bformat (N+1)²·T floats, planar, in the decoder's normalisation (not checked)
   * @param order N, equal to {@code decoder.order()}
   * @return one array of T samples per speaker, in the layout's order
   * @throws NullPointerException if {@code decoder} or {@code bformat} is null (named)
   * @throws IllegalArgumentException if {@code order} is not the decoder's, the length of {@code bformat} is not a
   *     multiple of (N+1)², or speakers×T does not fit a Java array
   * @throws IllegalStateException if this context is closed (not checked when there are no samples)
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[][] decode(Decoder decoder, float[] bformat, int order);

  /**
   * Near-field compensation (NFC-HOA) of an order-N B-format, every degree-n channel filtered by
   * {@link NearFieldFilter#design(int, double, double, double)}: a source at {@code sourceDistance} metres
   * ({@code Double.POSITIVE_INFINITY} for a plane wave: only the loudspeakers' near field is compensated)
   * reproduced on loudspeakers at the finite radius {@code speakerRadius}. The filters (designed in double, at most
   * 15 sections per degree) run as one call of the backend's recursive-filter kernel ({@code BiquadKernels}:
   * sequential in time, channels in parallel, one CUDA thread per channel): state and arithmetic in double through
   * the whole cascade, rounded to float32 once per output sample, with the same bits on every backend.
   *
   * @param bformat (N+1)²·T floats, planar, ACN order
   * @param order N, in [0, 30]
   * @param speakerRadius loudspeaker radius, metres, finite and &gt; 0
   * @param sourceDistance source distance, metres, &gt; 0 ({@code Double.POSITIVE_INFINITY}: a plane wave)
   * @param sampleRate Hz, finite and &gt; 0
   * @return the compensated B-format, (N+1)²·T floats, planar
   * @throws NullPointerException if {@code bformat} is null (named)
   * @throws IllegalArgumentException if {@code order} is outside [0, 30], the length of {@code bformat} is not a
   *     multiple of (N+1)², {@code speakerRadius} is not finite and &gt; 0, {@code sourceDistance} is not &gt; 0,
   *     or {@code sampleRate} is not finite and &gt; 0
   */
  float[] nearFieldCompensation(float[] bformat, int order, double speakerRadius, double sourceDistance,
      double sampleRate);

  /**
   * Full linear convolution of one signal with each response: {@code out[k][t] = Σ_s h_k[s]·x[t − s]},
   * t &lt; n + m_k − 1 (n = signal length, m_k = length of response k), float32 in and out.
   *
   * <p>Computed by overlap-save on every backend with real FFTs of L = 2B points (B a power of two chosen by a flop
   * model; JTransforms on the CPU, the project's shared-memory Stockham FFT on CUDA): a response shorter than L is
   * one frame (hop L − m + 1), a longer one is uniformly partitioned into frames of B samples (hop B). The input's
   * segment spectra are computed once and shared by all K responses (4 FOA channels, 19 array channels, 2 ears), so
   * K responses cost one forward pass over the input plus K inverse ones. Responses of
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
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
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
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[][] binaural(Hrtf hrtf, float[] bformat, int order);

  /**
   * Binaural rendering with a precomputed SH-domain decoder (for repeated calls, or the least-squares decoder):
   * left = Σ_c F_left,c ∗ b_c, right = Σ_c F_right,c ∗ b_c over the (N+1)² channels c, each channel's spectrum
   * computed once and shared by both ears ({@link #convolve}). Same shapes and errors as
   * {@link #binaural(Hrtf, float[], int)}, with N = {@code decoder.order()}.
   *
   * @param decoder the SH-domain binaural decoder, e.g. {@link BinauralDecoder#magLs}
   * @param bformat (N+1)²·T floats, planar, ACN/SN3D; T ≥ 1
   * @return {left, right}, each of T + L − 1 samples (L = the decoder's filter length)
   * @throws NullPointerException if {@code decoder} or {@code bformat} is null
   * @throws IllegalArgumentException if the length of {@code bformat} is not (N+1)²·T with T ≥ 1, or it holds NaN
   *     or ±∞
   * @throws IllegalStateException if this context is closed
   * @throws io.jkernels.kernels.KernelException if the backend fails (e.g. a CUDA driver error, named)
   */
  float[][] binaural(BinauralDecoder decoder, float[] bformat);
}
