package io.jkernels.kernels;

import java.util.List;
import java.util.Optional;

/** Knows whether one backend can run here (and why not) and creates instances of it. */
public interface BackendProvider {
  /** "cuda", "vector" or "scalar". */
  String name();

  /** Empty when the backend can be created; otherwise the reason, in one sentence. Cheap after the first call. */
  Optional<String> unavailabilityCause();

  /**
   * The exception behind {@link #unavailabilityCause()}, when one was thrown (a linkage error loading a native
   * library, a driver failure), so that callers can keep it as a cause rather than a string. Empty otherwise.
   */
  default Optional<Throwable> unavailabilityError() {
    return Optional.empty();
  }

  /**
   * Facts for {@code jkernels info}, one "key: value" line each (device, compute capability, memory, driver and
   * library versions, which optional libraries loaded). Never throws; may be empty.
   */
  default List<String> details() {
    return List.of();
  }

  /**
   * False for a backend that may only be opened by name, never picked by {@code Kernels.open()} on its own: the
   * CUDA backend on the emulated driver ({@code -Djkernels.cuda.driver=emulated}), which is for tests.
   */
  default boolean autoSelectable() {
    return true;
  }

  /** Creates a backend; throws {@link KernelException} with the cause if it is unavailable. */
  KernelBackend create();
}
