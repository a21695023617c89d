package io.jkernels;

/** A backend was asked for by name and cannot run here; the message carries the cause. */
public class BackendUnavailableException extends RuntimeException {
  private final Backend backend;

  public BackendUnavailableException(Backend backend, String cause) {
    super(backend.id() + " backend unavailable: " + cause);
    this.backend = backend;
  }

  public Backend backend() {
    return backend;
  }
}
