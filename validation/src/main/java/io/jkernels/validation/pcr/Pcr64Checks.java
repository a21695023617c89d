package io.jkernels.validation.pcr;

import static io.jkernels.validation.pcr.PcrChecks.toFloat;
import static io.jkernels.validation.pcr.PcrChecks.uniform;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult64;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients64;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import io.jkernels.validation.Check;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.pcr.PcrChecks.Kind;
import io.jkernels.validation.pcr.PcrChecks.Systems;
import io.jkernels.validation.reference.PcrReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The conformance cases of the float64 twins of the PCR solves and recurrences (issue 13): the float32 family's
 * routings and awkward sizes (1, primes, tails past warps, tiles and the float64 kernels' own limits: 64-step scan
 * tiles, 1024-row shared PCR, one-block map products up to width 45), analytic systems, and the reason the twins
 * exist: ill-conditioned systems on which float32 loses every digit and float64 keeps most. Tolerances are the
 * float32 family's arguments with ε64 = 1.1e-16 in place of ε32 = 6e-8.
 */
public final class Pcr64Checks {
  private Pcr64Checks() {}

  private static Check check(String operation, String caseName, double tolerance, String toleranceReason,
      boolean large, PcrChecks.Measure body) {
    return new Check("pcr64", operation, caseName, tolerance, toleranceReason, large,
        (context, random) -> body.measure(context.pcr(), random));
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    tridiagonal(checks);
    illConditioned(checks);
    recurrences(checks);
    mlp(checks);
    return checks;
  }

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  private static final String DOMINANT_REASON =
      "strictly dominant (|d| − |l| − |u| ≥ 0.25, ‖A‖∞ ≤ 7): condition number ≤ 28, so float64 Thomas/PCR "
          + "stays within ≈ 28·ε64·√n ≲ 1e-13 (PCR's error growth ≤ 4 on the systems it takes)";
  private static final String BACKWARD_REASON =
      "backward residual ‖Ax−b‖/(‖A‖‖x‖+‖b‖): LU with partial pivoting and Thomas on dominant rows are backward "
          + "stable, a small multiple of ε64 = 1.1e-16 whatever the conditioning";

  /**
   * {@code batch} random strictly dominant systems of {@code n} rows in float64 against the float64 reference (also
   * the cost survey's case for the float64 global PCR rounds, which only systems longer than 1024 rows take).
   */
  public static ConformanceCheck dominantTridiagonal(int n, int batch, boolean large) {
    return check("solveTridiagonal", "dominant size=" + n + " batch=" + batch, 1e-12, DOMINANT_REASON, large,
        (pcr, random) -> {
          Systems sy = PcrChecks.systems(random, n, batch, Kind.DOMINANT);
          double[] x = pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), n, batch);
          return Errors.relative(x, PcrReference.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), n, batch));
        });
  }

  private static void tridiagonal(List<ConformanceCheck> checks) {
    // Dominant cases first, in the float32 family's order: the cost survey measures each operation's first cases.
    for (int n : new int[] {1, 2, 3, 33, 257, 1023, 1025, 2049, 65537}) {
      int batch = n >= 1023 ? (n > 60000 ? 3 : 11) : (n >= 255 ? 37 : 67);
      checks.add(dominantTridiagonal(n, batch, n > 60000));
    }
    for (int n : new int[] {1, 3, 33, 1025}) {
      int batch = n > 1000 ? 5 : 19;
      checks.add(check("solveTridiagonal", "weakly dominant size=" + n + " batch=" + batch + " (out form)", 1e-14,
          BACKWARD_REASON, false, (pcr, random) -> {
            Systems sy = PcrChecks.systems(random, n, batch, Kind.WEAK);
            double[] x = new double[n * batch];
            pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), n, batch, x);
            return PcrReference.backwardResidual(sy.l(), sy.d(), sy.u(), sy.r(), x, n, batch);
          }));
      checks.add(check("solveTridiagonal", "non-dominant (pivoting) size=" + n + " batch=" + batch, 1e-14,
          BACKWARD_REASON, false, (pcr, random) -> {
            Systems sy = PcrChecks.systems(random, n, batch, Kind.NONDOMINANT);
            double[] x = pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), n, batch);
            return PcrReference.backwardResidual(sy.l(), sy.d(), sy.u(), sy.r(), x, n, batch);
          }));
    }
    checks.add(check("solveTridiagonal", "mixed dominant and pivoting systems in one batch, size=65 batch=29",
        1e-14, BACKWARD_REASON, false, (pcr, random) -> {
          Systems sy = PcrChecks.systems(random, 65, 29, Kind.MIXED);
          double[] x = pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), 65, 29);
          return PcrReference.backwardResidual(sy.l(), sy.d(), sy.u(), sy.r(), x, 65, 29);
        }));
    checks.add(check("solveTridiagonal", "analytic: Laplacian with known solution, size=129", 1e-11,
        "Dirichlet Laplacian tridiag(−1, 2, −1), condition number ≈ 0.4·n² ≈ 7e3: float64 forward error against the "
            + "exact eigenvector ≲ 7e3·ε64·log n ≈ 5e-12", false, (pcr, random) -> {
          int n = 129;
          double[] l = new double[n];
          double[] d = new double[n];
          double[] u = new double[n];
          double[] rhs = new double[n];
          double[] exact = new double[n];
          Arrays.fill(l, -1);
          Arrays.fill(d, 2);
          Arrays.fill(u, -1);
          // A sin(π(i+1)/(n+1)) = 2(1 − cos(π/(n+1))) sin(π(i+1)/(n+1)): an eigenvector, so x is known exactly
          double lambda = 2 * (1 - Math.cos(Math.PI / (n + 1)));
          for (int i = 0; i < n; i++) {
            exact[i] = Math.sin(Math.PI * (i + 1) / (n + 1));
            rhs[i] = lambda * exact[i];
          }
          return Errors.relative(pcr.solveTridiagonal(l, d, u, rhs, n, 1), exact);
        }));
    checks.add(check("solveTridiagonal", "singular weakly dominant (Neumann Laplacian) system 3 of 6", 0,
        "exact: must throw ArithmeticException naming system 3", false, (pcr, random) -> {
          Systems sy = PcrChecks.systems(random, 17, 6, Kind.DOMINANT);
          for (int i = 0; i < 17; i++) {
            sy.l()[3 * 17 + i] = -1;
            sy.u()[3 * 17 + i] = -1;
            sy.d()[3 * 17 + i] = i == 0 || i == 16 ? 1 : 2;
          }
          return expectSingular(pcr, sy, 3);
        }));
    checks.add(check("solveTridiagonal", "singular non-dominant system 10 of 11 (tail lane)", 0,
        "exact: must throw ArithmeticException naming system 10", false, (pcr, random) -> {
          Systems sy = PcrChecks.systems(random, 9, 11, Kind.DOMINANT);
          for (int i = 0; i < 9; i++) {
            sy.l()[10 * 9 + i] = 0;
            sy.u()[10 * 9 + i] = 1;
            sy.d()[10 * 9 + i] = i == 4 ? 0 : 0.5;
          }
          return expectSingular(pcr, sy, 10);
        }));
    checks.add(check("solveTridiagonal", "poisoned systems (NaN, +∞) leave the others bit for bit", 0,
        "exact: systems never mix, so the clean systems' bits cannot depend on a poisoned neighbour", false,
        (pcr, random) -> {
          int n = 33;
          int batch = 19;
          Systems sy = PcrChecks.systems(random, n, batch, Kind.MIXED);
          double[] clean = pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), n, batch);
          double[] l = sy.l().clone();
          double[] d = sy.d().clone();
          double[] rhs = sy.r().clone();
          l[5 * n + 7] = Double.NaN;
          d[1 * n + 3] = Double.POSITIVE_INFINITY;
          rhs[18 * n + 32] = Double.NEGATIVE_INFINITY;
          double[] poisoned = pcr.solveTridiagonal(l, d, sy.u(), rhs, n, batch);
          for (int s = 0; s < batch; s++) {
            boolean bad = s == 5 || s == 1 || s == 18;
            for (int i = 0; i < n; i++) {
              double p = poisoned[s * n + i];
              if (bad ? !Double.isNaN(p)
                  : Double.doubleToRawLongBits(p) != Double.doubleToRawLongBits(clean[s * n + i])) {
                throw new AssertionError("system " + s + " row " + i + ": " + p + " (clean " + clean[s * n + i]
                    + (bad ? ", poisoned: expected NaN)" : ")"));
              }
            }
          }
          return 0;
        }));
  }

  private static double expectSingular(Pcr pcr, Systems sy, int system) {
    try {
      pcr.solveTridiagonal(sy.l(), sy.d(), sy.u(), sy.r(), sy.n(), sy.batch());
    } catch (ArithmeticException e) {
      if (e.getMessage() == null || !e.getMessage().contains("system " + system + " ")) {
        throw new AssertionError("exception does not name system " + system + ": " + e.getMessage());
      }
      return 0;
    }
    throw new AssertionError("no ArithmeticException for singular system " + system);
  }

  // ---- the reason for float64: ill-conditioned systems ---------------------------------------------------------

  /**
   * The Neumann Laplacian (tridiag(−1, 2, −1) with corner entries 1: singular, its null vector all ones) shifted by
   * δ·I with δ a power of two, so every entry, the right-hand side δ·1 and the exact solution x = 1 are exact in
   * double: eigenvalues δ + 2(1 − cos(kπ/n)), condition number (4 + δ)/δ. Thomas' last pivot is ≈ δ·n, computed
   * with an absolute rounding error of a few ε64, so x carries a relative error ≈ c·ε64/δ; the float32 solve of the
   * same data carries ≈ c·ε32/δ.
   */
  private static double shiftedNeumann(Pcr pcr, int n, int batch, double delta, double float32AtLeast) {
    double[] l = new double[n * batch];
    double[] d = new double[n * batch];
    double[] u = new double[n * batch];
    double[] rhs = new double[n * batch];
    double[] exact = new double[n * batch];
    for (int s = 0; s < batch; s++) {
      for (int i = 0; i < n; i++) {
        int at = s * n + i;
        l[at] = -1;
        u[at] = -1;
        d[at] = (i == 0 || i == n - 1 ? 1 : 2) + delta;
        rhs[at] = delta;
        exact[at] = 1;
      }
    }
    // The premise: float32 loses every digit on the same systems (rounded data), by a singular-system exception or
    // by an error of order one.
    double float32Error;
    try {
      float32Error = Errors.relative(pcr.solveTridiagonal(toFloat(l), toFloat(d), toFloat(u), toFloat(rhs), n,
          batch), exact);
    } catch (ArithmeticException e) {
      float32Error = Double.POSITIVE_INFINITY;
    }
    if (!(float32Error >= float32AtLeast)) {
      throw new AssertionError("float32 solved the ill-conditioned systems to " + float32Error
          + ": the case no longer shows what float64 is for");
    }
    return Errors.relative(pcr.solveTridiagonal(l, d, u, rhs, n, batch), exact);
  }

  private static void illConditioned(List<ConformanceCheck> checks) {
    double tiny = 0x1p-30;
    checks.add(check("solveTridiagonal", "ill-conditioned: Neumann Laplacian + 2^-30·I (condition 4.3e9, float32 "
        + "sees it singular), size=64 batch=3", 3e-7,
        "x = 1 exactly; relative error ≈ c·ε64/δ = c·1.2e-7, c the few roundings of the last pivots (measured "
            + "1.8e-8 on every backend): ≤ 3e-7 allows c ≤ 2.5; float32 rounds 1 + 2^-30 to 1, an exactly singular "
            + "system, asserted to fail (ArithmeticException or an error ≥ 1)",
        false, (pcr, random) -> shiftedNeumann(pcr, 64, 3, tiny, 1)));
    double small = 0x1p-23;
    checks.add(check("solveTridiagonal", "ill-conditioned: Neumann Laplacian + 2^-23·I (condition 3.4e7, exact in "
        + "float32 too), size=257 batch=3", 2e-9,
        "x = 1 exactly; relative error ≲ c·ε64/δ = c·9.3e-10 (measured 2.6e-12 on every backend): ≤ 2e-9 allows "
            + "c ≤ 2; float32 on the same (exactly representable) data: ≈ c·ε32/δ = c·0.5, asserted ≥ 0.1",
        false, (pcr, random) -> shiftedNeumann(pcr, 257, 3, small, 0.1)));
  }

  // ---- recurrences ---------------------------------------------------------------------------------------------

  private static final String DIAGONAL_REASON =
      "|a| ≤ 1 keeps rounding errors from growing: float64 step errors ≈ ε64 each, ≲ L·ε64 ≈ 2e-13 at L = 2049";
  private static final String DENSE_REASON =
      "contracting (‖A_l‖∞ ≤ 0.9): errors do not grow; float64 dot products of length w add ≈ w·ε64 ≲ 1e-14";

  private static void recurrences(List<ConformanceCheck> checks) {
    // 65 and 129 steps: two and three float64 scan tiles of 64 steps (the three-pass scan); 1: one tile.
    int[][] shapes = {{65, 17}, {1, 1}, {2, 7}, {3, 13}, {129, 33}, {257, 16}, {2049, 61}, {65537, 5}};
    for (int[] shape : shapes) {
      int steps = shape[0];
      int width = shape[1];
      boolean large = steps > 60000;
      String name = "steps=" + steps + " width=" + width + " |a|≤1";
      checks.add(check("solveDiagonalRecurrence", name, 1e-12, DIAGONAL_REASON, large, (pcr, random) -> {
        double[] a = uniform(random, steps * width, -1, 1);
        double[] b = uniform(random, steps * width, -1, 1);
        double[] x0 = uniform(random, width, -1, 1);
        double[] x = pcr.solveDiagonalRecurrence(a, b, x0, steps, width);
        return Errors.relative(x, PcrReference.diagonalRecurrence(a, b, x0, steps, width));
      }));
      checks.add(check("solveDiagonalRecurrenceAdjoint", name + " (out form)", 1e-12, DIAGONAL_REASON, large,
          (pcr, random) -> {
            double[] a = uniform(random, steps * width, -1, 1);
            double[] g = uniform(random, steps * width, -1, 1);
            double[] y = new double[steps * width];
            pcr.solveDiagonalRecurrenceAdjoint(a, g, steps, width, y);
            return Errors.relative(y, PcrReference.diagonalRecurrenceAdjoint(a, g, steps, width));
          }));
    }
    checks.add(check("solveDiagonalRecurrence", "non-finite a in column 2 stays in column 2", 0,
        "exact: columns are independent", false, (pcr, random) -> {
          int steps = 70;
          int width = 11;
          double[] a = uniform(random, steps * width, -1, 1);
          double[] b = uniform(random, steps * width, -1, 1);
          double[] x0 = uniform(random, width, -1, 1);
          double[] clean = pcr.solveDiagonalRecurrence(a, b, x0, steps, width);
          a[10 * width + 2] = Double.NaN;
          double[] poisoned = new double[steps * width];
          pcr.solveDiagonalRecurrence(a, b, x0, steps, width, poisoned);
          for (int k = 0; k < clean.length; k++) {
            boolean bad = k % width == 2 && k / width >= 10;
            if (bad ? !Double.isNaN(poisoned[k])
                : Double.doubleToRawLongBits(poisoned[k]) != Double.doubleToRawLongBits(clean[k])) {
              throw new AssertionError("step " + k / width + " column " + k % width + ": " + poisoned[k]);
            }
          }
          return 0;
        }));
    // width 46: one above the float64 one-block map product (45), so the tiled product runs (also a cost-survey
    // coverage case: the survey's budget is spent on the first cases)
    int[][] dense = {{1, 1}, {2, 3}, {3, 5}, {33, 16}, {3, 46}, {257, 13}, {2049, 4}, {65537, 2}};
    for (int[] shape : dense) {
      checks.add(denseRecurrence(shape[0], shape[1], shape[0] > 60000));
      checks.add(denseRecurrenceAdjoint(shape[0], shape[1], shape[0] > 60000));
    }
  }

  private static String denseName(int steps, int width) {
    return "steps=" + steps + " width=" + width + " ‖A‖∞≤0.9";
  }

  /**
   * A random contracting dense recurrence in float64 against the float64 reference (also the cost survey's case for
   * the float64 tiled map product, which only widths above 45 take).
   */
  public static ConformanceCheck denseRecurrence(int steps, int width, boolean large) {
    return check("solveDenseRecurrence", denseName(steps, width), 1e-12, DENSE_REASON, large, (pcr, random) -> {
      double[] a = uniform(random, steps * width * width, -0.9 / width, 0.9 / width);
      double[] b = uniform(random, steps * width, -1, 1);
      double[] x0 = uniform(random, width, -1, 1);
      double[] x = pcr.solveDenseRecurrence(a, b, x0, steps, width);
      return Errors.relative(x, PcrReference.denseRecurrence(a, b, x0, steps, width));
    });
  }

  private static ConformanceCheck denseRecurrenceAdjoint(int steps, int width, boolean large) {
    return check("solveDenseRecurrenceAdjoint", denseName(steps, width) + " (out form)", 1e-12, DENSE_REASON, large,
        (pcr, random) -> {
          double[] a = uniform(random, steps * width * width, -0.9 / width, 0.9 / width);
          double[] g = uniform(random, steps * width, -1, 1);
          double[] y = new double[steps * width];
          pcr.solveDenseRecurrenceAdjoint(a, g, steps, width, y);
          return Errors.relative(y, PcrReference.denseRecurrenceAdjoint(a, g, steps, width));
        });
  }

  // ---- MLP in float64 ------------------------------------------------------------------------------------------

  /** Newton to 1e-12: float64 evaluation rounds at ≈ w·ε64 ≈ 1e-14, so the iteration can get there. */
  private static final NewtonOptions TIGHT64 = new NewtonOptions(1e-12, 64);
  private static final String FORWARD_REASON =
      "contracting (weights N(0, 0.35²/w), Lipschitz ≈ 0.7): a Newton residual ≤ 1e-12 puts the states within "
          + "≈ 3.3e-12 of the fixed point; float64 layer evaluation adds ≈ w·ε64 ≲ 1e-14; relative to ‖x‖ ≳ 0.1";
  private static final String GRADIENT_REASON =
      "from the reference states: float64 backpropagation (or one adjoint solve) of contracting layers adds "
          + "≈ (w + 2)·L·ε64 ≲ 1e-12 relative";

  /** Weights N(0, 0.35²/width), biases U(−0.5, 0.5), in full double precision. */
  private record Net64(Activation act, int layers, int width, double[] w, double[] c, Mlp mlp) {
    static Net64 random(SplittableRandom random, Activation act, int layers, int width, boolean residual) {
      double[] w = new double[layers * width * width];
      for (int k = 0; k < w.length; k++) {
        w[k] = PcrChecks.gaussian(random) * 0.35 / Math.sqrt(width) / (residual ? Math.sqrt(layers) : 1);
      }
      double[] c = uniform(random, layers * width, -0.5, 0.5);
      Mlp mlp = residual ? Mlp.residual(act, layers, width, w, c) : Mlp.of(act, layers, width, w, c);
      return new Net64(act, layers, width, w, c, mlp);
    }
  }

  /** The residual forward pass x_l = x_{l−1} + act(W_l x_{l−1} + c_l), from the reference's own pieces. */
  private static double[] residualForward(Net64 net, double[] inputs, int batch) {
    int w = net.width;
    double[] x = new double[net.layers * batch * w];
    for (int s = 0; s < batch; s++) {
      double[] prev = Arrays.copyOfRange(inputs, s * w, (s + 1) * w);
      for (int l = 0; l < net.layers; l++) {
        double[] z = PcrReference.preActivation(net.w, net.c, prev, l, w);
        for (int i = 0; i < w; i++) {
          prev[i] += PcrReference.act(net.act, z[i]);
          x[(l * batch + s) * w + i] = prev[i];
        }
      }
    }
    return x;
  }

  /**
   * Backpropagation through residual blocks from given states, from the reference's pieces: y_{L−1} = g,
   * δ_l = act′(z_l) ⊙ y_l, dW_l = Σ_s δ_l x_{l−1}ᵀ, dc_l = Σ_s δ_l, y_{l−1} = y_l + W_lᵀ δ_l, d input = y_{−1}.
   */
  private static PcrReference.Gradients residualBackward(Net64 net, double[] inputs, double[] states, double[] g,
      int batch) {
    int w = net.width;
    double[] dIn = new double[batch * w];
    double[] dW = new double[net.layers * w * w];
    double[] dc = new double[net.layers * w];
    for (int s = 0; s < batch; s++) {
      double[] y = Arrays.copyOfRange(g, s * w, (s + 1) * w);
      for (int l = net.layers - 1; l >= 0; l--) {
        double[] prev = l == 0 ? Arrays.copyOfRange(inputs, s * w, (s + 1) * w)
            : Arrays.copyOfRange(states, ((l - 1) * batch + s) * w, ((l - 1) * batch + s + 1) * w);
        double[] z = PcrReference.preActivation(net.w, net.c, prev, l, w);
        double[] yPrev = y.clone();
        for (int i = 0; i < w; i++) {
          double delta = PcrReference.actDerivative(net.act, z[i]) * y[i];
          dc[l * w + i] += delta;
          for (int j = 0; j < w; j++) {
            dW[(l * w + i) * w + j] += delta * prev[j];
            yPrev[j] += net.w[(l * w + i) * w + j] * delta;
          }
        }
        y = yPrev;
      }
      System.arraycopy(y, 0, dIn, s * w, w);
    }
    return new PcrReference.Gradients(dIn, dW, dc);
  }

  private static double gradientError(MlpGradients64 got, PcrReference.Gradients ref) {
    return Math.max(Errors.relative(got.inputs(), ref.inputs()), Math.max(Errors.relative(got.weights(),
        ref.weights()), Errors.relative(got.biases(), ref.biases())));
  }

  private static void mlp(List<ConformanceCheck> checks) {
    int[][] shapes = {{1, 1, 1}, {2, 7, 3}, {31, 16, 2}, {17, 33, 5}};
    for (Activation act : Activation.values()) {
      for (int[] shape : shapes) {
        int layers = shape[0];
        int width = shape[1];
        int batch = shape[2];
        String name = act + " contracting layers=" + layers + " width=" + width + " batch=" + batch;
        checks.add(check("deepPcrForward", name, 1e-10, FORWARD_REASON, false, (pcr, random) -> {
          Net64 net = Net64.random(random, act, layers, width, false);
          double[] in = uniform(random, batch * width, -1, 1);
          DeepPcrResult64 r = pcr.deepPcrForward(net.mlp, in, batch, TIGHT64);
          if (!r.converged() || r.nonFinite()) {
            throw new AssertionError("contracting MLP did not converge in float64: " + r.iterations()
                + " iterations, residual " + r.residual());
          }
          return Errors.relative(r.states(),
              PcrReference.mlpForward(act, layers, width, net.w, net.c, in, batch));
        }));
        checks.add(check("sequentialForward", name + " (out form)", 1e-13,
            "the plain pass in float64: each layer adds ≈ w·ε64 of its terms, contracting layers do not grow it",
            false, (pcr, random) -> {
              Net64 net = Net64.random(random, act, layers, width, false);
              double[] in = uniform(random, batch * width, -1, 1);
              double[] x = new double[layers * batch * width];
              pcr.sequentialForward(net.mlp, in, batch, x);
              return Errors.relative(x, PcrReference.mlpForward(act, layers, width, net.w, net.c, in, batch));
            }));
        for (boolean adjointSolve : new boolean[] {true, false}) {
          checks.add(check(adjointSolve ? "deepPcrBackward" : "sequentialBackward", name, 1e-11, GRADIENT_REASON,
              false, (pcr, random) -> {
                Net64 net = Net64.random(random, act, layers, width, false);
                double[] in = uniform(random, batch * width, -1, 1);
                double[] g = uniform(random, batch * width, -1, 1);
                double[] states = PcrReference.mlpForward(act, layers, width, net.w, net.c, in, batch);
                MlpGradients64 got = adjointSolve ? pcr.deepPcrBackward(net.mlp, in, states, g, batch)
                    : pcr.sequentialBackward(net.mlp, in, states, g, batch);
                return gradientError(got, PcrReference.mlpBackward(act, layers, width, net.w, net.c, in, states,
                    g, batch));
              }));
        }
      }
    }
    // Residual blocks in float64 (the residual-semantics definition), forward and backward against float64
    // references built from PcrReference's pieces (preActivation, act, actDerivative).
    for (Activation act : new Activation[] {Activation.TANH, Activation.RELU}) {
      for (int[] shape : new int[][] {{3, 5, 2}, {64, 8, 3}}) {
        int layers = shape[0];
        int width = shape[1];
        int batch = shape[2];
        String name = act + " residual layers=" + layers + " width=" + width + " batch=" + batch;
        checks.add(check("deepPcrForward", name, 1e-10,
            "residual blocks with weights scaled by 1/√L: Jacobians near I, a Newton residual ≤ 1e-12 per block "
                + "puts the states within ≈ L·1e-12; relative to ‖x‖ ≳ 0.1", false, (pcr, random) -> {
              Net64 net = Net64.random(random, act, layers, width, true);
              double[] in = uniform(random, batch * width, -1, 1);
              DeepPcrResult64 r = pcr.deepPcrForward(net.mlp, in, batch, TIGHT64);
              if (!r.converged() || r.nonFinite()) {
                throw new AssertionError("residual MLP did not converge in float64: " + r.iterations()
                    + " iterations, residual " + r.residual());
              }
              return Errors.relative(r.states(), residualForward(net, in, batch));
            }));
        checks.add(check("sequentialForward", name, 1e-12,
            "the plain residual pass in float64: ≈ (w + 1)·ε64 per block, L blocks", false, (pcr, random) -> {
              Net64 net = Net64.random(random, act, layers, width, true);
              double[] in = uniform(random, batch * width, -1, 1);
              return Errors.relative(pcr.sequentialForward(net.mlp, in, batch), residualForward(net, in, batch));
            }));
        for (boolean adjointSolve : new boolean[] {true, false}) {
          checks.add(check(adjointSolve ? "deepPcrBackward" : "sequentialBackward", name, 1e-11,
              "from the reference states: float64 backpropagation (or one adjoint solve) through blocks with "
                  + "Jacobians near I adds ≈ (w + 2)·L·ε64 ≲ 1e-12 relative", false, (pcr, random) -> {
                Net64 net = Net64.random(random, act, layers, width, true);
                double[] in = uniform(random, batch * width, -1, 1);
                double[] g = uniform(random, batch * width, -1, 1);
                double[] states = residualForward(net, in, batch);
                MlpGradients64 got = adjointSolve ? pcr.deepPcrBackward(net.mlp, in, states, g, batch)
                    : pcr.sequentialBackward(net.mlp, in, states, g, batch);
                return gradientError(got, residualBackward(net, in, states, g, batch));
              }));
        }
      }
    }
  }
}
