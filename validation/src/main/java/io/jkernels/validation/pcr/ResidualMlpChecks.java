package io.jkernels.validation.pcr;

import static io.jkernels.validation.pcr.PcrChecks.central;
import static io.jkernels.validation.pcr.PcrChecks.check;
import static io.jkernels.validation.pcr.PcrChecks.gaussian;
import static io.jkernels.validation.pcr.PcrChecks.toDouble;
import static io.jkernels.validation.pcr.PcrChecks.toFloat;
import static io.jkernels.validation.pcr.PcrChecks.uniform;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.PcrReference;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Conformance cases of residual MLP blocks {@code x_l = x_{l-1} + act(W_l x_{l-1} + c_l)} (issue 13): DeepPCR's
 * forward and backward and the sequential passes against the float64 reference, at awkward sizes (one block,
 * primes; widths 1, 3, 17; batches 1, 5), an exact case (identity blocks that only add their biases), and deep nets
 * at ResNet-initialisation scale (1024 blocks on the CPU backends, marked large; 96 on every backend).
 *
 * <p>Residual blocks do not contract: the skip path carries every block's rounding to all later blocks, so the
 * states' error is measured normwise against the reference states and grows like L·ε at worst (√L·ε typically);
 * the gradients likewise.
 */
final class ResidualMlpChecks {
  private ResidualMlpChecks() {}

  /**
   * A random residual MLP at ResNet-initialisation scale: weights N(0, (gain/√L)²/width), so each block's
   * {@code diag(act′) W_l} has spectral norm ≈ 2·gain/√L and the product of the L Jacobians {@code I + diag(s) W_l}
   * stays of order one however deep the net; biases U(−0.5, 0.5)/√L, so the states are a random walk of order one.
   */
  static PcrChecks.Net residualNet(SplittableRandom random, Activation act, int layers, int width, double gain) {
    double scale = 1 / Math.sqrt(layers);
    double[] w = new double[layers * width * width];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) (gaussian(random) * gain * scale / Math.sqrt(width));
    }
    double[] c = uniform(random, layers * width, -0.5 * scale, 0.5 * scale);
    return new PcrChecks.Net(act, layers, width, w, c, Mlp.residual(act, layers, width, toFloat(w), toFloat(c)));
  }

  private static final double GAIN = 1.0;
  private static final NewtonOptions TIGHT = new NewtonOptions(1e-6, 64);
  private static final double EPS = Math.ulp(1.0f);

  static void add(List<ConformanceCheck> checks) {
    int[][] shapes = {{1, 1, 1}, {1, 3, 5}, {2, 17, 1}, {7, 3, 5}, {31, 17, 1}, {61, 1, 5}, {127, 3, 5}};
    for (Activation act : Activation.values()) {
      for (int[] shape : shapes) {
        int layers = shape[0];
        int width = shape[1];
        int batch = shape[2];
        String name = act + " residual layers=" + layers + " width=" + width + " batch=" + batch;
        double tolerance = forwardTolerance(layers);
        String reason = "‖x − ref‖ / ‖ref‖: each block adds ≈ (w + 2)·ε of its terms and the skip path carries it to "
            + "every later block undamped (Jacobian products of order one at this scale), so " + TOLERANCE_RULE;
        checks.add(check("deepPcrForward", name, 2 * tolerance, reason + NEWTON_RULE, false,
            (pcr, random) -> deepPcrForward(pcr, residualNet(random, act, layers, width, GAIN), random, batch)));
        checks.add(check("sequentialForward", name, tolerance, reason, false, (pcr, random) -> {
          PcrChecks.Net net = residualNet(random, act, layers, width, GAIN);
          double[] in = uniform(random, batch * width, -1, 1);
          float[] x = pcr.sequentialForward(net.mlp(), toFloat(in), batch);
          return Errors.relative(x, reference(net, in, batch));
        }));
        String gradReason = "‖out − ref‖ / ‖ref‖ for each of dW, dc, dInputs: each block's float32 products add "
            + "≈ (w + 1)·ε of the adjoint and the skip path carries it to every earlier block, so "
            + TOLERANCE_RULE + "; dW and dc against Σ_s |term_s| (batch sums of both signs cancel: against ‖ref‖"
            + " one seed in a few hundred gave 1.3e-5 to 3e-5 at L = 61, w = 1, B = 5); times 4 for dInputs ="
            + " y_0 + W_0ᵀ(s ⊙ y_0), which cancels where s·W_0 ≈ −I (measured 1.8e-5 at L = w = B = 1)";
        double gradTolerance = 4 * tolerance;
        checks.add(check("deepPcrBackward", name, gradTolerance, gradReason, false,
            (pcr, random) -> gradientError(pcr, random, act, layers, width, batch, true)));
        checks.add(check("sequentialBackward", name, gradTolerance, gradReason, false,
            (pcr, random) -> gradientError(pcr, random, act, layers, width, batch, false)));
      }
    }
    checks.add(check("deepPcrForward", "IDENTITY residual W=0: x_l = u + c_0 + … + c_l exactly, one Newton step",
        0, "exact: J_l = I and offsets c_l exactly, and sums of small integers are exact in float32 in any order",
        false, ResidualMlpChecks::biasSums));
    checks.add(check("deepPcrBackward", "TANH residual vs float64 central finite differences, layers=17 width=5",
        1e-4, "central differences in float64 with h = 1e-6 are exact to ≈ 1e-9; the float32 gradients to ≈ 1e-6",
        false, (pcr, random) -> finiteDifferences(pcr, random, 17, 5, 2)));
    // A ResNet of the paper's depth: on the CPU backends (large: the emulated driver is too slow for it), and a
    // shallower one everywhere.
    for (int layers : new int[] {96, 1024}) {
      int width = 8;
      int batch = 2;
      double tolerance = forwardTolerance(layers);
      String name = "TANH deep residual layers=" + layers + " width=" + width + " batch=" + batch;
      checks.add(check("deepPcrForward", name, 2 * tolerance, "‖x − ref‖ / ‖ref‖, near-identity blocks: "
          + "rounding carried by the skip path; Newton must converge in at most 12 iterations (J_l = I + diag(s) W_l "
          + "with ‖diag(s) W_l‖ ≈ 2/√L barely moves with x, so its linearisation is almost exact); "
          + TOLERANCE_RULE + NEWTON_RULE, layers > 128,
          (pcr, random) -> deepPcrForward(pcr, residualNet(random, Activation.TANH, layers, width, GAIN), random,
              batch)));
      checks.add(check("deepPcrBackward", name, tolerance, "‖out − ref‖ / ‖ref‖ per gradient: (w + 1)·ε of the "
          + "adjoint per block, carried along the skip path; " + TOLERANCE_RULE, layers > 128,
          (pcr, random) -> gradientError(pcr, random, Activation.TANH, layers, width, batch, true)));
    }
  }

  private static final String TOLERANCE_RULE =
      "max(1e-5, L·ε): the roundings add like a random walk (√L·ε, measured ≤ 7e-7 at L = 1024), L·ε bounds them "
          + "even if correlated";

  private static final String NEWTON_RULE =
      "; DeepPCR: twice that, since Newton may stop at a residual of up to 1e-6 + 4·ε·max|x| (see "
          + "newtonTolerance), which the skip path carries like the pass's own rounding (measured ≤ 4.7e-6 at "
          + "L = 61, 127 on emulated CUDA)";

  /** max(1e-5, L·ε): see {@link #TOLERANCE_RULE}. */
  private static double forwardTolerance(int layers) {
    return Math.max(1e-5, layers * EPS);
  }

  private static double[] reference(PcrChecks.Net net, double[] in, int batch) {
    return PcrReference.mlpForward(net.act(), net.layers(), net.width(), net.w(), net.c(), in, batch, true);
  }

  /**
   * DeepPCR on a residual net: must converge within 12 iterations, its float64 residual must honour the reported
   * one (up to a layer evaluation's rounding), and the metric is the states' distance to the float64 forward pass.
   */
  private static double deepPcrForward(Pcr pcr, PcrChecks.Net net, SplittableRandom random, int batch) {
    double[] in = uniform(random, batch * net.width(), -1, 1);
    double[] ref = reference(net, in, batch);
    NewtonOptions options = new NewtonOptions(newtonTolerance(net, ref), 64);
    DeepPcrResult r = pcr.deepPcrForward(net.mlp(), toFloat(in), batch, options);
    if (!r.converged() || r.nonFinite()) {
      throw new AssertionError("residual MLP did not converge: " + r.iterations() + " iterations, residual "
          + r.residual());
    }
    if (r.iterations() > Math.min(net.layers(), 12)) {
      throw new AssertionError("near-identity residual MLP took " + r.iterations() + " Newton iterations");
    }
    double truth = PcrReference.mlpResidual(net.act(), net.layers(), net.width(), net.w(), net.c(), in, r.states(),
        batch, true);
    double allowance = EPS * (net.width() + 2) * PcrReference.mlpEvaluationScale(net.layers(), net.width(), net.w(),
        net.c(), in, r.states(), batch, true) + EPS;
    if (truth > options.tolerance() + allowance) {
      throw new AssertionError("marked converged but the float64 residual is " + truth);
    }
    return Errors.relative(r.states(), ref);
  }

  /**
   * The Newton tolerance for a residual net: 1e-6 plus four roundings of the largest state. A residual net's
   * states do not shrink (a ReLU net's grow), and however exact the step, |x_l − f_l(x_{l−1})| keeps the rounding
   * of the skip sum {@code x_{l−1} + act(z)} and of the update {@code x + δ}, each up to ε·|x|, so an absolute
   * 1e-6 is below float32's reach once |x| passes ≈ 4.
   */
  private static double newtonTolerance(PcrChecks.Net net, double[] ref) {
    double scale = 0;
    for (double v : ref) {
      scale = Math.max(scale, Math.abs(v));
    }
    return TIGHT.tolerance() + 4 * EPS * scale;
  }

  /**
   * Gradients of a residual net against float64 backpropagation on the same (float32 reference) states, normwise
   * per gradient. Not against the magnitudes of the summed terms as for plain nets: along a skip path those grow
   * like Π(1 + |W_l|ᵀ|s_l|), astronomically over a thousand blocks, and would hide any error; the gradients of
   * near-identity blocks do not cancel, so their own norm is the honest scale.
   */
  private static double gradientError(Pcr pcr, SplittableRandom random, Activation act, int layers, int width,
      int batch, boolean adjointSolve) {
    PcrChecks.Net net = residualNet(random, act, layers, width, GAIN);
    double[] in = uniform(random, batch * width, -1, 1);
    float[] states = toFloat(reference(net, in, batch));
    double[] g = uniform(random, batch * width, -1, 1);
    MlpGradients out = adjointSolve
        ? pcr.deepPcrBackward(net.mlp(), toFloat(in), states, toFloat(g), batch)
        : pcr.sequentialBackward(net.mlp(), toFloat(in), states, toFloat(g), batch);
    PcrReference.Gradients ref = PcrReference.mlpBackward(act, layers, width, net.w(), net.c(), in,
        toDouble(states), g, batch, true);
    // dW and dc are sums over the batch of terms of both signs, which can cancel to far below the terms' size (and
    // their rounding): they are measured against Σ_s |term_s|, each sample's own gradient in float64.
    double[] scaleW = new double[ref.weights().length];
    double[] scaleC = new double[ref.biases().length];
    for (int s = 0; s < batch; s++) {
      double[] one = Arrays.copyOfRange(in, s * width, (s + 1) * width);
      PcrReference.Gradients term = PcrReference.mlpBackward(act, layers, width, net.w(), net.c(), one,
          reference(net, one, 1), Arrays.copyOfRange(g, s * width, (s + 1) * width), 1, true);
      for (int k = 0; k < scaleW.length; k++) {
        scaleW[k] += Math.abs(term.weights()[k]);
      }
      for (int k = 0; k < scaleC.length; k++) {
        scaleC[k] += Math.abs(term.biases()[k]);
      }
    }
    return Math.max(Errors.relativeToScale(out.weights(), ref.weights(), scaleW),
        Math.max(Errors.relativeToScale(out.biases(), ref.biases(), scaleC),
            Errors.relative(out.inputs(), ref.inputs())));
  }

  /**
   * Identity activation, W = 0, small integer biases and inputs: every path (sequential, Newton, the PCR tree on a
   * GPU) sums the same integers, exactly; one Newton step solves the linear system. Metric: max |x − ref|, and
   * the gradients dInputs = g, dc_l = Σ_s g_s (the skip path alone), which must be exact too.
   */
  private static double biasSums(Pcr pcr, SplittableRandom random) {
    int layers = 13;
    int width = 3;
    int batch = 5;
    double[] c = new double[layers * width];
    for (int k = 0; k < c.length; k++) {
      c[k] = random.nextInt(-8, 9);
    }
    double[] in = new double[batch * width];
    for (int k = 0; k < in.length; k++) {
      in[k] = random.nextInt(-8, 9);
    }
    double[] w = new double[layers * width * width];
    Mlp mlp = Mlp.residual(Activation.IDENTITY, layers, width, toFloat(w), toFloat(c));
    double[] ref = PcrReference.mlpForward(Activation.IDENTITY, layers, width, w, c, in, batch, true);
    DeepPcrResult r = pcr.deepPcrForward(mlp, toFloat(in), batch, TIGHT);
    if (!r.converged() || r.iterations() != 1) {
      throw new AssertionError("a linear residual system takes one Newton step, took " + r.iterations()
          + " (converged " + r.converged() + ")");
    }
    double worst = maxAbs(r.states(), ref);
    worst = Math.max(worst, maxAbs(pcr.sequentialForward(mlp, toFloat(in), batch), ref));
    double[] g = new double[batch * width];
    for (int k = 0; k < g.length; k++) {
      g[k] = random.nextInt(-4, 5);
    }
    PcrReference.Gradients refGrads = PcrReference.mlpBackward(Activation.IDENTITY, layers, width, w, c, in, ref, g,
        batch, true);
    for (MlpGradients grads : new MlpGradients[] {
        pcr.deepPcrBackward(mlp, toFloat(in), toFloat(ref), toFloat(g), batch),
        pcr.sequentialBackward(mlp, toFloat(in), toFloat(ref), toFloat(g), batch)}) {
      worst = Math.max(worst, maxAbs(grads.inputs(), g));
      worst = Math.max(worst, maxAbs(grads.inputs(), refGrads.inputs()));
      worst = Math.max(worst, maxAbs(grads.biases(), refGrads.biases()));
      worst = Math.max(worst, maxAbs(grads.weights(), refGrads.weights()));
    }
    return worst;
  }

  private static double maxAbs(float[] out, double[] ref) {
    if (out.length != ref.length) {
      throw new AssertionError("output has length " + out.length + ", reference " + ref.length);
    }
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = Math.abs(out[i] - ref[i]);
      worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
    }
    return worst;
  }

  /** Gradients of Σ g ⊙ x_{L−1} for a sample of inputs, weights and biases against central differences. */
  private static double finiteDifferences(Pcr pcr, SplittableRandom random, int layers, int width, int batch) {
    Activation act = Activation.TANH;
    PcrChecks.Net net = residualNet(random, act, layers, width, GAIN);
    double[] w = net.w();
    double[] c = net.c();
    double[] in = uniform(random, batch * width, -1, 1);
    double[] g = uniform(random, batch * width, -1, 1);
    float[] states = pcr.sequentialForward(net.mlp(), toFloat(in), batch);
    MlpGradients out = pcr.deepPcrBackward(net.mlp(), toFloat(in), states, toFloat(g), batch);
    java.util.function.DoubleSupplier loss = () -> PcrReference.linearLoss(act, layers, width, w, c, in, g, batch,
        true);
    double h = 1e-6;
    int samples = 24;
    float[] got = new float[3 * samples];
    double[] fd = new double[3 * samples];
    for (int k = 0; k < samples; k++) {
      int wi = random.nextInt(w.length);
      int ci = random.nextInt(c.length);
      int ii = random.nextInt(in.length);
      got[3 * k] = out.weights()[wi];
      got[3 * k + 1] = out.biases()[ci];
      got[3 * k + 2] = out.inputs()[ii];
      fd[3 * k] = central(w, wi, h, loss);
      fd[3 * k + 1] = central(c, ci, h, loss);
      fd[3 * k + 2] = central(in, ii, h, loss);
    }
    return Errors.relative(got, fd);
  }
}
