package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Arrays;
import java.util.Random;

/**
 * DeepPCR on an MLP (Danieli et al., NeurIPS 2023): a random MLP {@code x_l = act(W_l x_{l−1} + c_l)}, its forward
 * pass solved by Newton-PCR ({@link Pcr#deepPcrForward}) beside the layer-by-layer pass, and its backward pass by
 * one adjoint recurrence solve ({@link Pcr#deepPcrBackward}) beside ordinary backpropagation. Times are the
 * fastest run ({@link Timing}); errors compare the DeepPCR result with the sequential one.
 */
public final class DeepPcrMlp {
  private DeepPcrMlp() {}

  /** Sizes and seeds of one run. */
  public record Config(Activation activation, int layers, int width, int batch, Regime regime, long seed,
      Timing timing, NewtonOptions newton) {
    public Config {
      if (activation == null || regime == null || timing == null || newton == null) {
        throw new IllegalArgumentException("activation, regime, timing and newton must not be null");
      }
      if (layers < 1 || width < 1 || batch < 1) {
        throw new IllegalArgumentException("layers, width and batch must be >= 1, got " + layers + ", "
            + width + ", " + batch);
      }
    }
  }

  /** The forward pass both ways: wall times (s), Newton's report, and the states' agreement. */
  public record ForwardComparison(double sequentialSeconds, double deepPcrSeconds, int iterations,
      double residual, boolean converged, boolean nonFinite, Agreement agreement) {}

  /** The backward pass both ways: wall times (s) and the agreement of each gradient. */
  public record BackwardComparison(double sequentialSeconds, double deepPcrSeconds, Agreement inputs,
      Agreement weights, Agreement biases) {
    /** The worst of the three gradients' agreements. */
    public Agreement worst() {
      return inputs.worst(weights).worst(biases);
    }
  }

  /** One run: the configuration, the forward and the backward comparison. */
  public record Result(Config config, ForwardComparison forward, BackwardComparison backward) {}

  /** Builds the MLP, inputs and an output gradient from the seed, then compares both passes both ways. */
  public static Result run(Pcr pcr, Config c) {
    Random random = new Random(c.seed());
    Mlp mlp = RandomMlp.build(c.activation(), c.layers(), c.width(), c.regime(), random);
    float[] inputs = RandomMlp.inputs(c.batch(), c.width(), random);
    float[] outputGradient = RandomMlp.inputs(c.batch(), c.width(), random);

    BestOf<float[]> sequential = BestOf.run(c.timing(), () -> pcr.sequentialForward(mlp, inputs, c.batch()));
    BestOf<DeepPcrResult> parallel =
        BestOf.run(c.timing(), () -> pcr.deepPcrForward(mlp, inputs, c.batch(), c.newton()));
    DeepPcrResult newton = parallel.result();
    ForwardComparison forward = new ForwardComparison(sequential.seconds(), parallel.seconds(), newton.iterations(),
        newton.residual(), newton.converged(), newton.nonFinite(), Agreement.of(newton.states(), sequential.result()));

    // Both backward passes get the same (sequential) states, so the comparison isolates the backward solve.
    float[] states = sequential.result();
    BestOf<MlpGradients> backprop = BestOf.run(c.timing(),
        () -> pcr.sequentialBackward(mlp, inputs, states, outputGradient, c.batch()));
    BestOf<MlpGradients> adjoint = BestOf.run(c.timing(),
        () -> pcr.deepPcrBackward(mlp, inputs, states, outputGradient, c.batch()));
    MlpGradients ref = backprop.result();
    MlpGradients got = adjoint.result();
    BackwardComparison backward = new BackwardComparison(backprop.seconds(), adjoint.seconds(),
        Agreement.of(got.inputs(), ref.inputs()), Agreement.of(got.weights(), ref.weights()),
        Agreement.of(got.biases(), ref.biases()));
    return new Result(c, forward, backward);
  }

  /** The last layer's states (batch×width) out of all states (layers×batch×width). */
  static float[] outputs(float[] states, int layers, int batch, int width) {
    int n = batch * width;
    return Arrays.copyOfRange(states, (layers - 1) * n, layers * n);
  }
}
