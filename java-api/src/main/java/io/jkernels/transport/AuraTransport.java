package io.jkernels.transport;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.ClosedFormTransports;

/**
 * AurA (Suau et al. 2024, "Whispering experts"; ml-act's {@code AURAHook}): each unit is dampened by how well it
 * tells the source (positive class, e.g. toxic) from the target: with AUROC_c the area under the ROC curve of unit c
 * as a classifier (P(a &gt; b) + ½·P(a = b), as scikit-learn's roc_auc_score),
 * <pre>
 *   ω_c = 1 − Gini_c = 1 − 2·(AUROC_c − ½)   where AUROC_c &gt; ½,  else 1;     β_c = 0
 * </pre>
 * on the whole real line. Samples as in {@link LinearTransport}; the AUROC is a merge of the sorted columns in double.
 */
public final class AuraTransport {
  private AuraTransport() {}

  /**
   * Fits on {@link Kernels#shared()}.
   *
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @throws NullPointerException if {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1}, a length is not a positive multiple of
   *     channels (at least one row per side), a side has more rows than a Java array holds, or a sample is NaN
   *     or ±∞ (naming side, row and channel)
   */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels);
  }

  /**
   * Fits for {@code context} (the ranks are counted on the host, so the backend is not used).
   *
   * @param context the context the map is meant for, from {@code Kernels.open}
   * @param source source samples, rows×channels floats row-major (sample r, channel c at {@code r*channels + c})
   * @param target target samples, rows×channels floats row-major (its own number of rows)
   * @param channels channels per sample, ≥ 1
   * @throws NullPointerException if {@code context}, {@code source} or {@code target} is null (named)
   * @throws IllegalArgumentException if {@code context} does not come from {@code Kernels}, {@code channels < 1}, a
   *     length is not a positive multiple of channels (at least one row per side), a side has more rows than a Java
   *     array holds, or a sample is NaN or ±∞ (naming side, row and channel)
   */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels) {
    return ClosedFormTransports.aura(context, source, target, channels);
  }
}
