package io.jkernels.kernels.transport;

/**
 * Result of a per-channel fit: ω, β, the source's support [min, max], and which channels had a zero-variance
 * source (those get ω = 1, β = m_b − m_a).
 */
public record ChannelFits(double[] omega, double[] beta, float[] sourceMin, float[] sourceMax, boolean[] degenerate) {}
