package io.jkernels.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The same conformance suite, every check including the large ones, on a real GPU through the JCuda driver. Tagged
 * gpu: the normal build excludes it; {@code validation/gpu-check.sh} runs it on a GPU machine. Without a device it
 * skips (an assumption), saying why.
 */
@Tag("gpu")
class GpuConformanceTest {
  private static void assumeRealCuda() {
    Optional<String> cause = Kernels.unavailabilityCause(Backend.CUDA);
    Assumptions.assumeTrue(cause.isEmpty(), () -> "CUDA backend unavailable: " + cause.orElse(""));
    Assumptions.assumeFalse("emulated".equals(System.getProperty("jkernels.cuda.driver")),
        "the emulated driver is selected; GPU tests need the real one");
  }

  @TestFactory
  Stream<DynamicNode> everyCheckOnTheGpu() {
    assumeRealCuda();
    return Stream.of(ConformanceTest.suiteOn("cuda", () -> Kernels.open(Backend.CUDA), true));
  }

  @Test
  void buffersAreFreedAndTheContextStaysUsable() {
    assumeRealCuda();
    try (KernelContext context = Kernels.open(Backend.CUDA)) {
      long before = context.liveArrays();
      float[] data = new float[4099];
      for (int i = 0; i < data.length; i++) {
        data[i] = i * 0.5f;
      }
      try (var array = context.upload(data)) {
        assertEquals(before + 1, context.liveArrays());
        float[] back = array.toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, back);
      }
      assertEquals(before, context.liveArrays());
    }
  }
}
