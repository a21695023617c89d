package io.jkernels.validation.pcr;

import static io.jkernels.validation.pcr.PcrChecks.toDouble;
import static io.jkernels.validation.pcr.PcrChecks.toFloat;
import static io.jkernels.validation.pcr.PcrChecks.uniform;

import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.NewtonOutcome;
import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.ResidentMlp;
import io.jkernels.validation.Check;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.PcrReference;
import io.jkernels.validation.reference.TrainingReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The conformance cases of the resident MLP calls (issue 13): the FloatArray forms of the forward and backward
 * passes, the loss and the SGD update on the backend, and one whole training step, each against the float64
 * sequential reference ({@link PcrReference}, {@link TrainingReference}) on awkward shapes (one unit, prime widths,
 * vector tails, several CUDA blocks of outputs), plain and residual networks.
 */
public final class ResidentMlpChecks {
  private ResidentMlpChecks() {}

  private static final NewtonOptions TIGHT = new NewtonOptions(1e-6, 64);
  private static final double CONTRACTING_GAIN = 0.35;

  @FunctionalInterface
  private interface Body {
    double measure(KernelContext context, Pcr pcr, SplittableRandom random);
  }

  private static Check check(String operation, String caseName, double tolerance, String reason, Body body) {
    return new Check("pcr", operation, caseName, tolerance, reason, false,
        (context, random) -> body.measure(context, context.pcr(), random));
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    // The shapes of PcrChecks' array-form cases (one unit, width 7 tails, 16 and 33 wide, 31 to 65 layers): the
    // same kernels run, and the cost survey's per-kernel counts keep the mix their floors were set from.
    String forwardReason = "‖x − ref‖ / ‖Σ|W x| + |c|‖, contracting: a Newton residual ≤ 1e-6 puts the states "
        + "within ≈ 3e-6 of the fixed point; float32 layer evaluation adds ≈ w·ε of its terms";
    Object[][] forwardShapes = {{Activation.TANH, 1, 1, 1}, {Activation.GELU, 2, 7, 3}, {Activation.RELU, 31, 16, 2},
        {Activation.IDENTITY, 64, 33, 5}};
    for (Object[] s : forwardShapes) {
      Activation act = (Activation) s[0];
      int layers = (int) s[1];
      int width = (int) s[2];
      int batch = (int) s[3];
      String name = act + " contracting layers=" + layers + " width=" + width + " batch=" + batch;
      checks.add(check("deepPcrForward(ResidentMlp)", name, 1e-5, forwardReason,
          (ctx, pcr, random) -> forward(ctx, pcr, random, act, layers, width, batch, true)));
      checks.add(check("sequentialForward(ResidentMlp)", name, 1e-5, forwardReason,
          (ctx, pcr, random) -> forward(ctx, pcr, random, act, layers, width, batch, false)));
    }
    Object[][] backwardShapes = {{Activation.TANH, 1, 1, 1}, {Activation.GELU, 3, 7, 2}, {Activation.RELU, 31, 16, 3},
        {Activation.IDENTITY, 65, 9, 4}};
    for (Object[] s : backwardShapes) {
      Activation act = (Activation) s[0];
      int layers = (int) s[1];
      int width = (int) s[2];
      int batch = (int) s[3];
      String name = act + " layers=" + layers + " width=" + width + " batch=" + batch;
      // Short nets at the edge of chaos, measured against the magnitude of the summed terms (where gradients can
      // cancel); long ones contracting, measured plainly: there the magnitudes of |W|ᴸ grow without bound while
      // the gradients do not, and a scaled metric could not fail.
      String backwardReason = layers > 8
          ? "‖out − ref‖ / ‖ref‖, contracting (Lipschitz ≈ 0.7): each layer's float32 products add ≈ w·ε "
              + "relative and nothing amplifies them, so ≈ √L·w·ε (4e-6 at 65 layers of 9): 1e-5"
          : "‖out − ref‖ / ‖magnitude of the summed terms‖ at the edge of chaos: each layer's float32 products add "
              + "≈ w·ε of that magnitude, ≈ √L·w·ε in all: 1e-5";
      checks.add(check("deepPcrBackward(ResidentMlp)", name + (layers > 8 ? " contracting" : ""), 1e-5,
          backwardReason, (ctx, pcr, random) -> backward(ctx, pcr, random, act, layers, width, batch, true)));
      checks.add(check("sequentialBackward(ResidentMlp)", name + (layers > 8 ? " contracting" : ""), 1e-5,
          backwardReason, (ctx, pcr, random) -> backward(ctx, pcr, random, act, layers, width, batch, false)));
    }
    // Residual blocks (ResidualMlpChecks' nets at ResNet-initialisation scale): the resident network carries the
    // kind to the solver. Tolerances as there: the skip path carries every block's rounding undamped.
    for (Object[] s : new Object[][] {{Activation.TANH, 7, 3, 5}, {Activation.GELU, 31, 17, 1}}) {
      Activation act = (Activation) s[0];
      int layers = (int) s[1];
      int width = (int) s[2];
      int batch = (int) s[3];
      String name = act + " residual layers=" + layers + " width=" + width + " batch=" + batch;
      double tolerance = Math.max(1e-5, layers * EPS);
      String reason = "‖out − ref‖ / ‖ref‖: each residual block adds ≈ (w + 2)·ε of its terms and the skip path "
          + "carries it undamped: max(1e-5, L·ε) (ResidualMlpChecks' rule)";
      checks.add(check("deepPcrForward(ResidentMlp)", name, 2 * tolerance, reason + "; DeepPCR twice that: Newton "
          + "stops at the PCR step's float32 floor (w + log₂ L)·ε·max|x|, carried like the pass's own rounding",
          (ctx, pcr, random) -> residualForward(ctx, pcr, random, act, layers, width, batch, true)));
      checks.add(check("sequentialForward(ResidentMlp)", name, tolerance, reason,
          (ctx, pcr, random) -> residualForward(ctx, pcr, random, act, layers, width, batch, false)));
      checks.add(check("deepPcrBackward(ResidentMlp)", name, tolerance, reason,
          (ctx, pcr, random) -> residualBackward(ctx, pcr, random, act, layers, width, batch, true)));
      checks.add(check("sequentialBackward(ResidentMlp)", name, tolerance, reason,
          (ctx, pcr, random) -> residualBackward(ctx, pcr, random, act, layers, width, batch, false)));
    }
    String lossReason = "the gradient is the double value rounded once to float32 (≤ ε/2 = 6e-8 relative per "
        + "entry) and the loss a double sum (≤ n·1.1e-16 relative): 1e-6 leaves room, a wrong formula or offset "
        + "errs by O(1)";
    // 2211 outputs: several 256-thread blocks of partial sums on CUDA, and a tail
    for (int[] s : new int[][] {{1, 1, 1}, {2, 3, 7}, {3, 67, 33}}) {
      checks.add(check("meanSquaredError", "layers=" + s[0] + " batch=" + s[1] + " width=" + s[2], 1e-6,
          lossReason, (ctx, pcr, random) -> meanSquaredError(ctx, pcr, random, s[0], s[1], s[2])));
    }
    String sgdReason = "‖θ' − ref‖ / ‖|θ| + |η g|‖: θ − η·g in float32 is two roundings (product, difference) of "
        + "terms of that size, ≤ 2ε = 1.2e-7 of it whatever they cancel to, so 1e-6; and bit for bit the Java loop "
        + "θ[i] -= η·g[i] (checked exactly)";
    // 5·33·33 = 5445 weights: several blocks and a tail
    for (int[] s : new int[][] {{1, 1}, {3, 7}, {5, 33}}) {
      checks.add(check("sgdUpdate", "layers=" + s[0] + " width=" + s[1], 1e-6, sgdReason,
          (ctx, pcr, random) -> sgd(ctx, pcr, random, s[0], s[1])));
    }
    checks.add(check("trainingStep(ResidentMlp)", "TANH layers=31 width=16 batch=2: forward, loss, backward, update",
        1e-5, "the worst of the loss's, the gradients' (each against the magnitude of its summed terms, as "
            + "deepPcrBackward) and the states' errors; 31 contracting layers of float32 evaluation and "
            + "backpropagation at ≈ √L·w·ε; the update itself is checked bit for bit against θ − η·g in float32",
        (ctx, pcr, random) -> trainingStep(ctx, pcr, random, 31, 16, 2, false)));
    checks.add(check("trainingStep(ResidentMlp)", "TANH residual layers=17 width=5 batch=3: forward, loss, backward, "
        + "update", 2 * Math.max(1e-5, 17 * EPS), "the worst of the loss's, the states' and the gradients' normwise "
            + "errors; residual blocks carry every rounding along the skip path: 2·max(1e-5, L·ε) as DeepPCR's "
            + "residual forward; the update checked bit for bit",
        (ctx, pcr, random) -> trainingStep(ctx, pcr, random, 17, 5, 3, true)));
    return checks;
  }

  private static double forward(KernelContext ctx, Pcr pcr, SplittableRandom random, Activation act, int layers,
      int width, int batch, boolean newton) {
    PcrChecks.Net net = PcrChecks.Net.random(random, act, layers, width, CONTRACTING_GAIN);
    double[] in = uniform(random, batch * width, -1, 1);
    float[] x;
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray inputs = ctx.upload(toFloat(in));
        FloatArray states = ctx.allocate((long) layers * batch * width)) {
      if (newton) {
        NewtonOutcome o = pcr.deepPcrForward(mlp, inputs, states, batch, TIGHT);
        if (!o.converged() || o.nonFinite() || o.iterations() > Math.min(layers, 12)) {
          throw new AssertionError("contracting MLP: " + o);
        }
      } else {
        pcr.sequentialForward(mlp, inputs, states, batch);
      }
      x = states.toArray();
    }
    double[] ref = PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch);
    double[] terms = PcrReference.mlpEvaluationTerms(layers, width, net.w(), net.c(), in, toFloat(ref), batch);
    return Errors.relativeToScale(x, ref, terms);
  }

  private static double backward(KernelContext ctx, Pcr pcr, SplittableRandom random, Activation act, int layers,
      int width, int batch, boolean adjointSolve) {
    boolean contracting = layers > 8;
    double gain = contracting ? CONTRACTING_GAIN : act == Activation.RELU ? 1.4 : 1.0;
    PcrChecks.Net net = PcrChecks.Net.random(random, act, layers, width, gain);
    double[] in = uniform(random, batch * width, -1, 1);
    float[] states = toFloat(PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch));
    double[] g = uniform(random, batch * width, -1, 1);
    float[][] got = residentGradients(ctx, pcr, net, toFloat(in), states, toFloat(g), batch, adjointSolve);
    if (contracting) {
      PcrReference.Gradients ref = PcrReference.mlpBackward(act, layers, width, net.w(), net.c(), in,
          toDouble(states), g, batch);
      return Math.max(Errors.relative(got[0], ref.inputs()),
          Math.max(Errors.relative(got[1], ref.weights()), Errors.relative(got[2], ref.biases())));
    }
    return gradientError(got, net, in, states, g, batch);
  }

  /** dInputs, dWeights, dBiases of a resident backward pass. */
  private static float[][] residentGradients(KernelContext ctx, Pcr pcr, PcrChecks.Net net, float[] in,
      float[] states, float[] g, int batch, boolean adjointSolve) {
    int width = net.width();
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray inputs = ctx.upload(in);
        FloatArray st = ctx.upload(states);
        FloatArray og = ctx.upload(g);
        FloatArray di = ctx.allocate((long) batch * width);
        FloatArray dw = ctx.allocate((long) net.layers() * width * width);
        FloatArray db = ctx.allocate((long) net.layers() * width)) {
      if (adjointSolve) {
        pcr.deepPcrBackward(mlp, inputs, st, og, di, dw, db, batch);
      } else {
        pcr.sequentialBackward(mlp, inputs, st, og, di, dw, db, batch);
      }
      return new float[][] {di.toArray(), dw.toArray(), db.toArray()};
    }
  }

  private static double gradientError(float[][] got, PcrChecks.Net net, double[] in, float[] states, double[] g,
      int batch) {
    PcrReference.Gradients ref = PcrReference.mlpBackward(net.act(), net.layers(), net.width(), net.w(), net.c(), in,
        toDouble(states), g, batch);
    PcrReference.Gradients scale = PcrReference.mlpBackwardMagnitudes(net.act(), net.layers(), net.width(), net.w(),
        net.c(), in, toDouble(states), g, batch);
    return Math.max(Errors.relativeToScale(got[0], ref.inputs(), scale.inputs()),
        Math.max(Errors.relativeToScale(got[1], ref.weights(), scale.weights()),
            Errors.relativeToScale(got[2], ref.biases(), scale.biases())));
  }

  private static final double EPS = Math.ulp(1.0f);

  private static double residualForward(KernelContext ctx, Pcr pcr, SplittableRandom random, Activation act,
      int layers, int width, int batch, boolean newton) {
    PcrChecks.Net net = ResidualMlpChecks.residualNet(random, act, layers, width, 1.0);
    double[] in = uniform(random, batch * width, -1, 1);
    double[] ref = PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch, true);
    float[] x;
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray inputs = ctx.upload(toFloat(in));
        FloatArray states = ctx.allocate((long) layers * batch * width)) {
      if (!mlp.isResidual()) {
        throw new AssertionError("the uploaded residual Mlp lost its kind");
      }
      if (newton) {
        NewtonOutcome o = pcr.deepPcrForward(mlp, inputs, states, batch,
            new NewtonOptions(residualNewtonTolerance(layers, width, ref), 64));
        if (!o.converged() || o.nonFinite() || o.iterations() > Math.min(layers, 12)) {
          throw new AssertionError("near-identity residual MLP: " + o);
        }
      } else {
        pcr.sequentialForward(mlp, inputs, states, batch);
      }
      x = states.toArray();
    }
    return Errors.relative(x, ref);
  }

  /**
   * 1e-6 plus 4× the float32 floor of a Newton step that forms the Jacobians and solves by PCR, (w + ⌈log₂ L⌉)·ε
   * at the scale of the states (ResidualMlpChecks.newtonTolerance: residual states do not shrink).
   */
  private static double residualNewtonTolerance(int layers, int width, double[] ref) {
    double scale = 0;
    for (double v : ref) {
      scale = Math.max(scale, Math.abs(v));
    }
    int log2 = 32 - Integer.numberOfLeadingZeros(layers);
    return TIGHT.tolerance() + 4 * (width + log2) * EPS * scale;
  }

  private static double residualBackward(KernelContext ctx, Pcr pcr, SplittableRandom random, Activation act,
      int layers, int width, int batch, boolean adjointSolve) {
    PcrChecks.Net net = ResidualMlpChecks.residualNet(random, act, layers, width, 1.0);
    double[] in = uniform(random, batch * width, -1, 1);
    float[] states = toFloat(PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch, true));
    double[] g = uniform(random, batch * width, -1, 1);
    float[][] got = residentGradients(ctx, pcr, net, toFloat(in), states, toFloat(g), batch, adjointSolve);
    PcrReference.Gradients ref = PcrReference.mlpBackward(act, layers, width, net.w(), net.c(), in,
        toDouble(states), g, batch, true);
    return Math.max(Errors.relative(got[0], ref.inputs()),
        Math.max(Errors.relative(got[1], ref.weights()), Errors.relative(got[2], ref.biases())));
  }

  private static double meanSquaredError(KernelContext ctx, Pcr pcr, SplittableRandom random, int layers, int batch,
      int width) {
    PcrChecks.Net net = PcrChecks.Net.random(random, Activation.TANH, layers, width, 1.0);
    double[] states = uniform(random, layers * batch * width, -1, 1);
    double[] targets = uniform(random, batch * width, -1, 1);
    double loss;
    float[] gradient;
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray st = ctx.upload(toFloat(states));
        FloatArray t = ctx.upload(toFloat(targets));
        FloatArray g = ctx.upload(toFloat(uniform(random, batch * width, 5, 6)))) {
      loss = pcr.meanSquaredError(mlp, st, t, g, batch);
      gradient = g.toArray();
    }
    int last = (layers - 1) * batch * width;
    TrainingReference.Loss ref = TrainingReference.meanSquaredError(
        java.util.Arrays.copyOfRange(states, last, last + batch * width), targets);
    return Math.max(Errors.relative(gradient, ref.gradient()), Math.abs(loss - ref.value()) / ref.value());
  }

  private static double sgd(KernelContext ctx, Pcr pcr, SplittableRandom random, int layers, int width) {
    PcrChecks.Net net = PcrChecks.Net.random(random, Activation.TANH, layers, width, 1.0);
    float[] gw = toFloat(uniform(random, layers * width * width, -1, 1));
    float[] gc = toFloat(uniform(random, layers * width, -1, 1));
    float rate = (float) random.nextDouble(0.01, 1);
    float[] w;
    float[] c;
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray dw = ctx.upload(gw);
        FloatArray db = ctx.upload(gc)) {
      pcr.sgdUpdate(mlp, dw, db, rate);
      w = mlp.weights().toArray();
      c = mlp.biases().toArray();
    }
    exactUpdate(toFloat(net.w()), gw, rate, w, "weights");
    exactUpdate(toFloat(net.c()), gc, rate, c, "biases");
    return Math.max(sgdError(w, net.w(), gw, rate), sgdError(c, net.c(), gc, rate));
  }

  /**
   * The update's error against the float64 one, measured against the size of its terms |θ| + |η g|: where θ and
   * η g cancel the result is small but keeps the rounding of its terms.
   */
  private static double sgdError(float[] after, double[] theta, float[] g, float rate) {
    double[] scale = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      scale[i] = Math.abs(theta[i]) + Math.abs((double) rate * g[i]);
    }
    return Errors.relativeToScale(after, TrainingReference.sgd(theta, toDouble(g), rate), scale);
  }

  /** {@code after} must be the Java loop θ[i] -= rate·g[i] bit for bit. */
  private static void exactUpdate(float[] before, float[] g, float rate, float[] after, String what) {
    for (int i = 0; i < before.length; i++) {
      float expected = before[i] - rate * g[i];
      if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(after[i])) {
        throw new AssertionError(what + "[" + i + "] = " + after[i] + " after the update, expected θ − η·g = "
            + expected + " (rounded as float32, no fused multiply-add)");
      }
    }
  }

  /**
   * One resident step (DeepPCR forward, loss, adjoint backward, update) against the float64 reference step: the
   * loss, the states and the gradients measured as above, the update checked bit for bit.
   */
  private static double trainingStep(KernelContext ctx, Pcr pcr, SplittableRandom random, int layers, int width,
      int batch, boolean residual) {
    Activation act = Activation.TANH;
    PcrChecks.Net net = residual ? ResidualMlpChecks.residualNet(random, act, layers, width, 1.0)
        : PcrChecks.Net.random(random, act, layers, width, CONTRACTING_GAIN);
    double[] in = uniform(random, batch * width, -1, 1);
    double[] targets = uniform(random, batch * width, -0.5, 0.5);
    float rate = 0.25f;
    long n = (long) layers * batch * width;
    float[] x;
    double loss;
    float[][] got;
    float[] w;
    float[] c;
    try (ResidentMlp mlp = pcr.upload(net.mlp());
        FloatArray inputs = ctx.upload(toFloat(in));
        FloatArray t = ctx.upload(toFloat(targets));
        FloatArray states = ctx.allocate(n);
        FloatArray g = ctx.allocate((long) batch * width);
        FloatArray di = ctx.allocate((long) batch * width);
        FloatArray dw = ctx.allocate((long) layers * width * width);
        FloatArray db = ctx.allocate((long) layers * width)) {
      NewtonOptions options = residual ? new NewtonOptions(residualNewtonTolerance(layers, width,
          PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch, true)), 64) : TIGHT;
      NewtonOutcome o = pcr.deepPcrForward(mlp, inputs, states, batch, options);
      if (!o.converged()) {
        throw new AssertionError("MLP did not converge: " + o);
      }
      loss = pcr.meanSquaredError(mlp, states, t, g, batch);
      pcr.deepPcrBackward(mlp, inputs, states, g, di, dw, db, batch);
      pcr.sgdUpdate(mlp, dw, db, rate);
      x = states.toArray();
      got = new float[][] {di.toArray(), dw.toArray(), db.toArray()};
      w = mlp.weights().toArray();
      c = mlp.biases().toArray();
    }
    exactUpdate(toFloat(net.w()), got[1], rate, w, "weights");
    exactUpdate(toFloat(net.c()), got[2], rate, c, "biases");
    double[] ref = PcrReference.mlpForward(act, layers, width, net.w(), net.c(), in, batch, residual);
    double stateError = residual ? Errors.relative(x, ref) : Errors.relativeToScale(x, ref,
        PcrReference.mlpEvaluationTerms(layers, width, net.w(), net.c(), in, toFloat(ref), batch));
    int last = (layers - 1) * batch * width;
    TrainingReference.Loss refLoss = TrainingReference.meanSquaredError(
        java.util.Arrays.copyOfRange(ref, last, last + batch * width), targets);
    double lossError = Math.abs(loss - refLoss.value()) / refLoss.value();
    // the gradients against float64 backpropagation of the float64 loss gradient through the float64 states
    PcrReference.Gradients refGrad = PcrReference.mlpBackward(act, layers, width, net.w(), net.c(), in, ref,
        refLoss.gradient(), batch, residual);
    if (residual) { // normwise, as ResidualMlpChecks: magnitudes along a skip path would hide any error
      double gradError = Math.max(Errors.relative(got[0], refGrad.inputs()),
          Math.max(Errors.relative(got[1], refGrad.weights()), Errors.relative(got[2], refGrad.biases())));
      return Math.max(stateError, Math.max(lossError, gradError));
    }
    PcrReference.Gradients scale = PcrReference.mlpBackwardMagnitudes(act, layers, width, net.w(), net.c(), in, ref,
        refLoss.gradient(), batch);
    double gradError = Math.max(Errors.relativeToScale(got[0], refGrad.inputs(), scale.inputs()),
        Math.max(Errors.relativeToScale(got[1], refGrad.weights(), scale.weights()),
            Errors.relativeToScale(got[2], refGrad.biases(), scale.biases())));
    return Math.max(stateError, Math.max(lossError, gradError));
  }
}
