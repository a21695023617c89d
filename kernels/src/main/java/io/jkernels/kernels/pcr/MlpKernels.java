package io.jkernels.kernels.pcr;

import io.jkernels.kernels.Buffer;

/**
 * The MLP primitives of DeepPCR's Newton iteration (weights {@code W[(l*width + i)*width + j]}, biases
 * {@code c[l*width + i]}, inputs {@code u[s*width + j]}, state-like arrays layers×batch×width), kernels of the PCR
 * family ({@link PcrKernels}, whose javadoc states the buffer rules). They exist so that the Newton iteration
 * (io.jkernels.internal.pcr) is backend-independent Java.
 *
 * <p>Every primitive takes {@code residual}: false for plain layers {@code x_l = act(W_l x_{l−1} + c_l)}, true for
 * residual blocks {@code x_l = x_{l−1} + act(W_l x_{l−1} + c_l)}, whose Jacobian gains the identity,
 * {@code J_l = I + diag(act′) W_l}, and whose adjoint gains the skip path {@code y_l}; each method says where.
 */
public interface MlpKernels {
  /**
   * Evaluates every layer of the MLP at once from given states (DeepPCR's parallel function evaluation): for all
   * l, s, with {@code x_{−1,s} = inputs_s} and {@code x_{l−1,s} = states_{l−1,s}} otherwise,
   * {@code z = W_l x_{l−1,s} + c_l}; writes {@code values = act(z)} (f_l(x_{l−1})), {@code slopes = act′(z)},
   * and {@code offsets = act(z) − slopes ⊙ (z − c_l)} (= f_l(x_{l−1}) − J_l x_{l−1}, the Newton right-hand side).
   * Residual: {@code values = x_{l−1,s} + act(z)}; slopes and offsets are the same (the identity cancels in
   * f − J x). values, slopes, offsets, states: layers×batch×width.
   */
  void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width, boolean residual);

  /**
   * The Jacobians {@code J_{l,s} = diag(slopes_{l,s}) W_l}, plus I when residual (layers×batch×width×width, the
   * layout of {@link RecurrenceSolver#denseRecurrence}'s a).
   */
  void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width,
      boolean residual);

  /**
   * One DeepPCR Newton step: {@code x_l = J_l x_{l−1} + offsets_l}, {@code J_l = diag(slopes_l) W_l} (plus I when
   * residual), {@code x_{−1} = inputs}, into states (layers×batch×width). {@code jacobians} is scratch of
   * layers×batch×width×width floats when {@link #newtonStepNeedsJacobians()}, else null ({@link PcrKernels}
   * gives the default over the dense recurrence).
   */
  void mlpNewtonStep(Buffer weights, Buffer slopes, Buffer offsets, Buffer inputs, Buffer states,
      Buffer jacobians, int layers, int batch, int width, boolean residual);

  /** Whether {@link #mlpNewtonStep} needs its Jacobian scratch (true unless a backend applies them on the fly). */
  default boolean newtonStepNeedsJacobians() {
    return true;
  }

  /**
   * max over i &lt; count of |x_i − y_i|, or NaN when any x_i or y_i is NaN or infinite (the Newton residual and
   * its non-finite detector in one pass).
   */
  double maxAbsDifference(Buffer x, Buffer y, long count);

  /**
   * {@code out_i = x_i + alpha·y_i} for i &lt; count; {@code out} may be {@code x} (the Newton update in place).
   * DeepPCR's correction-form step uses it for the residual {@code f(x) − x} and the update {@code x + δ}.
   */
  void addScaled(Buffer x, float alpha, Buffer y, Buffer out, long count);

  /**
   * The plain layer-by-layer pass {@code x_l = act(W_l x_{l−1} + c_l)} (residual:
   * {@code x_l = x_{l−1} + act(W_l x_{l−1} + c_l)}), {@code x_{−1} = inputs}, into states.
   */
  void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width, boolean residual);

  /**
   * Ordinary backpropagation of the state adjoints, layer by layer: {@code y_{L−1} = g} (batch×width),
   * {@code y_{l−1} = W_lᵀ (slopes_l ⊙ y_l)}, plus {@code y_l} when residual; y layers×batch×width.
   */
  void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width, boolean residual);

  /**
   * Parameter and input gradients from state adjoints y (= dLoss/dx_l): {@code δ_l = slopes_l ⊙ y_l},
   * {@code dW_l = Σ_s δ_{l,s} x_{l−1,s}ᵀ}, {@code dc_l = Σ_s δ_{l,s}}, {@code dInputs_s = W_0ᵀ δ_{0,s}} (plus
   * {@code y_{0,s}} when residual), with {@code x_{−1} = inputs} and {@code x_{l} = states_l}. dWeights
   * layers×width×width, dBiases layers×width, dInputs batch×width; all three are overwritten.
   */
  void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states, Buffer dInputs,
      Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual);
}
