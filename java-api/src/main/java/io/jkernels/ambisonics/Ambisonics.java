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
   * @return (order+1)² × signal.length floats, planar
   */
  float[] encode(float[] signal, int order, double azimuth, double elevation, Normalization normalization);

  /**
   * Sources mixed into one B-format (the GEMM-shaped kernel: (N+1)² × M gains times M × T signals):
   * {@code B[c][t] = Σ_m y_c(u_m) · signals[m][t]}. All signals have the same length T; at least one source.
   */
  float[] encodeSources(float[][] signals, double[] azimuths, double[] elevations, int order,
      Normalization normalization);

  /**
   * As {@link #encodeSources(float[][], double[], double[], int, Normalization)}, each source also attenuated by
   * the distance gain {@code 1/r_m} (unit gain at 1 m; distances finite and &gt; 0, metres).
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
   * @param hop samples between keyframes, ≥ 1
   */
  float[] encodeMoving(float[] signal, double[] azimuths, double[] elevations, int hop, int order,
      Normalization normalization);

  /**
   * The sound field rotated by R = Rz(yaw)·Ry(pitch)·Rx(roll) (radians): a source at u is heard at R·u; a pure yaw
   * moves azimuth φ to φ + yaw ({@link ShRotation}). ACN channel order in SN3D, N3D or ORTHONORMAL (the same
   * matrix for all three; convert FuMa first). Yaw-only rotations cost 2 terms per channel.
   */
  float[] rotate(float[] bformat, int order, double yaw, double pitch, double roll);

  /**
   * Time-varying rotation (head tracking): rotation k (yaws[k], pitches[k], rolls[k]) is reached at sample k·block
   * and the output crossfades linearly to rotation k+1 over the next block (a crossfade of the two rotated signals,
   * which equals interpolating the matrices); after the last rotation it holds.
   *
   * @param block samples per rotation, ≥ 1
   */
  float[] rotate(float[] bformat, int order, double[] yaws, double[] pitches, double[] rolls, int block);

  /**
   * Speaker feeds {@code F[l][t] = Σ_c D_lc · B[c][t]}; {@code order} must be the decoder's, and the B-format in
   * the decoder's normalisation.
   *
   * @return one array of T samples per speaker, in the layout's order
   */
  float[][] decode(Decoder decoder, float[] bformat, int order);

  /**
   * Near-field compensation (NFC-HOA) of an order-N B-format, every degree-n channel filtered by
   * {@link NearFieldFilter#design(int, double, double, double)}: a source at {@code sourceDistance} metres
   * reproduced on loudspeakers at radius {@code speakerRadius} ({@code Double.POSITIVE_INFINITY} for a plane wave:
   * only the loudspeakers' near field is compensated). The recursive filters run on the CPU (sequential in time;
   * one channel per task) on every backend.
   */
  float[] nearFieldCompensation(float[] bformat, int order, double speakerRadius, double sourceDistance,
      double sampleRate);
}
