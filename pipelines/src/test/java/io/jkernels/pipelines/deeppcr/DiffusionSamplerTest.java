package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pcr.Pcr;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiffusionSamplerTest {
  static Stream<Arguments> backendsAndSteps() {
    // T = 1 and 2 (a single solve), 33 (past a power of two), 200 (a long chain): widths prime and a tail.
    return CpuPcrs.all().flatMap(pcr -> Stream.of(Arguments.of(pcr, 1, 5), Arguments.of(pcr, 2, 7),
        Arguments.of(pcr, 33, 8), Arguments.of(pcr, 200, 6)));
  }

  @ParameterizedTest
  @MethodSource("backendsAndSteps")
  void newtonPcrSamplerMatchesTheSequentialSampler(Pcr pcr, int steps, int width) {
    DiffusionSampler.Result r = DiffusionSampler.run(pcr, new DiffusionSampler.Config(steps, width, 2 * width,
        2, 17, Timing.once(), DiffusionSampler.Config.defaultNewton(steps)));
    assertTrue(r.converged(), "converged: " + r);
    assertFalse(r.nonFinite());
    assertTrue(r.maxIterations() <= steps, "Newton needs at most T iterations: " + r.maxIterations());
    // Each step rounds at ~1e-7 relative and Newton stops at 1e-6 relative per step; the steps contract, so
    // the differences do not grow along the chain: 1e-4 relative on the samples leaves a wide margin.
    assertTrue(r.samples().within(1e-4), "x_0 " + r.samples());
    assertTrue(r.trajectories().within(1e-4), "trajectories " + r.trajectories());
  }

  @org.junit.jupiter.api.Test
  void stepJacobianMatchesFiniteDifferences() {
    DiffusionSampler.Config c = new DiffusionSampler.Config(6, 5, 11, 2, 4, Timing.once(),
        DiffusionSampler.Config.defaultNewton(6));
    ChainJacobians.assertMatchFiniteDifferences(DiffusionSampler.Model.random(c, new java.util.Random(4)).chain(1), 5);
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void oneStepIsSolvedByTheFirstNewtonIteration(Pcr pcr) {
    DiffusionSampler.Result r = DiffusionSampler.run(pcr,
        new DiffusionSampler.Config(1, 4, 4, 3, 1, Timing.once(), DiffusionSampler.Config.defaultNewton(1)));
    assertEquals(1, r.maxIterations());
    assertTrue(r.converged());
  }
}
