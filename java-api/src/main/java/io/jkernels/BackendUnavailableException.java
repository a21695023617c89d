package io.jkernels;

/**
 * A backend was asked for by name and cannot run here. The message says why ({@link #reason()}, the same sentence as
 * {@link Kernels#unavailabilityCause(Backend)}); {@link #getCause()} is the exception behind it when one was thrown
 * (e.g. the {@link UnsatisfiedLinkError} of a native library that failed to load), else null.
 */
public class BackendUnavailableException extends RuntimeException {
  /** The backend that was asked for. */
  private final Backend backend;
  /** Why it cannot run here, in one sentence. */
  private final String reason;

  /**
   * @param backend the backend asked for
   * @param reason why it cannot run here, e.g. "no CUDA driver (libcuda.so.1 not found)"
   */
  public BackendUnavailableException(Backend backend, String reason) {
    this(backend, reason, null);
  }

  /**
   * @param backend the backend asked for
   * @param reason why it cannot run here, in one sentence
   * @param cause the exception behind the reason (e.g. a native library's {@link UnsatisfiedLinkError}), or null
   */
  public BackendUnavailableException(Backend backend, String reason, Throwable cause) {
    super(backend.id() + " backend unavailable: " + reason, cause);
    this.backend = backend;
    this.reason = reason;
  }

  /** Why the backend cannot run here, in one sentence. */
  public String reason() {
    return reason;
  }

  /** The backend that was asked for. */
  public Backend backend() {
    return backend;
  }
}
