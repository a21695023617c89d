package io.jkernels.validation.pcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import io.jkernels.validation.Check;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.PcrReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The conformance cases of the PCR family (issue 4): lengths straddling chunk, warp, block and multi-block
 * boundaries, prime widths and vector tails, every tridiagonal routing (dominant, weakly dominant, pivoting,
 * singular, poisoned), long recurrences with |a| ≤ 1 and neutral ±1 coefficients, contracting and expanding MLPs,
 * and gradients against ordinary backpropagation and float64 finite differences.
 */
public final class PcrChecks {
  private PcrChecks() {}

  /** Lengths around 32-lane warps, 256-thread blocks, 2048-row shared-memory tiles and multi-block passes. */
  private static final int[] LENGTHS = {1, 2, 3, 31, 32, 33, 255, 257, 2047, 2049, 65537};

  @FunctionalInterface
  interface Measure {
    double measure(Pcr pcr, SplittableRandom random);
  }

  /** A PCR case: the family's name on the one {@link Check} record, its body run on {@code context.pcr()}. */
  static Check check(String operation, String caseName, double tolerance, String toleranceReason,
      boolean large, Measure body) {
    return new Check("pcr", operation, caseName, tolerance, toleranceReason, large,
        (context, random) -> body.measure(context.pcr(), random));
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    tridiagonal(checks);
    recurrences(checks);
    mlp(checks);
    ResidualMlpChecks.add(checks);
    return checks;
  }

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  private static final String DOMINANT_REASON =
      "strictly dominant (|d| − |l| − |u| ≥ 0.25, ‖A‖∞ ≤ 7): condition number ≤ 28, so float32 Thomas/PCR "
          + "stays within ≈ 28·ε·√n ≲ 1e-6";
  private static final String BACKWARD_REASON =
      "backward residual ‖Ax−b‖/(‖A‖‖x‖+‖b‖): LU with partial pivoting and Thomas on dominant rows are backward "
          + "stable, a small multiple of ε = 6e-8 whatever the conditioning";

  enum Kind { DOMINANT, WEAK, NONDOMINANT, MIXED }

  /** A random batch of systems: l, d, u, r in double (exactly representable in float). */
  record Systems(double[] l, double[] d, double[] u, double[] r, int n, int batch) {
    float[] lf() {
      return toFloat(l);
    }

    float[] df() {
      return toFloat(d);
    }

    float[] uf() {
      return toFloat(u);
    }

    float[] rf() {
      return toFloat(r);
    }
  }

  static Systems systems(SplittableRandom random, int n, int batch, Kind kind) {
    int total = n * batch;
    double[] l = new double[total];
    double[] d = new double[total];
    double[] u = new double[total];
    double[] r = new double[total];
    for (int s = 0; s < batch; s++) {
      Kind k = kind == Kind.MIXED ? (s % 3 == 1 ? Kind.NONDOMINANT : Kind.DOMINANT) : kind;
      for (int i = 0; i < n; i++) {
        int at = s * n + i;
        l[at] = (float) random.nextDouble(-1, 1);
        u[at] = (float) random.nextDouble(-1, 1);
        r[at] = (float) random.nextDouble(-1, 1);
        float off = Math.abs((float) (i == 0 ? 0 : l[at])) + Math.abs((float) (i == n - 1 ? 0 : u[at]));
        float sign = random.nextBoolean() ? 1 : -1;
        d[at] = switch (k) {
          case DOMINANT -> sign * (off + (float) random.nextDouble(0.5, 1.5) * Math.max(off, 0.5f));
          // |d| = |l| + |u| exactly (in float) on every row but the first, strictly dominant: irreducibly
          // dominant, so non-singular (Taussky), however close to it
          case WEAK -> i == 0 ? sign * (off + 0.25f) : sign * off;
          default -> (float) random.nextDouble(-1, 1);
        };
      }
      // an interior pivot the non-pivoting sweep cannot take: it must go through LU
      if (k == Kind.NONDOMINANT && n > 2) {
        d[s * n + 1] = 0;
      }
    }
    return new Systems(l, d, u, r, n, batch);
  }

  /**
   * {@code batch} random strictly dominant systems of {@code n} rows against the float64 reference (also the cost
   * survey's case for the global PCR rounds, which only systems longer than one block's shared tile take).
   */
  public static ConformanceCheck dominantTridiagonal(int n, int batch, boolean large) {
    return check("solveTridiagonal", "dominant size=" + n + " batch=" + batch, 1e-5, DOMINANT_REASON, large,
        (pcr, random) -> {
          Systems sy = systems(random, n, batch, Kind.DOMINANT);
          float[] x = pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), n, batch);
          return Errors.relative(x, PcrReference.solveTridiagonal(sy.l, sy.d, sy.u, sy.r, n, batch));
        });
  }

  private static void tridiagonal(List<ConformanceCheck> checks) {
    for (int n : LENGTHS) {
      int batch = n >= 2047 ? (n > 60000 ? 3 : 11) : (n >= 255 ? 37 : 67);
      boolean large = n > 60000;
      checks.add(dominantTridiagonal(n, batch, large));
    }
    for (int n : new int[] {1, 2, 3, 33, 257, 2049}) {
      int batch = n > 1000 ? 9 : 19;
      checks.add(check("solveTridiagonal", "weakly dominant size=" + n + " batch=" + batch, 1e-6,
          BACKWARD_REASON, false, (pcr, random) -> {
            Systems sy = systems(random, n, batch, Kind.WEAK);
            float[] x = pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), n, batch);
            return PcrReference.backwardResidual(sy.l, sy.d, sy.u, sy.r, x, n, batch);
          }));
      checks.add(check("solveTridiagonal", "non-dominant (pivoting) size=" + n + " batch=" + batch, 1e-6,
          BACKWARD_REASON, false, (pcr, random) -> {
            Systems sy = systems(random, n, batch, Kind.NONDOMINANT);
            float[] x = pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), n, batch);
            return PcrReference.backwardResidual(sy.l, sy.d, sy.u, sy.r, x, n, batch);
          }));
    }
    checks.add(check("solveTridiagonal", "mixed dominant and pivoting systems in one batch, size=65 batch=29",
        1e-6, BACKWARD_REASON, false, (pcr, random) -> {
          Systems sy = systems(random, 65, 29, Kind.MIXED);
          float[] x = pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), 65, 29);
          return PcrReference.backwardResidual(sy.l, sy.d, sy.u, sy.r, x, 65, 29);
        }));
    checks.add(check("solveTridiagonal", "analytic: Laplacian with known solution, size=129", 1e-4,
        "Dirichlet Laplacian tridiag(−1, 2, −1), condition number ≈ 0.4·n² ≈ 7e3: float32 forward error ≲ 7e3·ε·log n",
        false, (pcr, random) -> {
          int n = 129;
          float[] l = new float[n];
          float[] d = new float[n];
          float[] u = new float[n];
          float[] rhs = new float[n];
          double[] exact = new double[n];
          for (int i = 0; i < n; i++) {
            l[i] = -1;
            d[i] = 2;
            u[i] = -1;
            exact[i] = Math.sin(Math.PI * (i + 1) / (n + 1));
          }
          // A sin(kπ i/(n+1)) = 2(1 − cos(π/(n+1))) sin(...): an eigenvector, so rhs is known in closed form
          double lambda = 2 * (1 - Math.cos(Math.PI / (n + 1)));
          for (int i = 0; i < n; i++) {
            rhs[i] = (float) (lambda * exact[i]);
          }
          double[] ref = new double[n];
          for (int i = 0; i < n; i++) {
            ref[i] = rhs[i];
          }
          double[] lf = new double[n];
          double[] df = new double[n];
          double[] uf = new double[n];
          Arrays.fill(lf, -1);
          Arrays.fill(df, 2);
          Arrays.fill(uf, -1);
          return Errors.relative(pcr.solveTridiagonal(l, d, u, rhs, n, 1),
              PcrReference.thomas(lf, df, uf, ref, n, 0));
        }));
    checks.add(check("solveTridiagonal", "singular weakly dominant (Neumann Laplacian) system 3 of 6", 0,
        "exact: must throw ArithmeticException naming system 3", false, (pcr, random) -> {
          Systems sy = systems(random, 17, 6, Kind.DOMINANT);
          for (int i = 0; i < 17; i++) {
            sy.l[3 * 17 + i] = -1;
            sy.u[3 * 17 + i] = -1;
            sy.d[3 * 17 + i] = i == 0 || i == 16 ? 1 : 2;
          }
          return expectSingular(pcr, sy, 3);
        }));
    checks.add(check("solveTridiagonal", "singular non-dominant system 10 of 11 (tail lane)", 0,
        "exact: must throw ArithmeticException naming system 10", false, (pcr, random) -> {
          Systems sy = systems(random, 9, 11, Kind.DOMINANT);
          for (int i = 0; i < 9; i++) {
            sy.l[10 * 9 + i] = 0;
            sy.u[10 * 9 + i] = 1;
            sy.d[10 * 9 + i] = i == 4 ? 0 : 0.5;
          }
          return expectSingular(pcr, sy, 10);
        }));
    checks.add(check("solveTridiagonal", "poisoned systems (NaN, +∞) leave the others bit for bit", 0,
        "exact: lanes never mix, so the clean systems' bits cannot depend on a poisoned neighbour", false,
        (pcr, random) -> {
          int n = 33;
          int batch = 19;
          Systems sy = systems(random, n, batch, Kind.MIXED);
          float[] clean = pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), n, batch);
          float[] l = sy.lf();
          float[] d = sy.df();
          float[] rhs = sy.rf();
          l[5 * n + 7] = Float.NaN;
          d[1 * n + 3] = Float.POSITIVE_INFINITY;
          rhs[18 * n + 32] = Float.NEGATIVE_INFINITY;
          float[] poisoned = pcr.solveTridiagonal(l, d, sy.uf(), rhs, n, batch);
          for (int s = 0; s < batch; s++) {
            boolean bad = s == 5 || s == 1 || s == 18;
            for (int i = 0; i < n; i++) {
              float p = poisoned[s * n + i];
              if (bad ? !Float.isNaN(p) : Float.floatToRawIntBits(p) != Float.floatToRawIntBits(clean[s * n + i])) {
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
      pcr.solveTridiagonal(sy.lf(), sy.df(), sy.uf(), sy.rf(), sy.n, sy.batch);
    } catch (ArithmeticException e) {
      if (e.getMessage() == null || !e.getMessage().contains("system " + system + " ")) {
        throw new AssertionError("exception does not name system " + system + ": " + e.getMessage());
      }
      return 0;
    }
    throw new AssertionError("no ArithmeticException for singular system " + system);
  }

  // ---- recurrences ---------------------------------------------------------------------------------------------

  private static void recurrences(List<ConformanceCheck> checks) {
    int[][] shapes = {{1, 1}, {2, 7}, {3, 13}, {31, 67}, {32, 8}, {33, 17}, {255, 31}, {257, 16}, {2047, 3},
        {2049, 61}, {65537, 5}};
    for (int[] shape : shapes) {
      int steps = shape[0];
      int width = shape[1];
      boolean large = steps > 60000;
      String name = "steps=" + steps + " width=" + width + " |a|≤1";
      checks.add(check("solveDiagonalRecurrence", name, 1e-5,
          "|a| ≤ 1 keeps rounding errors from growing; float32 step errors ≈ ε each", large, (pcr, random) -> {
            double[] a = uniform(random, steps * width, -1, 1);
            double[] b = uniform(random, steps * width, -1, 1);
            double[] x0 = uniform(random, width, -1, 1);
            float[] x = pcr.solveDiagonalRecurrence(toFloat(a), toFloat(b), toFloat(x0), steps, width);
            return Errors.relative(x, PcrReference.diagonalRecurrence(a, b, x0, steps, width));
          }));
      checks.add(check("solveDiagonalRecurrenceAdjoint", name, 1e-5,
          "|a| ≤ 1 keeps rounding errors from growing; float32 step errors ≈ ε each", large, (pcr, random) -> {
            double[] a = uniform(random, steps * width, -1, 1);
            double[] g = uniform(random, steps * width, -1, 1);
            float[] y = pcr.solveDiagonalRecurrenceAdjoint(toFloat(a), toFloat(g), steps, width);
            return Errors.relative(y, PcrReference.diagonalRecurrenceAdjoint(a, g, steps, width));
          }));
    }
    int longSteps = 65536;
    int longWidth = 67;
    String neutralReason = "a = ±1 makes x a random walk of 65536 steps: each step adds ≈ ε·|x| of rounding, a "
        + "√L·ε ≈ 2e-5 relative drift typically, below 2e-4 with margin for the walk's returns towards zero";
    checks.add(check("solveDiagonalRecurrence", "neutral a=±1 steps=65536 width=67", 2e-4, neutralReason, true,
        (pcr, random) -> {
          double[] a = signs(random, longSteps * longWidth);
          double[] b = uniform(random, longSteps * longWidth, -1, 1);
          double[] x0 = uniform(random, longWidth, -1, 1);
          float[] x = pcr.solveDiagonalRecurrence(toFloat(a), toFloat(b), toFloat(x0), longSteps, longWidth);
          return Errors.relative(x, PcrReference.diagonalRecurrence(a, b, x0, longSteps, longWidth));
        }));
    checks.add(check("solveDiagonalRecurrenceAdjoint", "neutral a=±1 steps=65536 width=67", 2e-4, neutralReason,
        true, (pcr, random) -> {
          double[] a = signs(random, longSteps * longWidth);
          double[] g = uniform(random, longSteps * longWidth, -1, 1);
          float[] y = pcr.solveDiagonalRecurrenceAdjoint(toFloat(a), toFloat(g), longSteps, longWidth);
          return Errors.relative(y, PcrReference.diagonalRecurrenceAdjoint(a, g, longSteps, longWidth));
        }));
    checks.add(check("solveDiagonalRecurrence", "|a|≤1 steps=65536 width=64", 1e-5,
        "|a| ≤ 1 keeps rounding errors from growing; float32 step errors ≈ ε each", true, (pcr, random) -> {
          double[] a = uniform(random, longSteps * 64, -1, 1);
          double[] b = uniform(random, longSteps * 64, -1, 1);
          double[] x0 = uniform(random, 64, -1, 1);
          float[] x = pcr.solveDiagonalRecurrence(toFloat(a), toFloat(b), toFloat(x0), longSteps, 64);
          return Errors.relative(x, PcrReference.diagonalRecurrence(a, b, x0, longSteps, 64));
        }));
    checks.add(check("solveDiagonalRecurrence", "non-finite a in column 2 stays in column 2", 0,
        "exact: columns are independent", false, (pcr, random) -> {
          int steps = 40;
          int width = 11;
          float[] a = toFloat(uniform(random, steps * width, -1, 1));
          float[] b = toFloat(uniform(random, steps * width, -1, 1));
          float[] x0 = toFloat(uniform(random, width, -1, 1));
          float[] clean = pcr.solveDiagonalRecurrence(a, b, x0, steps, width);
          a[10 * width + 2] = Float.NaN;
          float[] poisoned = pcr.solveDiagonalRecurrence(a, b, x0, steps, width);
          for (int k = 0; k < clean.length; k++) {
            boolean bad = k % width == 2 && k / width >= 10;
            if (bad ? !Float.isNaN(poisoned[k]) : Float.floatToRawIntBits(poisoned[k]) != Float.floatToRawIntBits(
                clean[k])) {
              throw new AssertionError("step " + k / width + " column " + k % width + ": " + poisoned[k]);
            }
          }
          return 0;
        }));

    int[][] dense = {{1, 1}, {2, 3}, {3, 5}, {31, 7}, {32, 8}, {33, 16}, {257, 13}, {2049, 4}, {65537, 2}};
    for (int[] shape : dense) {
      int steps = shape[0];
      int width = shape[1];
      boolean large = steps > 60000;
      checks.add(denseRecurrence(steps, width, large));
      checks.add(denseRecurrenceAdjoint(steps, width, large));
    }
  }

  private static final String DENSE_REASON =
      "contracting (‖A_l‖∞ ≤ 0.9): errors do not grow; float32 dot products of length w add ≈ w·ε";

  private static String denseName(int steps, int width) {
    return "steps=" + steps + " width=" + width + " ‖A‖∞≤0.9";
  }

  /**
   * A random contracting dense recurrence of {@code steps} width×width maps against the float64 reference (also the
   * cost survey's case for the tiled map product, which only widths above the one-block product take).
   */
  public static ConformanceCheck denseRecurrence(int steps, int width, boolean large) {
    return check("solveDenseRecurrence", denseName(steps, width), 1e-5, DENSE_REASON, large, (pcr, random) -> {
      double[] a = contracting(random, steps, width);
      double[] b = uniform(random, steps * width, -1, 1);
      double[] x0 = uniform(random, width, -1, 1);
      float[] x = pcr.solveDenseRecurrence(toFloat(a), toFloat(b), toFloat(x0), steps, width);
      return Errors.relative(x, PcrReference.denseRecurrence(a, b, x0, steps, width));
    });
  }

  /** The adjoint of {@link #denseRecurrence}'s recurrence on a random gradient, against the float64 reference. */
  public static ConformanceCheck denseRecurrenceAdjoint(int steps, int width, boolean large) {
    return check("solveDenseRecurrenceAdjoint", denseName(steps, width), 1e-5, DENSE_REASON, large,
        (pcr, random) -> {
          double[] a = contracting(random, steps, width);
          double[] g = uniform(random, steps * width, -1, 1);
          float[] y = pcr.solveDenseRecurrenceAdjoint(toFloat(a), toFloat(g), steps, width);
          return Errors.relative(y, PcrReference.denseRecurrenceAdjoint(a, g, steps, width));
        });
  }

  /** Steps of width×width matrices with entries of |A_l| row sums ≤ 0.9. */
  private static double[] contracting(SplittableRandom random, int steps, int width) {
    return uniform(random, steps * width * width, -0.9 / width, 0.9 / width);
  }

  // ---- MLP -------------------------------------------------------------------------------------------------------

  /** A random MLP with weights N(0, gain²/width) (spectral norm ≈ 2·gain) and biases U(−0.5, 0.5). */
  record Net(Activation act, int layers, int width, double[] w, double[] c, Mlp mlp) {
    static Net random(SplittableRandom random, Activation act, int layers, int width, double gain) {
      double[] w = new double[layers * width * width];
      for (int k = 0; k < w.length; k++) {
        w[k] = (float) (gaussian(random) * gain / Math.sqrt(width));
      }
      double[] c = uniform(random, layers * width, -0.5, 0.5);
      return new Net(act, layers, width, w, c, Mlp.of(act, layers, width, toFloat(w), toFloat(c)));
    }
  }

  private static final double CONTRACTING_GAIN = 0.35;
  private static final NewtonOptions TIGHT = new NewtonOptions(1e-6, 64);

  private static void mlp(List<ConformanceCheck> checks) {
    int[][] shapes = {{1, 1, 1}, {2, 7, 3}, {31, 16, 2}, {64, 33, 5}, {257, 8, 3}};
    for (Activation act : Activation.values()) {
      for (int[] shape : shapes) {
        int layers = shape[0];
        int width = shape[1];
        int batch = shape[2];
        String name = act + " contracting layers=" + layers + " width=" + width + " batch=" + batch;
        checks.add(check("deepPcrForward", name, 1e-5,
            "‖x − ref‖ / ‖Σ|W x| + |c|‖, contracting (Lipschitz ≈ 0.7): a Newton residual ≤ 1e-6 puts the "
                + "states within ≈ 3e-6 of the fixed point; float32 layer evaluation adds ≈ w·ε of its terms",
            false, (pcr, random) -> {
              Net net = Net.random(random, act, layers, width, CONTRACTING_GAIN);
              double[] in = uniform(random, batch * width, -1, 1);
              DeepPcrResult r = pcr.deepPcrForward(net.mlp, toFloat(in), batch, TIGHT);
              if (!r.converged() || r.nonFinite()) {
                throw new AssertionError("contracting MLP did not converge: " + r.iterations() + " iterations, "
                    + "residual " + r.residual());
              }
              if (r.iterations() > Math.min(layers, 12)) {
                throw new AssertionError("contracting MLP took " + r.iterations() + " Newton iterations");
              }
              double truth = PcrReference.mlpResidual(act, layers, width, net.w, net.c, in, r.states(), batch);
              if (truth > TIGHT.tolerance() + roundingAllowance(net, in, r.states(), batch)) {
                throw new AssertionError("marked converged but the true residual is " + truth);
              }
              return forwardError(r.states(), net, in, batch);
            }));
        checks.add(check("sequentialForward", name, 1e-5,
            "‖x − ref‖ / ‖Σ|W x| + |c|‖, contracting: errors do not grow through the layers; float32 layer "
                + "evaluation adds ≈ w·ε of its terms", false,
            (pcr, random) -> {
              Net net = Net.random(random, act, layers, width, CONTRACTING_GAIN);
              double[] in = uniform(random, batch * width, -1, 1);
              float[] x = pcr.sequentialForward(net.mlp, toFloat(in), batch);
              return forwardError(x, net, in, batch);
            }));
      }
    }
    for (Activation act : Activation.values()) {
      checks.add(check("deepPcrForward", act + " mildly expanding gain=1.5 layers=24 width=12 batch=3", 1e-4,
          "Newton stops at a residual ≤ 1e-5 and the expanding layers amplify it (and the sequential pass's own "
              + "rounding) by ≲ 10 here: 200 seeds measured ≤ 3.2e-6 apart; non-convergence is an honest answer",
          false, (pcr, random) -> expanding(pcr, random, act, 1.5, 24, true)));
      checks.add(check("deepPcrForward", act + " chaotic gain=2.5 layers=48 width=12 batch=3: honest flags", 0,
          "exact: in a chaotic net float32 rounding alone separates any two passes, so only honesty is checked: "
              + "converged ⇒ the float64 residual of the returned states meets the tolerance (up to rounding)",
          false, (pcr, random) -> expanding(pcr, random, act, 2.5, 48, false)));
    }
    int[][] gradShapes = {{1, 1, 1}, {3, 7, 2}, {31, 16, 3}, {65, 9, 4}};
    for (Activation act : Activation.values()) {
      for (int[] shape : gradShapes) {
        int layers = shape[0];
        int width = shape[1];
        int batch = shape[2];
        String name = act + " layers=" + layers + " width=" + width + " batch=" + batch;
        double tolerance = layers > 8 ? 5e-5 : 1e-5;
        String reason = "‖out − ref‖ / ‖magnitude of the summed terms‖: each layer's float32 products add ≈ w·ε of "
            + "that magnitude and nothing damps them at the edge of chaos, so the error grows like √L·w·ε; 1e-5 for "
            + "short nets, 5e-5 for long ones";
        checks.add(check("deepPcrBackward", name, tolerance, reason, false,
            (pcr, random) -> gradientError(pcr, random, act, layers, width, batch, true)));
        checks.add(check("sequentialBackward", name, tolerance, reason, false,
            (pcr, random) -> gradientError(pcr, random, act, layers, width, batch, false)));
      }
      if (act == Activation.TANH || act == Activation.GELU) {
        checks.add(check("deepPcrBackward", act + " vs float64 central finite differences, layers=12 width=6",
            1e-4, "central differences in float64 with h = 1e-6 are exact to ≈ 1e-9; the float32 gradients to ≈ 1e-6",
            false, (pcr, random) -> finiteDifferences(pcr, random, act, 12, 6, 2)));
      }
    }
    checks.add(check("deepPcrBackward", "equals sequentialBackward, TANH layers=129 width=24 batch=5", 1e-5,
        "both are float32 computations of the same sums in a different order: ≈ w·ε apart", false, (pcr, random) -> {
          Net net = Net.random(random, Activation.TANH, 129, 24, CONTRACTING_GAIN);
          float[] in = toFloat(uniform(random, 5 * 24, -1, 1));
          float[] states = pcr.sequentialForward(net.mlp, in, 5);
          float[] g = toFloat(uniform(random, 5 * 24, -1, 1));
          MlpGradients a = pcr.deepPcrBackward(net.mlp, in, states, g, 5);
          MlpGradients b = pcr.sequentialBackward(net.mlp, in, states, g, 5);
          return Math.max(Errors.relative(a.weights(), toDouble(b.weights())),
              Math.max(Errors.relative(a.biases(), toDouble(b.biases())),
                  Errors.relative(a.inputs(), toDouble(b.inputs()))));
        }));
  }

  /**
   * An expanding MLP under the default options: when Newton reports convergence, the float64 residual of its
   * states must meet the tolerance up to float32 rounding; then, if {@code compare}, the distance to the float32
   * sequential pass is the metric. Non-convergence is an honest answer and scores 0.
   */
  private static double expanding(Pcr pcr, SplittableRandom random, Activation act, double gain, int layers,
      boolean compare) {
    int width = 12;
    int batch = 3;
    Net net = Net.random(random, act, layers, width, gain);
    double[] in = uniform(random, batch * width, -1, 1);
    NewtonOptions options = NewtonOptions.defaults();
    DeepPcrResult r = pcr.deepPcrForward(net.mlp, toFloat(in), batch, options);
    if (!r.converged()) {
      return 0;
    }
    if (r.nonFinite() || !(r.residual() <= options.tolerance())) {
      throw new AssertionError("converged with residual " + r.residual() + ", nonFinite " + r.nonFinite());
    }
    double truth = PcrReference.mlpResidual(act, layers, width, net.w, net.c, in, r.states(), batch);
    if (truth > options.tolerance() + roundingAllowance(net, in, r.states(), batch)) {
      throw new AssertionError("marked converged but the float64 residual is " + truth);
    }
    return compare ? Errors.relative(r.states(), toDouble(pcr.sequentialForward(net.mlp, toFloat(in), batch))) : 0;
  }

  /**
   * How far a float32 evaluation of a layer may be from the float64 one: a length-w dot product is within
   * w·ε·Σ|W_ij x_j| (Higham's bound), plus ε|c| and one rounding of the activation. A residual measured in float64
   * on float32 states may exceed the tolerance by this much and still be an honest convergence.
   */
  private static double roundingAllowance(Net net, double[] inputs, float[] states, int batch) {
    double eps = Math.ulp(1.0f);
    return eps * (net.width + 2) * PcrReference.mlpEvaluationScale(net.layers, net.width, net.w, net.c, inputs,
        states, batch) + eps;
  }

  /**
   * The states' error against the float64 forward pass, measured against the size of the terms each pre-activation
   * is summed from ({@link PcrReference#mlpEvaluationTerms}): where W x and c cancel (a single unit makes that
   * likely), the result is tiny but keeps the rounding of its terms.
   */
  private static double forwardError(float[] states, Net net, double[] in, int batch) {
    double[] ref = PcrReference.mlpForward(net.act, net.layers, net.width, net.w, net.c, in, batch);
    double[] terms = PcrReference.mlpEvaluationTerms(net.layers, net.width, net.w, net.c, in, toFloat(ref), batch);
    return Errors.relativeToScale(states, ref, terms);
  }

  /**
   * The worst of the three gradients' errors against float64 backpropagation on the same states, each measured
   * against the magnitude of the terms it is summed from ({@link PcrReference#mlpBackwardMagnitudes}): near the edge
   * of chaos the terms of a gradient can cancel to far below their size, and float32 keeps their rounding, not
   * their sum's.
   */
  private static double gradientError(Pcr pcr, SplittableRandom random, Activation act, int layers, int width,
      int batch, boolean adjointSolve) {
    // gain near the edge of chaos (He gain for ReLU): adjoints neither vanish below float32 range nor explode
    Net net = Net.random(random, act, layers, width, act == Activation.RELU ? 1.4 : 1.0);
    double[] in = uniform(random, batch * width, -1, 1);
    float[] states = toFloat(PcrReference.mlpForward(act, layers, width, net.w, net.c, in, batch));
    double[] g = uniform(random, batch * width, -1, 1);
    MlpGradients out = adjointSolve
        ? pcr.deepPcrBackward(net.mlp, toFloat(in), states, toFloat(g), batch)
        : pcr.sequentialBackward(net.mlp, toFloat(in), states, toFloat(g), batch);
    PcrReference.Gradients ref = PcrReference.mlpBackward(act, layers, width, net.w, net.c, in, toDouble(states), g,
        batch);
    PcrReference.Gradients scale = PcrReference.mlpBackwardMagnitudes(act, layers, width, net.w, net.c, in,
        toDouble(states), g, batch);
    return Math.max(Errors.relativeToScale(out.weights(), ref.weights(), scale.weights()),
        Math.max(Errors.relativeToScale(out.biases(), ref.biases(), scale.biases()),
            Errors.relativeToScale(out.inputs(), ref.inputs(), scale.inputs())));
  }

  /** Gradients of Σ g ⊙ x_{L−1} for a sample of inputs, weights and biases against central differences. */
  private static double finiteDifferences(Pcr pcr, SplittableRandom random, Activation act, int layers, int width,
      int batch) {
    Net net = Net.random(random, act, layers, width, 0.8);
    double[] in = uniform(random, batch * width, -1, 1);
    double[] g = uniform(random, batch * width, -1, 1);
    float[] states = pcr.sequentialForward(net.mlp, toFloat(in), batch);
    MlpGradients out = pcr.deepPcrBackward(net.mlp, toFloat(in), states, toFloat(g), batch);
    double h = 1e-6;
    int samples = 24;
    float[] got = new float[3 * samples];
    double[] fd = new double[3 * samples];
    for (int k = 0; k < samples; k++) {
      int wi = random.nextInt(net.w.length);
      int ci = random.nextInt(net.c.length);
      int ii = random.nextInt(in.length);
      got[3 * k] = out.weights()[wi];
      got[3 * k + 1] = out.biases()[ci];
      got[3 * k + 2] = out.inputs()[ii];
      fd[3 * k] = central(net.w, wi, h, () -> PcrReference.linearLoss(act, layers, width, net.w, net.c, in, g, batch));
      fd[3 * k + 1] = central(net.c, ci, h,
          () -> PcrReference.linearLoss(act, layers, width, net.w, net.c, in, g, batch));
      fd[3 * k + 2] = central(in, ii, h, () -> PcrReference.linearLoss(act, layers, width, net.w, net.c, in, g, batch));
    }
    return Errors.relative(got, fd);
  }

  static double central(double[] param, int index, double h, java.util.function.DoubleSupplier loss) {
    double saved = param[index];
    param[index] = saved + h;
    double plus = loss.getAsDouble();
    param[index] = saved - h;
    double minus = loss.getAsDouble();
    param[index] = saved;
    return (plus - minus) / (2 * h);
  }

  // ---- data ------------------------------------------------------------------------------------------------------

  /** Values exactly representable in float32, so the reference sees the very inputs the kernel sees. */
  static double[] uniform(SplittableRandom random, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(lo, hi);
    }
    return v;
  }

  private static double[] signs(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextBoolean() ? 1 : -1;
    }
    return v;
  }

  static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
