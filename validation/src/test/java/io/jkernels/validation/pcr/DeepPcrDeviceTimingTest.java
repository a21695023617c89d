package io.jkernels.validation.pcr;

import io.jkernels.kernels.cuda.EmulatedCuda;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** gpu-check.sh's DeepPCR timing runs end to end here too (tiny points, emulated driver), so it cannot rot unseen. */
class DeepPcrDeviceTimingTest {
  @Test
  void smokeRunOnTheEmulatedDriver() {
    Assumptions.assumeTrue(EmulatedCuda.unavailabilityCause().isEmpty(), "emulated CUDA driver not built");
    DeepPcrDeviceTiming.main(new String[] {"cuda-emulated", "smoke"});
  }

  @Test
  void smokeRunOnTheScalarBackend() {
    DeepPcrDeviceTiming.main(new String[] {"scalar", "smoke"});
  }
}
