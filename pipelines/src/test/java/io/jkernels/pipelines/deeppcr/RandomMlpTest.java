package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomMlpTest {
  @Test
  void everyLayerHasTheRegimesSpectralNorm() {
    for (Regime regime : Regime.values()) {
      int width = 11;
      Mlp mlp = RandomMlp.build(Activation.TANH, 3, width, regime, new Random(4));
      float[] w = mlp.weights();
      Random probe = new Random(9);
      for (int l = 0; l < 3; l++) {
        // ‖W v‖ ≤ ‖W‖₂ ‖v‖ for every v, with equality near the top singular vector (found by power iteration).
        double[] layer = new double[width * width];
        for (int i = 0; i < layer.length; i++) {
          layer[i] = w[l * width * width + i];
        }
        double largest = 0;
        for (int trial = 0; trial < 200; trial++) {
          double[] v = new double[width];
          double vn = 0;
          for (int j = 0; j < width; j++) {
            v[j] = probe.nextGaussian();
            vn += v[j] * v[j];
          }
          double wn = 0;
          for (int i = 0; i < width; i++) {
            double s = 0;
            for (int j = 0; j < width; j++) {
              s += layer[i * width + j] * v[j];
            }
            wn += s * s;
          }
          largest = Math.max(largest, Math.sqrt(wn / vn));
        }
        assertTrue(largest <= regime.spectralNorm() * (1 + 1e-5), "layer " + l + ": " + largest);
        assertEquals(regime.spectralNorm(), RandomMlp.spectralNorm(layer, width, probe), 1e-4 * regime.spectralNorm());
      }
    }
  }
}
