/**
 * Parallel cyclic reduction and DeepPCR (Danieli et al., NeurIPS 2023) through {@link io.jkernels.pcr.Pcr}, from
 * {@code KernelContext.pcr()}.
 *
 * <h2>Layouts (float32, flat, row-major)</h2>
 * <ul>
 *   <li>Tridiagonal systems: {@code batch} systems of {@code size} rows; row i of system s at {@code s*size + i}
 *       in {@code lower}, {@code diag}, {@code upper}, {@code rhs} and the solution (each size×batch floats).
 *   <li>Recurrences: steps-major, {@code x[l*width + j]} (steps×width); dense coefficient matrices
 *       steps×width×width row-major, {@code A_l[i][j]} at {@code (l*width + i)*width + j}; {@code x0} width floats.
 *   <li>MLPs ({@link io.jkernels.pcr.Mlp}): inputs batch×width; states layers×batch×width,
 *       {@code x[(l*batch + s)*width + j]}.
 * </ul>
 * Training loops that should move no data between steps upload the network once ({@link
 * io.jkernels.pcr.Pcr#upload(io.jkernels.pcr.Mlp)} → {@link io.jkernels.pcr.ResidentMlp}) and use the resident
 * forms of the MLP calls, {@code meanSquaredError} and {@code sgdUpdate}, on {@code FloatArray}s of the same context.
 * Errors follow the library's one rule (see {@link io.jkernels}): {@code NullPointerException} for a null argument,
 * {@code IllegalArgumentException} naming the argument and the expected shape for any other bad argument (checked
 * before anything is written), {@code ArithmeticException} for a singular system, {@code KernelException} for a
 * backend failure.
 */
package io.jkernels.pcr;
