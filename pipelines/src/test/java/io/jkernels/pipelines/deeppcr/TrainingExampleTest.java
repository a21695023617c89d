package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

  /** SCALAR, VECTOR (when available) and the CUDA kernels on the emulated driver (when built). */
  static java.util.stream.Stream<Named<io.jkernels.KernelContext>> contexts() {
    java.util.List<Named<io.jkernels.KernelContext>> out = new java.util.ArrayList<>();
    for (io.jkernels.Backend b : io.jkernels.Kernels.available()) {
      if (b != io.jkernels.Backend.CUDA) {
        out.add(Named.of(b.id(), io.jkernels.Kernels.open(b)));
      }
    }
    if (io.jkernels.kernels.cuda.EmulatedCuda.unavailabilityCause().isEmpty()) {
      out.add(Named.of("cuda (emulated)", new io.jkernels.internal.BackendContext(io.jkernels.Backend.CUDA,
          io.jkernels.kernels.cuda.EmulatedCuda.openBackend())));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("contexts")
  void residentTrainingEqualsTheArrayForm(io.jkernels.KernelContext ctx) {
    // closed by JUnit after the test (AutoCloseable arguments)
    TrainingExample.ResidentResult r = TrainingExample.runResident(ctx,
        new TrainingExample.Config(Activation.TANH, 12, 9, 16, 4, 0.5f, 3, Timing.once(), NewtonOptions.defaults()));
    assertTrue(r.converged(), "every Newton solve converged");
    // the same kernels on the same values, the update and the loss gradient rounded as the host loop: identical
    // parameters after 4 steps on SCALAR and CUDA. VECTOR's dot products end in reduceLanes(ADD), whose lane order
    // differs between interpreted and compiled code (the JDK leaves it open), so two runs of the same step can
    // differ by a rounding per dot product: ≈ w·ε = 5e-7 relative per step at most, 1e-6 after 4 contracting steps
    // (measured 4e-9).
    long liveAfter = ctx.liveArrays();
    assertEquals(0, liveAfter, "the resident run freed everything it allocated");
    switch (ctx.backend()) {
      case VECTOR -> {
        assertTrue(r.finalWeights().within(1e-6), "final weights " + r.finalWeights());
        assertTrue(r.maxLossRelativeDifference() <= 1e-6, "loss difference " + r.maxLossRelativeDifference());
      }
      case CUDA -> {
        assertTrue(r.identicalParameters(), "final weights " + r.finalWeights());
        // the loss is a tree sum of 144 doubles on the device, the host's index-order sum in the array form
        assertTrue(r.maxLossRelativeDifference() <= 1e-14, "loss difference " + r.maxLossRelativeDifference());
      }
      default -> {
        assertTrue(r.identicalParameters(), "final weights " + r.finalWeights());
        assertArrayEquals(r.arrayLosses(), r.residentLosses(), 0, "the CPU sums in index order, as the host loop");
      }
    }
    double[] l = r.residentLosses();
    assertTrue(l[l.length - 1] < l[0], "SGD lowers the loss: " + java.util.Arrays.toString(l));
    assertEquals(4 * (12 * 81 + 12 * 9) + 5 * 16 * 9 + 3 * 12 * 16 * 9, r.arrayFloatsPerStep());
  }

  @org.junit.jupiter.api.Test
  void meanSquaredErrorAndItsGradient() {
    float[] g = new float[2];
    assertEquals((1 + 4) / 2.0, TrainingExample.meanSquaredError(new float[] {1, 0}, new float[] {0, 2}, g), 0);
    assertEquals(1f, g[0]);
    assertEquals(-2f, g[1]);
  }
}
