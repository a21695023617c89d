package io.jkernels.internal;

import io.jkernels.transport.Transport;

/** {@link Transport} on a backend context. */
final class BackendTransport implements Transport {
  private final BackendContext context;

  BackendTransport(BackendContext context) {
    this.context = context;
  }
}
