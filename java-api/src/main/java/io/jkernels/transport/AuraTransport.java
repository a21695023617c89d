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

  /** Fits on {@link Kernels#shared()}. */
  public static TransportMap fit(float[] source, float[] target, int channels) {
    return fit(Kernels.shared(), source, target, channels);
  }

  /** Fits for {@code context} (the ranks are counted on the host). */
  public static TransportMap fit(KernelContext context, float[] source, float[] target, int channels) {
    return ClosedFormTransports.aura(context, source, target, channels);
  }
}
