package io.jkernels.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkernels.kernels.cuda.EmulatedCuda;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backends a kernel-level test runs a contract on: scalar, and the CUDA kernels on the emulated driver where it
 * is built. Opened on first use, closed by {@link #closeCheckingLeaks()} (in the test's {@code @AfterAll}), which
 * also asserts that every buffer the test allocated was closed.
 */
public final class ScalarAndEmulatedCuda {
  private final List<KernelBackend> opened = new ArrayList<>();

  public synchronized Stream<KernelBackend> stream() {
    if (opened.isEmpty()) {
      opened.add(Backends.provider("scalar").create());
      if (EmulatedCuda.unavailabilityCause().isEmpty()) {
        opened.add(EmulatedCuda.openBackend());
      }
    }
    return List.copyOf(opened).stream();
  }

  public synchronized void closeCheckingLeaks() {
    for (KernelBackend b : opened) {
      assertEquals(0, b.liveBuffers(), "every buffer closed on " + b.name());
      b.close();
    }
    opened.clear();
  }
}
