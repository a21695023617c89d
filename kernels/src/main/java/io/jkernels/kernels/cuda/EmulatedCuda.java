package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Test hook: the CUDA backend on the emulated driver, opened directly (no system property, so the same JVM's
 * {@code Kernels.open()} is unaffected). The validation module's {@code ConformanceTest} uses it to run every
 * check on the CUDA kernels in CI. Never for real work: every kernel runs on the CPU, one fibre per GPU thread.
 */
public final class EmulatedCuda {
  private EmulatedCuda() {}

  private static final class Holder {
    static final Object DRIVER_OR_CAUSE = load();

    private static Object load() {
      try {
        Optional<Path> library = NativeResources.extract(NativeResources.EMULATION_LIBRARY);
        if (library.isEmpty()) {
          return NativeResources.whyMissing(NativeResources.EMULATION_LIBRARY, "the emulated CUDA driver library");
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
            || !System.getProperty("os.arch", "").matches("amd64|x86_64")) {
          return "the emulated CUDA driver is built for linux-x86_64 only";
        }
        return EmulatedRawDriver.load(library.get());
      } catch (RuntimeException | LinkageError e) {
        return "the emulated CUDA driver failed to load: " + e;
      }
    }
  }

  /** Empty when the emulation library is packaged and loads; else why not. */
  public static Optional<String> unavailabilityCause() {
    return Holder.DRIVER_OR_CAUSE instanceof String cause ? Optional.of(cause) : Optional.empty();
  }

  static CudaDriver driver() {
    if (Holder.DRIVER_OR_CAUSE instanceof CudaDriver driver) {
      return driver;
    }
    throw new KernelException("emulated CUDA driver unavailable: " + Holder.DRIVER_OR_CAUSE);
  }

  /** A new CUDA backend on the (process-wide) emulated driver. */
  public static KernelBackend openBackend() {
    return new CudaBackend(driver());
  }
}
