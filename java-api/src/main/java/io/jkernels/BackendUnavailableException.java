package io.jkernels;

/** A backend was asked for by name and cannot run here; the message carries the cause. */
public class BackendUnavailableException extends RuntimeException {
  /** The backend that was asked for. */
  private final Backend backend;

  /**
   * @param backend the backend asked for
   * @param cause why it cannot run here, e.g. "no CUDA driver (libcuda.so.1 not found)"
   */
  public BackendUnavailableException(Backend backend, String cause) {
    super(backend.id() + " backend unavailable: " + cause);
    this.backend = backend;
  }

  /** The backend that was asked for. */
  public Backend backend() {
    return backend;
  }
}
