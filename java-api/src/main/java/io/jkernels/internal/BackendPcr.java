package io.jkernels.internal;

import io.jkernels.pcr.Pcr;

/** {@link Pcr} on a backend context. */
final class BackendPcr implements Pcr {
  private final BackendContext context;

  BackendPcr(BackendContext context) {
    this.context = context;
  }
}
