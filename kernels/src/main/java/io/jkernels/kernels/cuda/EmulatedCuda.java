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
          return new Unavailable(NativeResources.whyMissing(NativeResources.EMULATION_LIBRARY,
              "the emulated CUDA driver library"), null);
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
            || !System.getProperty("os.arch", "").matches("amd64|x86_64")) {
          return new Unavailable("the emulated CUDA driver is built for linux-x86_64 only", null);
        }
        return EmulatedRawDriver.load(library.get());
      } catch (RuntimeException | LinkageError e) {
        return new Unavailable("the emulated CUDA driver failed to load: " + e, e);
      }
    }
  }

  /** Why the emulated driver is off, with the exception behind it if one was thrown. */
  private record Unavailable(String cause, Throwable error) {}

  /** Empty when the emulation library is packaged and loads; else why not. */
  public static Optional<String> unavailabilityCause() {
    return Holder.DRIVER_OR_CAUSE instanceof Unavailable u ? Optional.of(u.cause()) : Optional.empty();
  }

  /** The exception behind {@link #unavailabilityCause()}, if one was thrown. */
  static Optional<Throwable> unavailabilityError() {
    return Holder.DRIVER_OR_CAUSE instanceof Unavailable u ? Optional.ofNullable(u.error()) : Optional.empty();
  }

  static CudaDriver driver() {
    if (Holder.DRIVER_OR_CAUSE instanceof CudaDriver driver) {
      return driver;
    }
    Unavailable u = (Unavailable) Holder.DRIVER_OR_CAUSE;
    throw new KernelException("emulated CUDA driver unavailable: " + u.cause(), u.error());
  }

  /** A new CUDA backend on the (process-wide) emulated driver. */
  public static KernelBackend openBackend() {
    return new CudaBackend(driver());
  }
}
