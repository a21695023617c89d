package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * Batched tridiagonal solve (row i of system s at {@code s*size + i}), one kernel of the PCR family
 * ({@link PcrKernels}, whose javadoc states the buffer rules).
 */
public interface TridiagonalSolver {
  /**
   * Solves {@code batch} tridiagonal systems {@code lower[i] x[i−1] + diag[i] x[i] + upper[i] x[i+1] = rhs[i]}
   * (i = 0..size−1; {@code lower[s*size]} and {@code upper[s*size+size−1]} are ignored: they may hold
   * anything, NaN included) into {@code x}.
   * Systems with {@code |diag[i]| ≥ |lower[i]| + |upper[i]|} on every row take the non-pivoting fast path
   * (Thomas on the CPU, PCR on the GPU); the others, and any fast-path system whose result is not finite, are
   * solved by LU with partial pivoting (LAPACK sgtsv's elimination). A system with NaN or ±∞ in any of its read
   * entries gets NaN in all its {@code x} entries and never disturbs another system.
   *
   * @return the smallest index of a singular system (a zero pivot in the pivoting LU, or a non-finite LU result
   *     from finite data: singular to float32 precision), or −1 when every system was solved; {@code x} of a
   *     singular system is unspecified
   */
  long solveTridiagonal(Buffer lower, Buffer diag, Buffer upper, Buffer rhs, Buffer x, int size, long batch);
}
