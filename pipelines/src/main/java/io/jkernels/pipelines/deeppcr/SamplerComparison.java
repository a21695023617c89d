package io.jkernels.pipelines.deeppcr;

/**
 * What a sampler pipeline reports after sampling both ways, step by step and by Newton-PCR ({@link NewtonChain}):
 * {@link DiffusionSampler.Result} (DDPM-style) and {@link DdimSampler.Result} (DDIM).
 */
public interface SamplerComparison {
  /** The sampler and its setting in a few words, e.g. {@code ddim S=100 of T=1000, eta 0, ...}. */
  String setting();

  /** Wall time of the sequential sampler (s, the fastest run, {@link Timing}). */
  double sequentialSeconds();

  /** Wall time of the Newton-PCR sampler (s, the fastest run). */
  double newtonSeconds();

  /** The most Newton iterations any sample's chain took. */
  int maxIterations();

  /** Newton iterations summed over the samples. */
  int totalIterations();

  /** The worst final residual, relative to the states' scale as the stopping rule. */
  double residual();

  /** Whether every sample's chain met the tolerance. */
  boolean converged();

  /** Whether any chain hit a NaN or ∞. */
  boolean nonFinite();

  /** Agreement of the whole trajectories (samples×steps×width). */
  Agreement trajectories();

  /** Agreement of the final samples x_0 (samples×width). */
  Agreement samples();
}
