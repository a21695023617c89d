package io.jkernels.pcr;

/**
 * Outcome of {@link Pcr#deepPcrForward(Mlp, double[], int, NewtonOptions)}, as {@link DeepPcrResult} in float64:
 * the states (layers×batch×width doubles), Newton iterations used, the final residual max |x − f(x)|, whether it met
 * the tolerance, and whether a non-finite value appeared (then converged is false).
 *
 * @param states the states, layers×batch×width doubles, {@code x[(l*batch + s)*width + j]}
 * @param iterations Newton iterations taken
 * @param residual max |x_l − f_l(x_{l-1})| of exactly the states returned (NaN when non-finite)
 * @param converged residual ≤ tolerance
 * @param nonFinite a NaN or ∞ appeared
 */
public record DeepPcrResult64(double[] states, int iterations, double residual, boolean converged,
    boolean nonFinite) {}
