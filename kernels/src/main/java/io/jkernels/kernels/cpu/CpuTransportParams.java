package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The four per-channel parameters of an apply call, copied to heap arrays (they are small and read once per row),
 * optionally repeated {@code repeat} times so that a tile of several rows is a whole number of vectors.
 */
public record CpuTransportParams(float[] omega, float[] beta, float[] min, float[] max) {
  public static CpuTransportParams of(Buffer omega, Buffer beta, Buffer min, Buffer max, int channels, int repeat) {
    return new CpuTransportParams(tile(omega, channels, repeat), tile(beta, channels, repeat),
        tile(min, channels, repeat), tile(max, channels, repeat));
  }

  private static float[] tile(Buffer buffer, int channels, int repeat) {
    float[] out = new float[channels * repeat];
    MemorySegment.copy(HostBuffer.segmentOf(buffer), ValueLayout.JAVA_FLOAT, 0, out, 0, channels);
    for (int k = 1; k < repeat; k++) {
      System.arraycopy(out, 0, out, k * channels, channels);
    }
    return out;
  }

  /**
   * One element, channel (or tile position) c: the float32 formula of {@code TransportKernels.apply}, in its order.
   * |v| &lt; ∞ is false for NaN and ±∞, so non-finite values pass unchanged, also under EVERYWHERE.
   */
  public float transport(float v, int c, float strength, boolean everywhere) {
    if (Math.abs(v) < Float.POSITIVE_INFINITY && (everywhere || (v >= min[c] && v <= max[c]))) {
      float t = omega[c] * v + beta[c];
      return v + strength * (t - v);
    }
    return v;
  }

  /** Rows per parallel chunk so that a chunk moves at least ~256 KiB: below that a fork costs more than it saves. */
  public static long rowGrain(int channels) {
    return Math.max(1, (1 << 16) / channels);
  }
}
