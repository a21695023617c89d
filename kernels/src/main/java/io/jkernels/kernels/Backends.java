package io.jkernels.kernels;

import io.jkernels.kernels.scalar.ScalarBackendProvider;
import io.jkernels.kernels.vector.VectorBackendProvider;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

/**
 * The backend providers, best first. The CUDA provider is loaded by name so that a build without the CUDA classes
 * (or a JVM where JCuda's classes fail to link) still has the CPU backends; the failure becomes CUDA's cause.
 */
public final class Backends {
  private Backends() {}

  private static final class Holder {
    static final List<BackendProvider> PROVIDERS =
        List.of(loadCuda(), new VectorBackendProvider(), new ScalarBackendProvider());
  }

  /** All providers, best first: cuda, vector, scalar. */
  public static List<BackendProvider> providers() {
    return Holder.PROVIDERS;
  }

  public static BackendProvider provider(String name) {
    for (BackendProvider p : providers()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + name + "' (expected cuda, vector or scalar)");
  }

  private static BackendProvider loadCuda() {
    String className = "io.jkernels.kernels.cuda.CudaBackendProvider";
    try {
      return (BackendProvider) Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException | LinkageError e) {
      return new UnavailableProvider("cuda", "the CUDA backend classes could not be loaded: " + e, e);
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
        | InvocationTargetException e) {
      return new UnavailableProvider("cuda", "the CUDA backend could not be created: " + e, e);
    }
  }

  /** A provider that can never create its backend, with the reason. */
  record UnavailableProvider(String name, String cause, Throwable error) implements BackendProvider {
    @Override
    public Optional<String> unavailabilityCause() {
      return Optional.of(cause);
    }

    @Override
    public Optional<Throwable> unavailabilityError() {
      return Optional.ofNullable(error);
    }

    @Override
    public KernelBackend create() {
      throw new KernelException(name + " backend unavailable: " + cause, error);
    }
  }
}
