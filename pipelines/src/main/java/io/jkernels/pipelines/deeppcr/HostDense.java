package io.jkernels.pipelines.deeppcr;

/**
 * The classifier's two small dense layers on the host, {@code y = A x + b} for a batch ({@code A} out×in
 * row-major, x batch×in, y batch×out), and their backward pass. Sums are accumulated in double. Both training runs
 * use these same loops, so the host part of a step is bit-identical between them and any difference in the losses
 * comes from the trunk's passes.
 */
final class HostDense {
  private HostDense() {}

  /** {@code y[s] = A x[s] + b}. */
  static float[] forward(float[] a, float[] b, float[] x, int batch, int in, int out) {
    float[] y = new float[batch * out];
    for (int s = 0; s < batch; s++) {
      for (int i = 0; i < out; i++) {
        double sum = b[i];
        for (int j = 0; j < in; j++) {
          sum += (double) a[i * in + j] * x[s * in + j];
        }
        y[s * out + i] = (float) sum;
      }
    }
    return y;
  }

  /** {@code dx[s] = Aᵀ dy[s]} (batch×in). */
  static float[] inputGradient(float[] a, float[] dy, int batch, int in, int out) {
    float[] dx = new float[batch * in];
    double[] row = new double[in];
    for (int s = 0; s < batch; s++) {
      java.util.Arrays.fill(row, 0);
      for (int i = 0; i < out; i++) {
        double g = dy[s * out + i];
        for (int j = 0; j < in; j++) {
          row[j] += g * a[i * in + j];
        }
      }
      for (int j = 0; j < in; j++) {
        dx[s * in + j] = (float) row[j];
      }
    }
    return dx;
  }

  /** {@code dA = Σ_s dy[s] x[s]ᵀ} (out×in) and {@code db = Σ_s dy[s]} (out), written into the arrays given. */
  static void parameterGradients(float[] dy, float[] x, int batch, int in, int out, float[] dA, float[] db) {
    for (int i = 0; i < out; i++) {
      double bias = 0;
      for (int s = 0; s < batch; s++) {
        bias += dy[s * out + i];
      }
      db[i] = (float) bias;
      for (int j = 0; j < in; j++) {
        double sum = 0;
        for (int s = 0; s < batch; s++) {
          sum += (double) dy[s * out + i] * x[s * in + j];
        }
        dA[i * in + j] = (float) sum;
      }
    }
  }
}
