package io.jkernels;

import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.Backends;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Opens kernel contexts. {@link #open()} picks CUDA &gt; VECTOR &gt; SCALAR among those available, unless the
 * system property {@code jkernels.backend} names one ({@code cuda|vector|scalar}); then that one or an error.
 * When the best backend is off, the reason is logged once ({@link #unavailabilityCause} tells it on demand).
 */
public final class Kernels {
  /** System property that forces a backend. */
  public static final String BACKEND_PROPERTY = "jkernels.backend";

  private static final System.Logger LOG = System.getLogger("io.jkernels");
  private static volatile boolean fallbackLogged;

  private Kernels() {}

  /**
   * The best available backend, or the one {@code -Djkernels.backend} names.
   *
   * @return a new context; close it when done
   * @throws IllegalArgumentException if {@code jkernels.backend} names no backend
   * @throws BackendUnavailableException if the backend {@code jkernels.backend} names cannot run here
   * @throws IllegalStateException if no backend is available (the scalar one always should be)
   * @throws io.jkernels.kernels.KernelException if the backend fails to start (e.g. a CUDA driver error, named)
   */
  public static KernelContext open() {
    String forced = System.getProperty(BACKEND_PROPERTY);
    if (forced != null && !forced.isBlank()) {
      return open(Backend.parse(forced));
    }
    for (Backend b : Backend.values()) {
      Optional<String> cause = unavailabilityCause(b);
      if (cause.isEmpty() && Backends.provider(b.id()).autoSelectable()) {
        return open(b);
      }
      if (cause.isEmpty()) {
        continue; // e.g. CUDA on the emulated driver: only for tests, opened by name
      }
      if (!fallbackLogged) {
        LOG.log(System.Logger.Level.INFO, "jkernels: " + b.id() + " backend off: " + cause.get());
      }
    }
    throw new IllegalStateException("no backend available (the scalar backend always should be)");
  }

  /**
   * Opens {@code backend} or throws {@link BackendUnavailableException} with the cause.
   *
   * @param backend the backend to open
   * @return a new context; close it when done
   * @throws NullPointerException if {@code backend} is null
   * @throws BackendUnavailableException if {@code backend} cannot run here (with the cause)
   * @throws io.jkernels.kernels.KernelException if the backend fails to start (e.g. a CUDA driver error, named)
   */
  public static KernelContext open(Backend backend) {
    java.util.Objects.requireNonNull(backend, "backend");
    fallbackLogged = true;
    BackendProvider provider = Backends.provider(backend.id());
    Optional<String> cause = provider.unavailabilityCause();
    if (cause.isPresent()) {
      throw new BackendUnavailableException(backend, cause.get(), provider.unavailabilityError().orElse(null));
    }
    return new BackendContext(backend, provider.create());
  }

  /** The backends that can be opened here. */
  public static Set<Backend> available() {
    Set<Backend> result = EnumSet.noneOf(Backend.class);
    for (Backend b : Backend.values()) {
      if (unavailabilityCause(b).isEmpty()) {
        result.add(b);
      }
    }
    return result;
  }

  /**
   * Why {@code backend} cannot be opened here, or empty if it can.
   *
   * @throws NullPointerException if {@code backend} is null
   */
  public static Optional<String> unavailabilityCause(Backend backend) {
    java.util.Objects.requireNonNull(backend, "backend");
    return Backends.provider(backend.id()).unavailabilityCause();
  }

  /**
   * A process-wide context on the best backend, opened on first use and never closed; it serves the static
   * conveniences (e.g. {@code LinearTransport.fit}) that take no context. Opening is retried on the next call when
   * it failed, so a transient failure (a busy device) is not remembered for the life of the process.
   *
   * @return the shared context (the same instance on every call once it opened)
   * @throws IllegalArgumentException if {@code jkernels.backend} names no backend
   * @throws BackendUnavailableException if the backend {@code jkernels.backend} names cannot run here
   * @throws IllegalStateException if no backend is available
   * @throws io.jkernels.kernels.KernelException if the backend fails to start (e.g. a CUDA driver error, named)
   */
  public static KernelContext shared() {
    KernelContext context = shared;
    if (context == null) {
      synchronized (Kernels.class) {
        context = shared;
        if (context == null) {
          context = open();
          shared = context;
        }
      }
    }
    return context;
  }

  private static volatile KernelContext shared;
}
