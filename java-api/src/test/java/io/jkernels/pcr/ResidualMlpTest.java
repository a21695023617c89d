package io.jkernels.pcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Residual MLP blocks {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)} through the public API on every CPU backend:
 * cases solved by hand, a 1024-block net at ResNet-initialisation scale (Newton converges in a few iterations and
 * agrees with the sequential pass), and bad input. The float64-reference conformance checks are in validation.
 */
class ResidualMlpTest {
  private static final KernelContext SCALAR = Kernels.open(Backend.SCALAR);
  private static final KernelContext VECTOR =
      Kernels.available().contains(Backend.VECTOR) ? Kernels.open(Backend.VECTOR) : null;
  /** One float32 rounding. */
  private static final double EPS = Math.ulp(1f);

  static Stream<Pcr> backends() {
    return VECTOR == null ? Stream.of(SCALAR.pcr()) : Stream.of(SCALAR.pcr(), VECTOR.pcr());
  }

  @AfterAll
  static void close() {
    SCALAR.close();
    if (VECTOR != null) {
      VECTOR.close();
    }
  }

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble(-1, 1) * scale);
    }
    return v;
  }

  /**
   * Identity activation and W = 0: every block adds its bias, x_l = u + c_0 + … + c_l (small integers, exact in
   * float32). Newton needs one step (J = I exactly, the system is linear); backpropagation through the skip path
   * alone gives dInputs = g, dc_l = g summed over the batch, dW_l = Σ_s g_s x_{l-1,s}ᵀ.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void biasesAccumulateAlongTheSkipPath(Pcr pcr) {
    int layers = 5;
    int width = 3;
    int batch = 2;
    float[] c = new float[layers * width];
    for (int i = 0; i < c.length; i++) {
      c[i] = (i % 7) - 3;
    }
    Mlp mlp = Mlp.residual(Activation.IDENTITY, layers, width, new float[layers * width * width], c);
    assertTrue(mlp.isResidual());
    assertFalse(Mlp.of(Activation.IDENTITY, layers, width, new float[layers * width * width], c).isResidual());
    float[] u = {1, 2, 3, -1, -2, -3};
    float[] expected = new float[layers * batch * width];
    for (int s = 0; s < batch; s++) {
      for (int j = 0; j < width; j++) {
        float x = u[s * width + j];
        for (int l = 0; l < layers; l++) {
          x += c[l * width + j];
          expected[(l * batch + s) * width + j] = x;
        }
      }
    }
    assertArrayEquals(expected, pcr.sequentialForward(mlp, u, batch));
    DeepPcrResult r = pcr.deepPcrForward(mlp, u, batch, NewtonOptions.defaults());
    assertTrue(r.converged());
    assertEquals(1, r.iterations(), "a linear system: one Newton step is exact");
    assertArrayEquals(expected, r.states());

    float[] g = {0.5f, -1, 2, 1, 0.25f, -0.5f};
    for (MlpGradients grads : new MlpGradients[] {pcr.deepPcrBackward(mlp, u, expected, g, batch),
        pcr.sequentialBackward(mlp, u, expected, g, batch)}) {
      assertArrayEquals(g, grads.inputs(), "dInputs = g through the identity path");
      for (int l = 0; l < layers; l++) {
        for (int i = 0; i < width; i++) {
          assertEquals(g[i] + g[width + i], grads.biases()[l * width + i], "dc_" + l + "[" + i + "]");
          for (int j = 0; j < width; j++) {
            double dw = 0;
            for (int s = 0; s < batch; s++) {
              float prev = l == 0 ? u[s * width + j] : expected[((l - 1) * batch + s) * width + j];
              dw += g[s * width + i] * prev;
            }
            assertEquals(dw, grads.weights()[(l * width + i) * width + j], 0, "dW_" + l + "[" + i + "][" + j + "]");
          }
        }
      }
    }
  }

  /**
   * One unit, identity activation: x_l = (1 + w_l) x_{l-1} + c_l, solved by hand in float64; backward
   * dx_{l-1} = (1 + w_l) dx_l. Compared to a few float32 roundings per block, relative to the value.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void oneUnitLinearChainMatchesTheHandSolution(Pcr pcr) {
    int layers = 7;
    float[] w = {0.5f, -0.25f, 0.125f, 1, -0.5f, 0.75f, -0.125f};
    float[] c = {1, -2, 0.5f, 0.25f, -1, 2, 0};
    Mlp mlp = Mlp.residual(Activation.IDENTITY, layers, 1, w, c);
    double x = 0.75;
    double[] states = new double[layers];
    for (int l = 0; l < layers; l++) {
      x = (1 + w[l]) * x + c[l];
      states[l] = x;
    }
    DeepPcrResult r = pcr.deepPcrForward(mlp, new float[] {0.75f}, 1, NewtonOptions.defaults());
    float[] seq = pcr.sequentialForward(mlp, new float[] {0.75f}, 1);
    for (int l = 0; l < layers; l++) {
      double tol = 4 * layers * EPS * (1 + Math.abs(states[l]));
      assertEquals(states[l], r.states()[l], tol, "Newton x_" + l);
      assertEquals(states[l], seq[l], tol, "sequential x_" + l);
    }
    MlpGradients grads = pcr.deepPcrBackward(mlp, new float[] {0.75f}, seq, new float[] {1}, 1);
    double y = 1;
    for (int l = layers - 1; l >= 0; l--) {
      assertEquals(y, grads.biases()[l], 4 * layers * EPS * Math.abs(y), "dc_" + l);
      y *= 1 + w[l];
    }
    assertEquals(y, grads.inputs()[0], 4 * layers * EPS * Math.abs(y), "dInputs");
  }

  /**
   * 1024 tanh blocks of width 8 at ResNet-initialisation scale (each block a small perturbation of the identity):
   * Newton converges in a handful of iterations, since J_l = I + diag(s) W_l barely changes with x, and the states
   * agree with the sequential pass. Tolerance: both passes make about one rounding per block on states of order 1,
   * and errors add along the skip path without amplification beyond the product of the near-identity Jacobians
   * (measured here as the ratio of the gradient to the output gradient), so 1024 blocks × a few ε × that growth.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aThousandResidualBlocksConvergeAndMatchTheSequentialPass(Pcr pcr) {
    int layers = 1024;
    int width = 8;
    int batch = 2;
    SplittableRandom r = new SplittableRandom(13);
    double blockScale = 0.5 / Math.sqrt((double) layers);
    float[] w = random(r, layers * width * width, blockScale / Math.sqrt(width));
    float[] c = random(r, layers * width, blockScale);
    float[] u = random(r, batch * width, 1);
    Mlp mlp = Mlp.residual(Activation.TANH, layers, width, w, c);
    float[] seq = pcr.sequentialForward(mlp, u, batch);
    DeepPcrResult res = pcr.deepPcrForward(mlp, u, batch, new NewtonOptions(1e-6, 64));
    assertTrue(res.converged(), "converged, residual " + res.residual());
    assertTrue(res.iterations() <= 8, "near-identity blocks converge in a few Newton iterations, took "
        + res.iterations());
    double maxState = 0;
    for (float v : seq) {
      maxState = Math.max(maxState, Math.abs(v));
    }
    float[] g = random(r, batch * width, 1);
    MlpGradients bp = pcr.sequentialBackward(mlp, u, seq, g, batch);
    double growth = 0;
    for (float v : bp.inputs()) {
      growth = Math.max(growth, Math.abs(v));
    }
    double tol = 4 * layers * EPS * (1 + maxState) * Math.max(1, growth);
    for (int i = 0; i < seq.length; i++) {
      assertEquals(seq[i], res.states()[i], tol, "state " + i);
    }
    MlpGradients pcrGrads = pcr.deepPcrBackward(mlp, u, seq, g, batch);
    double gradTol = 4 * layers * EPS * Math.max(1, growth) * (1 + maxState);
    for (int i = 0; i < bp.inputs().length; i++) {
      assertEquals(bp.inputs()[i], pcrGrads.inputs()[i], gradTol, "dInputs " + i);
    }
    for (int i = 0; i < bp.weights().length; i++) {
      assertEquals(bp.weights()[i], pcrGrads.weights()[i], gradTol, "dW " + i);
    }
    for (int i = 0; i < bp.biases().length; i++) {
      assertEquals(bp.biases()[i], pcrGrads.biases()[i], gradTol, "dc " + i);
    }
  }

  private static void assertNames(RuntimeException e, String... words) {
    for (String word : words) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(word),
          () -> "message '" + e.getMessage() + "' does not mention " + word);
    }
  }

  /** A block of the wrong width, non-finite parameters and nulls are refused by name before anything is built. */
  @ParameterizedTest
  @MethodSource("backends")
  void badResidualBlocksAreRefusedByName(Pcr pcr) {
    // 2 blocks of width 3 need 18 weights and 6 biases; a 2×(2×3) block or a width-2 block is not residual
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, new float[12], new float[6])), "weights", "layers×width×width",
        "18", "residual");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, new float[18], new float[4])), "biases", "layers×width", "6");
    float[] nan = new float[18];
    nan[5] = Float.NaN;
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, nan, new float[6])), "weights[5]", "finite");
    float[] inf = new float[6];
    inf[1] = Float.NEGATIVE_INFINITY;
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, new float[18], inf)), "biases[1]", "finite");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 0, 3, new float[0], new float[0])), "layers");
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> Mlp.residual(Activation.TANH, 2, 0, new float[0], new float[0])), "width");
    assertNames(assertThrows(NullPointerException.class,
        () -> Mlp.residual(null, 2, 3, new float[18], new float[6])), "activation");
    assertNames(assertThrows(NullPointerException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, null, new float[6])), "weights");
    assertNames(assertThrows(NullPointerException.class,
        () -> Mlp.residual(Activation.TANH, 2, 3, new float[18], null)), "biases");
    Mlp mlp = Mlp.residual(Activation.TANH, 2, 3, new float[18], new float[6]);
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.deepPcrForward(mlp, new float[4], 2, NewtonOptions.defaults())), "inputs", "batch×width", "6");
    float[] out = new float[11];
    assertNames(assertThrows(IllegalArgumentException.class,
        () -> pcr.sequentialForward(mlp, new float[6], 2, out)), "out", "layers×batch×width", "12");
  }
}
