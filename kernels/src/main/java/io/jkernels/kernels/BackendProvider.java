package io.jkernels.kernels;

import java.util.Optional;

/** Knows whether one backend can run here (and why not) and creates instances of it. */
public interface BackendProvider {
  /** "cuda", "vector" or "scalar". */
  String name();

  /** Empty when the backend can be created; otherwise the reason, in one sentence. Cheap after the first call. */
  Optional<String> unavailabilityCause();

  /** Creates a backend; throws {@link KernelException} with the cause if it is unavailable. */
  KernelBackend create();
}
