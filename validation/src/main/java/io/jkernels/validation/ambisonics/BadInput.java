package io.jkernels.validation.ambisonics;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.Hrtf;

/**
 * Bad input to convolve and binaural: each call must throw the documented exception, with a message naming the
 * argument, and leave the caller's arrays as they were (the API writes only to arrays it returns, so an input that
 * was modified means a kernel ran before the checks).
 */
final class BadInput {
  private BadInput() {}

  static double convolve(KernelContext ctx) {
    Ambisonics a = ctx.ambisonics();
    float[] x = {1, 2, 3};
    float[] h = {0.5f, 0.25f};
    expect(NullPointerException.class, "signal", () -> a.convolve(null, new float[][] {h}));
    expect(NullPointerException.class, "impulseResponses", () -> a.convolve(x, null));
    expect(NullPointerException.class, "impulseResponses[1]", () -> a.convolve(x, new float[][] {h, null}));
    expect(IllegalArgumentException.class, "impulseResponses", () -> a.convolve(x, new float[0][]));
    expect(IllegalArgumentException.class, "impulseResponses[0]", () -> a.convolve(x, new float[][] {{}}));
    expect(IllegalArgumentException.class, "signal", () -> a.convolve(new float[0], new float[][] {h}));
    float[] nan = {1, Float.NaN, 3};
    expect(IllegalArgumentException.class, "signal[1]", () -> a.convolve(nan, new float[][] {h}));
    float[] inf = {0, Float.POSITIVE_INFINITY};
    expect(IllegalArgumentException.class, "impulseResponses[1][1]", () -> a.convolve(x, new float[][] {h, inf}));
    unchanged(x, new float[] {1, 2, 3}, "signal");
    unchanged(h, new float[] {0.5f, 0.25f}, "response");
    return 0;
  }

  static double binaural(KernelContext ctx, Hrtf head) {
    Ambisonics a = ctx.ambisonics();
    float[] b = new float[4 * 10];
    b[3] = 1;
    expect(NullPointerException.class, "hrtf", () -> a.binaural((Hrtf) null, b, 1));
    expect(NullPointerException.class, "bformat", () -> a.binaural(head, null, 1));
    expect(IllegalArgumentException.class, "bformat", () -> a.binaural(head, new float[4 * 10 + 1], 1));
    expect(IllegalArgumentException.class, "bformat", () -> a.binaural(head, new float[0], 1));
    expect(IllegalArgumentException.class, "order", () -> a.binaural(head, b, -1));
    // 50 directions cannot determine the 64 harmonics of order 7
    expect(IllegalArgumentException.class, "order 7", () -> a.binaural(head, new float[64 * 3], 7));
    float[] nan = b.clone();
    nan[17] = Float.NaN;
    expect(IllegalArgumentException.class, "bformat[17]", () -> a.binaural(head, nan, 1));
    float[] expected = new float[40];
    expected[3] = 1;
    unchanged(b, expected, "bformat");
    return 0;
  }

  private static void expect(Class<? extends RuntimeException> type, String fragment, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!type.isInstance(e)) {
        throw new AssertionError("expected " + type.getSimpleName() + " naming '" + fragment + "', got " + e, e);
      }
      if (e.getMessage() == null || !e.getMessage().contains(fragment)) {
        throw new AssertionError("the " + type.getSimpleName() + " does not name '" + fragment + "': "
            + e.getMessage(), e);
      }
      return;
    }
    throw new AssertionError("expected " + type.getSimpleName() + " naming '" + fragment + "', nothing was thrown");
  }

  private static void unchanged(float[] actual, float[] expected, String what) {
    if (!java.util.Arrays.equals(actual, expected)) {
      throw new AssertionError(what + " was modified by a rejected call");
    }
  }
}
