package io.jkernels;

import java.util.Locale;

/** The backends, best first. */
public enum Backend {
  /** Hand-written CUDA kernels through JCuda's driver API. */
  CUDA,
  /** Java's Vector API (jdk.incubator.vector) on the CPU. */
  VECTOR,
  /** Plain float32 loops on the CPU; always available. */
  SCALAR;

  /** The lower-case name used by {@code -Djkernels.backend=} and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses "cuda", "vector" or "scalar" (any case, surrounding blanks ignored).
   *
   * @param id the backend's name
   * @return the backend
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code id} names no backend
   */
  public static Backend parse(String id) {
    java.util.Objects.requireNonNull(id, "id");
    for (Backend b : values()) {
      if (b.id().equalsIgnoreCase(id.trim())) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + id + "' (expected cuda, vector or scalar)");
  }
}
