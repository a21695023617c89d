package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import java.util.Random;

/**
 * Random square MLPs for the DeepPCR pipelines: Gaussian weights rescaled per layer to the regime's spectral norm
 * (estimated by power iteration), Gaussian biases of standard deviation 0.1.
 */
public final class RandomMlp {
  private static final int POWER_ITERATIONS = 50;

  private RandomMlp() {}

  /** An MLP of {@code layers} maps of {@code width} units whose weights have the regime's spectral norm. */
  public static Mlp build(Activation activation, int layers, int width, Regime regime, Random random) {
    if (layers < 1 || width < 1) {
      throw new IllegalArgumentException("layers and width must be >= 1, got " + layers + ", " + width);
    }
    float[] weights = new float[Math.multiplyExact(Math.multiplyExact(layers, width), width)];
    float[] biases = new float[layers * width];
    double[] w = new double[width * width];
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < w.length; i++) {
        w[i] = random.nextGaussian() / Math.sqrt(width);
      }
      double scale = regime.spectralNorm() / spectralNorm(w, width, random);
      for (int i = 0; i < w.length; i++) {
        weights[l * width * width + i] = (float) (w[i] * scale);
      }
      for (int j = 0; j < width; j++) {
        biases[l * width + j] = (float) (0.1 * random.nextGaussian());
      }
    }
    return Mlp.of(activation, layers, width, weights, biases);
  }

  /** Gaussian inputs, standard deviation 1: {@code batch×width}. */
  public static float[] inputs(int batch, int width, Random random) {
    float[] x = new float[Math.multiplyExact(batch, width)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** ‖W‖₂ of a row-major width×width matrix: power iteration on WᵀW from a random start. */
  static double spectralNorm(double[] w, int width, Random random) {
    double[] v = new double[width];
    for (int j = 0; j < width; j++) {
      v[j] = random.nextGaussian();
    }
    double[] u = new double[width];
    double sigma = 0;
    for (int it = 0; it < POWER_ITERATIONS; it++) {
      normalise(v);
      multiply(w, width, v, u, false);
      multiply(w, width, u, v, true);
      sigma = Math.sqrt(norm(v));
    }
    return sigma > 0 ? sigma : 1;
  }

  private static void multiply(double[] w, int n, double[] x, double[] y, boolean transposed) {
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += (transposed ? w[j * n + i] : w[i * n + j]) * x[j];
      }
      y[i] = s;
    }
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static void normalise(double[] v) {
    double n = norm(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = n > 0 ? v[i] / n : 1;
    }
  }
}
