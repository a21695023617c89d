package io.jkernels.pipelines.deeppcr;

/**
 * The classification loss: for logits z (batch×classes) and labels y, {@code L = −(1/B) Σ_s log softmax(z_s)[y_s]},
 * computed stably ({@code log Σ exp(z − max z)}) in double; its gradient {@code ∂L/∂z_s = (softmax(z_s) − e_{y_s})/B}.
 */
final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /** The mean loss; writes ∂L/∂z into {@code gradient} (batch×classes). */
  static double loss(float[] logits, int[] labels, int batch, int classes, float[] gradient) {
    double total = 0;
    double[] p = new double[classes];
    for (int s = 0; s < batch; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, logits[s * classes + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        p[k] = Math.exp(logits[s * classes + k] - max);
        sum += p[k];
      }
      total += Math.log(sum) + max - logits[s * classes + labels[s]];
      for (int k = 0; k < classes; k++) {
        gradient[s * classes + k] = (float) ((p[k] / sum - (k == labels[s] ? 1 : 0)) / batch);
      }
    }
    return total / batch;
  }

  /** How many samples' largest logit is their label (ties go to the lowest class). */
  static int correct(float[] logits, int[] labels, int batch, int classes) {
    int right = 0;
    for (int s = 0; s < batch; s++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (logits[s * classes + k] > logits[s * classes + best]) {
          best = k;
        }
      }
      right += best == labels[s] ? 1 : 0;
    }
    return right;
  }
}
