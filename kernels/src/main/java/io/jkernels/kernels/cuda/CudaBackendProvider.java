package io.jkernels.kernels.cuda;

import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CUDA backend's provider (loaded by name from {@code Backends}). Available when libcuda loads, a device exists
 * and the packaged fatbin loads on it; otherwise {@link #unavailabilityCause()} says which of these failed. With
 * {@code -Djkernels.cuda.driver=emulated} it serves the emulated driver instead, which {@code Kernels.open()} never
 * picks on its own ({@link #autoSelectable()} is false then): tests and {@code jkernels validate} open it explicitly.
 */
public final class CudaBackendProvider implements BackendProvider {
  /** System property choosing the driver: {@code jcuda} (default) or {@code emulated}. */
  public static final String DRIVER_PROPERTY = "jkernels.cuda.driver";

  private volatile Probe probe;

  private record Probe(CudaDriver driver, String cause, Throwable error) {}

  public CudaBackendProvider() {}

  private Probe probe() {
    Probe p = probe;
    if (p == null) {
      synchronized (this) {
        p = probe;
        if (p == null) {
          p = open();
          probe = p;
        }
      }
    }
    return p;
  }

  private static Probe open() {
    String choice = System.getProperty(DRIVER_PROPERTY, "jcuda").strip().toLowerCase(Locale.ROOT);
    switch (choice) {
      case "emulated" -> {
        Optional<String> cause = EmulatedCuda.unavailabilityCause();
        return cause.isPresent() ? new Probe(null, cause.get(), EmulatedCuda.unavailabilityError().orElse(null))
            : new Probe(EmulatedCuda.driver(), null, null);
      }
      case "jcuda", "" -> {
        try {
          JCudaRawDriver.Opening opening = JCudaRawDriver.open(() -> NativeResources.read(NativeResources.FATBIN),
              () -> NativeResources.whyMissing(NativeResources.FATBIN, "the CUDA kernel fatbin"));
          return new Probe(opening.driver().orElse(null), opening.cause(), opening.error());
        } catch (LinkageError | RuntimeException e) {
          return new Probe(null, "the CUDA driver could not be opened: " + e, e);
        }
      }
      default -> {
        return new Probe(null, "-D" + DRIVER_PROPERTY + "=" + choice + " is not a CUDA driver (jcuda or emulated)",
            null);
      }
    }
  }

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public Optional<String> unavailabilityCause() {
    return Optional.ofNullable(probe().cause());
  }

  @Override
  public Optional<Throwable> unavailabilityError() {
    return Optional.ofNullable(probe().error());
  }

  @Override
  public boolean autoSelectable() {
    Probe p = probe();
    return p.driver() == null || !p.driver().emulated();
  }

  @Override
  public List<String> details() {
    try {
      Probe p = probe();
      List<String> lines = new ArrayList<>();
      if (p.driver() != null) {
        lines.addAll(p.driver().details());
      }
      if (p.driver() == null || !p.driver().emulated()) {
        lines.add("fatbin: " + (NativeResources.read(NativeResources.FATBIN).isPresent() ? "packaged"
            : NativeResources.whyMissing(NativeResources.FATBIN, "the CUDA kernel fatbin")));
        lines.add("emulated driver: " + EmulatedCuda.unavailabilityCause()
            .orElse("built (select with -D" + DRIVER_PROPERTY + "=emulated, for tests)"));
      }
      return lines;
    } catch (RuntimeException | LinkageError e) {
      return List.of("details unavailable: " + e);
    }
  }

  @Override
  public KernelBackend create() {
    Probe p = probe();
    if (p.driver() == null) {
      throw new KernelException("cuda backend unavailable: " + p.cause(), p.error());
    }
    return new CudaBackend(p.driver());
  }
}
