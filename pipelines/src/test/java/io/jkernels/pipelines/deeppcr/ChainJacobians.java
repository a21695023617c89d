package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Checks a chain's Jacobians against central differences of its float32 steps. */
final class ChainJacobians {
  private ChainJacobians() {}

  /**
   * Every step k's {@code jacobian} at a random N(0, 1) point against {@code (F_k(x + h e_c) − F_k(x − h e_c))/2h},
   * h = 1e-2. The float32 step rounds to ~6e-8·|F|, so the differences carry ~1e-5 of rounding and ~h²·|F'''| ≲ 1e-5
   * of truncation for these smooth (tanh) steps: 1e-3 absolute catches a wrong coefficient, term or missing I.
   */
  static void assertMatchFiniteDifferences(NewtonChain.Chain chain, long seed) {
    int w = chain.width();
    Random random = new Random(seed);
    for (int k = 0; k < chain.steps(); k++) {
      float[] x = new float[w];
      for (int j = 0; j < w; j++) {
        x[j] = (float) random.nextGaussian();
      }
      float[] jac = new float[w * w];
      chain.jacobian(k, x, 0, jac, 0);
      for (int c = 0; c < w; c++) {
        float[] plus = x.clone();
        float[] minus = x.clone();
        plus[c] += 0.01f;
        minus[c] -= 0.01f;
        float[] fp = new float[w];
        float[] fm = new float[w];
        chain.evaluate(k, plus, 0, fp, 0);
        chain.evaluate(k, minus, 0, fm, 0);
        for (int r = 0; r < w; r++) {
          double fd = ((double) fp[r] - fm[r]) / ((double) plus[c] - minus[c]);
          assertEquals(fd, jac[r * w + c], 1e-3, "step " + k + " dF_" + r + "/dx_" + c);
        }
      }
    }
  }
}
