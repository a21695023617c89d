package io.jkernels.internal.ambisonics;

import io.jkernels.internal.Arguments;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;

/** {@code Ambisonics.convolve} on a backend context: checks everything, then one UPOLS kernel call. */
public final class Convolver {
  private Convolver() {}

  public static float[][] convolve(BackendContext context, float[] signal, float[][] impulseResponses) {
    Arguments.notNull(signal, "signal");
    Arguments.notNull(impulseResponses, "impulseResponses");
    if (signal.length == 0) {
      throw new IllegalArgumentException("signal must have at least one sample, got length 0");
    }
    if (impulseResponses.length == 0) {
      throw new IllegalArgumentException("impulseResponses must hold at least one response, got none");
    }
    int m = 0;
    for (int k = 0; k < impulseResponses.length; k++) {
      float[] h = Arguments.notNull(impulseResponses[k], "impulseResponses[" + k + "]");
      if (h.length == 0) {
        throw new IllegalArgumentException("impulseResponses[" + k + "] must have at least one sample, got 0");
      }
      m = Math.max(m, h.length);
    }
    long total = (long) signal.length + m - 1;
    Arguments.arrayProduct("output length n + m − 1", total, 1);
    Arguments.arrayProduct("responses × longest response", impulseResponses.length, m);
    Arguments.finite(signal, "signal");
    for (int k = 0; k < impulseResponses.length; k++) {
      Arguments.finite(impulseResponses[k], "impulseResponses[" + k + "]");
    }
    return run(context.kernels(), signal, impulseResponses, m);
  }

  /** Convolution of checked arguments (the binaural renderer calls it per channel). */
  static float[][] run(KernelBackend kernels, float[] signal, float[][] responses, int m) {
    int count = responses.length;
    int n = signal.length;
    long total = (long) n + m - 1;
    float[] packed = new float[count * m];
    for (int k = 0; k < count; k++) {
      System.arraycopy(responses[k], 0, packed, k * m, responses[k].length);
    }
    float[][] out = new float[count][];
    try (Buffer x = kernels.bindArray(signal);
        Buffer h = kernels.bindArray(packed);
        Buffer y = kernels.allocate(Math.multiplyExact(total, (long) count))) {
      kernels.kernels(Families.CONVOLUTION).convolve(x, n, h, count, m, y);
      for (int k = 0; k < count; k++) {
        out[k] = new float[n + responses[k].length - 1];
        y.read(k * total, out[k], 0, out[k].length);
      }
    }
    return out;
  }
}
