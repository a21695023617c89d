package io.jkernels.pcr;

/**
 * How the Newton iteration of a resident {@link Pcr#deepPcrForward(ResidentMlp, io.jkernels.FloatArray,
 * io.jkernels.FloatArray, int, NewtonOptions)} went (the states are in the caller's array): the iterations used, the
 * final residual {@code max |x − f(x)|} of exactly the states written (NaN when non-finite), whether it met the
 * tolerance, and whether a NaN or ∞ appeared (then not converged). The fields of {@link DeepPcrResult} without the
 * states.
 *
 * @param iterations Newton iterations taken
 * @param residual max |x_l − f_l(x_{l-1})| of the states written, NaN when a value is not finite
 * @param converged whether the residual met the tolerance
 * @param nonFinite whether a NaN or ±∞ appeared (then {@code converged} is false)
 */
public record NewtonOutcome(int iterations, double residual, boolean converged, boolean nonFinite) {}
