package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NewtonChainTest {
  /** x_k = 0.5·x_{k−1} + 1 per unit (affine, width 2), or NaN from step {@code nanFrom} on. */
  private record Affine(int steps, int nanFrom) implements NewtonChain.Chain {
    @Override
    public int width() {
      return 2;
    }

    @Override
    public void evaluate(int k, float[] prev, int prevOff, float[] out, int outOff) {
      for (int j = 0; j < 2; j++) {
        out[outOff + j] = k >= nanFrom ? Float.NaN : 0.5f * prev[prevOff + j] + 1;
      }
    }

    @Override
    public void jacobian(int k, float[] prev, int prevOff, float[] jacobian, int off) {
      jacobian[off] = 0.5f;
      jacobian[off + 1] = 0;
      jacobian[off + 2] = 0;
      jacobian[off + 3] = 0.5f;
    }
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void anAffineChainIsSolvedByOneIteration(Pcr pcr) {
    float[] start = {4, -2};
    NewtonChain.Solution s = NewtonChain.solve(pcr, new Affine(17, Integer.MAX_VALUE), start,
        NewtonChain.defaultOptions(17));
    assertEquals(1, s.iterations(), "Newton is exact on a linear chain");
    assertTrue(s.converged());
    // Analytic: x_k − 2 = 0.5^{k+1} (x_T − 2); float32 rounding of a contracting chain stays at ~1e-7.
    for (int k = 0; k < 17; k++) {
      double p = Math.pow(0.5, k + 1);
      assertEquals(2 + p * (4 - 2), s.states()[2 * k], 1e-6);
      assertEquals(2 + p * (-2 - 2), s.states()[2 * k + 1], 1e-6);
    }
    assertArrayEquals(NewtonChain.sequential(new Affine(17, Integer.MAX_VALUE), start), s.states(), 1e-6f);
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void aNonFiniteStepStopsItUnconverged(Pcr pcr) {
    NewtonChain.Batch b = NewtonChain.solveEach(pcr, s -> new Affine(9, s == 1 ? 4 : Integer.MAX_VALUE), 2,
        new float[] {1, 2, 3, 4}, new NewtonOptions(1e-6, 50));
    assertTrue(b.nonFinite());
    assertFalse(b.converged());
    assertEquals(Double.POSITIVE_INFINITY, b.residual());
    assertTrue(b.maxIterations() <= 1, "stopped at the first non-finite evaluation, not after 50: " + b);
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void badShapesAreIllegalArguments(Pcr pcr) {
    NewtonOptions o = NewtonChain.defaultOptions(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NewtonChain.solve(pcr, new Affine(3, 9), new float[3], o));
    assertTrue(e.getMessage().contains("start"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NewtonChain.solveEach(pcr, s -> new Affine(3, 9), 2, new float[3], o));
    assertTrue(e.getMessage().contains("starts"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NewtonChain.solveEach(pcr, s -> new Affine(3 + s, 9), 2, new float[4], o));
    assertTrue(e.getMessage().contains("every chain"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NewtonChain.sequential(new Affine(0, 9), new float[2]));
    assertTrue(e.getMessage().contains("steps >= 1"), e.getMessage());
    assertEquals("chain", assertThrows(NullPointerException.class,
        () -> NewtonChain.solve(pcr, null, new float[2], o)).getMessage());
  }
}
