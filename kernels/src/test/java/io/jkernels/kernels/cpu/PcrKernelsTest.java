package io.jkernels.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel-level facts the public conformance suite cannot see: the PCR formulation of the dense recurrence
 * (the GPU's algorithm) agrees with the sequential sweep the CPU backends use, for powers of two and not. (That
 * the vector bodies give the scalar bits is {@link VectorMatchesScalarTest}'s job.)
 */
class PcrKernelsTest {
  private static final KernelBackend SCALAR = Backends.provider("scalar").create();

  private static Buffer random(KernelBackend kb, SplittableRandom r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble(-1, 1) * scale);
    }
    Buffer b = kb.allocate(n);
    b.write(0, v, 0, n);
    return b;
  }

  private static float[] read(Buffer b) {
    float[] v = new float[(int) b.length()];
    b.read(0, v, 0, v.length);
    return v;
  }

  private static double relative(float[] out, float[] ref) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      diff += (out[i] - (double) ref[i]) * (out[i] - (double) ref[i]);
      norm += (double) ref[i] * ref[i];
    }
    return Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
  }

  @ParameterizedTest(name = "steps={0} batch={1} width={2}")
  @CsvSource({"1,1,1", "2,1,3", "3,2,2", "5,3,4", "8,1,5", "17,2,3", "33,3,7", "64,1,8", "100,2,6"})
  void pcrFormulationMatchesTheSweep(int steps, int batch, int width) {
    SplittableRandom r = new SplittableRandom(steps * 31L + width);
    int n = steps * batch * width;
    // ‖A_l‖∞ ≤ 0.9: a contracting recurrence, so both orders of rounding stay within a few ε of each other
    try (Buffer a = random(SCALAR, r, n * width, 0.9 / width);
        Buffer b = random(SCALAR, r, n, 1);
        Buffer x0 = random(SCALAR, r, batch * width, 1);
        Buffer sweep = SCALAR.allocate(n);
        Buffer pcr = SCALAR.allocate(n)) {
      SCALAR.pcr().denseRecurrence(a, b, x0, sweep, steps, batch, width);
      DenseRecurrencePcr.solve(HostBuffer.segmentOf(a), HostBuffer.segmentOf(b), HostBuffer.segmentOf(x0),
          HostBuffer.segmentOf(pcr), steps, batch, width);
      assertTrue(relative(read(pcr), read(sweep)) < 1e-5, "forward PCR vs sweep");

      SCALAR.pcr().denseRecurrenceAdjoint(a, b, sweep, steps, batch, width);
      DenseRecurrencePcr.solveAdjoint(HostBuffer.segmentOf(a), HostBuffer.segmentOf(b), HostBuffer.segmentOf(pcr),
          steps, batch, width);
      assertTrue(relative(read(pcr), read(sweep)) < 1e-5, "adjoint PCR vs sweep");
    }
  }
}
