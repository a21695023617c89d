package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeepPcrMlpTest {
  static Stream<Arguments> backendsAndActivations() {
    return CpuPcrs.all().flatMap(pcr -> Stream.of(Activation.values()).map(a -> Arguments.of(pcr, a)));
  }

  static Stream<Named<Pcr>> backends() {
    return CpuPcrs.all();
  }

  @ParameterizedTest
  @MethodSource("backendsAndActivations")
  void contractingMlpConvergesAndAgreesWithTheSequentialPass(Pcr pcr, Activation act) {
    // 37 layers, width 13 (prime, a vector tail), batch 3: small enough for CI, awkward enough for the kernels.
    DeepPcrMlp.Result r = DeepPcrMlp.run(pcr,
        new DeepPcrMlp.Config(act, 37, 13, 3, Regime.CONTRACTING, 11, Timing.once(), NewtonOptions.defaults()));
    DeepPcrMlp.ForwardComparison f = r.forward();
    assertTrue(f.converged(), "converged: " + f);
    assertFalse(f.nonFinite());
    assertTrue(f.residual() <= 1e-5, "residual " + f.residual());
    // A contraction with constant ≤ 0.56 passes a residual of 1e-5 on as an error of at most ~2.3e-5; in
    // practice Newton's last step is quadratic and the error sits at float32 rounding.
    assertTrue(f.agreement().maxAbs() <= 2.5e-5, "forward " + f.agreement());
    // Gradients: float32 sums over batch and width in different orders; 1e-4 relative leaves room for both.
    assertTrue(r.backward().worst().within(1e-4), "backward " + r.backward());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void expandingMlpEitherAgreesOrSaysItDidNotConverge(Pcr pcr) {
    DeepPcrMlp.Result r = DeepPcrMlp.run(pcr,
        new DeepPcrMlp.Config(Activation.TANH, 40, 8, 2, Regime.EXPANDING, 5, Timing.once(), new NewtonOptions(1e-5, 8)));
    DeepPcrMlp.ForwardComparison f = r.forward();
    if (f.converged()) {
      assertTrue(f.agreement().relative() <= 1e-4, "converged but far: " + f);
    } else {
      assertTrue(f.residual() > 1e-5 || f.nonFinite(), "unconverged with a small residual: " + f);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void oneLayerNeedsOneNewtonStep(Pcr pcr) {
    DeepPcrMlp.Result r = DeepPcrMlp.run(pcr,
        new DeepPcrMlp.Config(Activation.RELU, 1, 5, 4, Regime.CONTRACTING, 2, Timing.once(), NewtonOptions.defaults()));
    assertTrue(r.forward().converged());
    assertEquals(0, r.forward().agreement().maxAbs(), 1e-6, "one layer is one evaluation");
  }
}
