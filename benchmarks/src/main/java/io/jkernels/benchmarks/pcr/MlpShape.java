package io.jkernels.benchmarks.pcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import java.util.Random;

/**
 * One benchmark point "LxWxB": a contracting tanh MLP of L layers of width W (Gaussian weights of standard deviation
 * 0.25/√W, so ‖W_l‖₂ ≈ 0.5, biases 0.1·N(0,1)) and a batch of B Gaussian inputs; or a residual tanh MLP of L blocks
 * at ResNet-initialisation scale (weights 0.5/√(W·L), biases 0.1·N(0,1)/√L: each block a small step from the
 * identity, the product of the L Jacobians of order one).
 */
record MlpShape(int layers, int width, int batch) {
  static MlpShape parse(String shape) {
    String[] parts = shape.split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException("shape must be LxWxB (layers x width x batch), got " + shape);
    }
    return new MlpShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
  }

  Mlp mlp(Random random, boolean residual) {
    if (residual) {
      float[] w = gaussian(random, layers * width * width, 0.5 / Math.sqrt((double) width * layers));
      float[] c = gaussian(random, layers * width, 0.1 / Math.sqrt(layers));
      return Mlp.residual(Activation.TANH, layers, width, w, c);
    }
    float[] w = gaussian(random, layers * width * width, 0.25 / Math.sqrt(width));
    float[] c = gaussian(random, layers * width, 0.1);
    return Mlp.of(Activation.TANH, layers, width, w, c);
  }

  float[] inputs(Random random) {
    return gaussian(random, batch * width, 1);
  }

  static float[] gaussian(Random random, int n, double sd) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (sd * random.nextGaussian());
    }
    return x;
  }
}
