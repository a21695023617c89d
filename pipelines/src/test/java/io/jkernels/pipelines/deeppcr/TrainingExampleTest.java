package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pcr.Pcr;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.NewtonOptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainingExampleTest {
  static java.util.stream.Stream<Named<Pcr>> backends() {
    return CpuPcrs.all();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void deepPcrTrainingSeesTheSameLossesAsBackpropagation(Pcr pcr) {
    TrainingExample.Result r = TrainingExample.run(pcr,
        new TrainingExample.Config(Activation.TANH, 12, 9, 16, 4, 0.5f, 3, Timing.once(), NewtonOptions.defaults()));
    assertEquals(5, r.sequentialLosses().length);
    assertTrue(r.converged(), "every Newton solve converged");
    // float32 forward and backward passes that differ by rounding (and Newton's 1e-5 stop) over 4 steps: the
    // losses and weights stay within 1e-5 relative of each other.
    assertTrue(r.maxLossRelativeDifference() <= 1e-5, "loss difference " + r.maxLossRelativeDifference());
    assertTrue(r.finalWeights().within(1e-5), "weights " + r.finalWeights());
    double[] l = r.sequentialLosses();
    assertTrue(l[l.length - 1] < l[0], "SGD lowers the loss: " + java.util.Arrays.toString(l));
  }

  @org.junit.jupiter.api.Test
  void meanSquaredErrorAndItsGradient() {
    float[] g = new float[2];
    assertEquals((1 + 4) / 2.0, TrainingExample.meanSquaredError(new float[] {1, 0}, new float[] {0, 2}, g), 0);
    assertEquals(1f, g[0]);
    assertEquals(-2f, g[1]);
  }
}
