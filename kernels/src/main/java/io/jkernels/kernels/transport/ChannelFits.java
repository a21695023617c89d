package io.jkernels.kernels.transport;

/**
 * Result of a per-channel fit (see {@link TransportKernels#fit}): ω, β, the source's support [min, max], which
 * channels had a constant source (those get ω = 1, β = m_b − m_a), and the source quantiles of
 * {@link SourceQuantiles} level-major ({@code quantiles[level·channels + c]}). The per-channel arrays have one entry
 * per channel.
 */
public record ChannelFits(double[] omega, double[] beta, float[] sourceMin, float[] sourceMax, boolean[] degenerate,
    float[] quantiles) {
  /** Empty results for {@code channels} channels, to be filled channel by channel. */
  public static ChannelFits forChannels(int channels) {
    return new ChannelFits(new double[channels], new double[channels], new float[channels], new float[channels],
        new boolean[channels], new float[SourceQuantiles.COUNT * channels]);
  }
}
