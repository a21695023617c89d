package io.jkernels.internal;

import io.jkernels.FloatArray;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.transport.Support;
import io.jkernels.transport.Transport;
import io.jkernels.transport.TransportMap;

/** {@link Transport} on a backend context: checks every argument, then one fused kernel pass. */
final class BackendTransport implements Transport {
  private final BackendContext context;

  BackendTransport(BackendContext context) {
    this.context = context;
  }

  @Override
  public void apply(TransportMap map, float[] x, int rows, float strength, Support support) {
    Arguments.notNull(x, "x");
    check(map, x.length, rows, strength, support);
    if (strength == 0f) {
      return;
    }
    KernelBackend kernels = context.kernels();
    try (Buffer data = kernels.bindArray(x)) {
      run(kernels, map, data, rows, strength, support);
      kernels.readBack(data, x);
    }
  }

  @Override
  public void apply(TransportMap map, FloatArray x, long rows, float strength, Support support) {
    Buffer data = context.bufferOf(Arguments.notNull(x, "x"), "x");
    check(map, data.length(), rows, strength, support);
    if (strength == 0f) {
      return;
    }
    run(context.kernels(), map, data, rows, strength, support);
  }

  private static void check(TransportMap map, long length, long rows, float strength, Support support) {
    Arguments.notNull(map, "map");
    Arguments.notNull(support, "support");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    int channels = map.channels();
    if (rows > Long.MAX_VALUE / channels || length != rows * channels) {
      throw new IllegalArgumentException("x must be rows×channels = " + rows + "×" + channels
          + " floats (channels from the map), got length " + length);
    }
    if (!Float.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be finite, got " + strength);
    }
  }

  private static void run(KernelBackend kernels, TransportMap map, Buffer data, long rows, float strength,
      Support support) {
    if (rows == 0) {
      return;
    }
    // Four small uploads per call (zero-copy views on the CPU); a device backend copies 16 bytes per channel.
    try (Buffer omega = kernels.bindArray(map.omega());
        Buffer beta = kernels.bindArray(map.beta());
        Buffer min = kernels.bindArray(map.supportMin());
        Buffer max = kernels.bindArray(map.supportMax())) {
      kernels.transport().apply(data, rows, map.channels(), omega, beta, min, max, strength,
          support == Support.EVERYWHERE);
    }
  }
}
