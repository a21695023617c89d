package io.jkernels.pcr;

/**
 * Outcome of {@link Pcr#deepPcrForward}: the states (layers×batch×width), Newton iterations used, the final
 * residual max |x − f(x)|, whether it met the tolerance, and whether a non-finite value appeared (then converged
 * is false).
 */
public record DeepPcrResult(float[] states, int iterations, double residual, boolean converged, boolean nonFinite) {}
