package io.jkernels.kernels.room;

import io.jkernels.kernels.Buffer;

/**
 * Backend contract of the room family: the synthesis half of the image-source method (Allen and Berkley 1979). The
 * public API ({@code io.jkernels.ambisonics.room.RoomSimulation}) enumerates the images in double (geometry,
 * reflection counts, per-band gains, directions of arrival) and hands each image's fractional delay, gains and
 * per-channel weights to {@link #synthesize}, which writes the multichannel impulse responses of one room or a
 * batch of rooms.
 */
public interface ImageSourceKernels {
  /**
   * For every room r, band b, channel c and output sample t &lt; samples,
   * <pre>
   *   out[((r·bands + b)·channels + c)·samples + t] = Σ_{i ∈ room r} gains[b·N + i] · weights[i·channels + c] · h(t − delays[i])
   *   h(x) = sinc(x) · ½(1 + cos(π x / W))   for |x| &lt; W,   0 otherwise,   sinc(x) = sin(πx)/(πx),  sinc(0) = 1
   * </pre>
   * (a Hann-windowed sinc of half-width W = {@code halfWidth} samples: the fractional delay). Room r owns images
   * {@code imageStart[r] ≤ i < imageStart[r+1]}; N = {@code imageStart[rooms]} images in all; within a room the
   * delays (in samples, finite, ≥ 0) are ascending, so the images reaching one output sample are a contiguous run
   * found by binary search: every backend gathers per output sample (or per block of samples it owns), never
   * scatters with atomics. {@code out} holds at least rooms·bands·channels·samples floats and is overwritten there.
   * Sums are in float32 in ascending image order per output (the reference is float64); a backend may group the
   * terms differently.
   *
   * @param imageStart rooms + 1 non-decreasing offsets, {@code imageStart[0] == 0}
   */
  void synthesize(Buffer delays, Buffer gains, Buffer weights, int[] imageStart, int bands, int channels,
      int samples, int halfWidth, Buffer out);
}
