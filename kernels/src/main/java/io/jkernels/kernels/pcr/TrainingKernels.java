package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * The small kernels a resident training step needs besides the MLP passes, kernels of the PCR family
 * ({@link PcrKernels}, whose javadoc states the buffer rules): the loss of the network's output against targets with
 * its gradient, the SGD update of the parameters, the finiteness check the public API runs on resident arguments
 * and the zero fill of the Newton solver's states, all on backend buffers so that a step moves no data but the loss itself. The update and the loss
 * gradient give the same bits on every backend as a plain Java loop (see each).
 */
public interface TrainingKernels {
  /**
   * Plain SGD in place: {@code θ_i ← θ_i − (rate·g_i)} for i &lt; count, in float32 with the product rounded before
   * the difference (no fused multiply-add), so every backend equals the Java loop {@code θ[i] -= rate * g[i]} bit
   * for bit. parameters and gradient hold at least {@code count} floats; they are different buffers.
   */
  void sgdUpdate(Buffer parameters, Buffer gradient, float rate, long count);

  /**
   * The mean squared error of {@code predictions[predictionOffset + i]} against {@code targets[i]}, i &lt; count
   * (count ≥ 1): with {@code d_i = (double) p_i − t_i} it writes {@code gradient_i = (float) (2·d_i / count)}
   * (∂L/∂p_i, evaluated in double and rounded once: bit-identical on every backend) and returns
   * {@code L = Σ d_i² / count} accumulated in double (the summation order is the backend's: the CPU adds in index
   * order, a GPU by a fixed tree, so L may differ between backends in its last bits, never from run to run). The
   * offset lets the loss read the last layer of a layers×batch×width state buffer in place. NaN when a d_i is NaN;
   * gradient is a different buffer from predictions and targets.
   */
  double meanSquaredError(Buffer predictions, long predictionOffset, Buffer targets, Buffer gradient, long count);

  /**
   * Whether all of the first {@code count} floats of {@code x} are finite (no NaN, no ±∞): the check the public API
   * runs on resident arguments without copying them to the host (one pass; only a flag comes back).
   */
  boolean allFinite(Buffer x, long count);

  /**
   * Zeroes the first {@code count} floats of {@code x} on the backend (a device memset on CUDA), so that zeroing a
   * state buffer (allocate's contents are not promised to be zero) copies nothing from the host.
   */
  void fillZero(Buffer x, long count);
}
