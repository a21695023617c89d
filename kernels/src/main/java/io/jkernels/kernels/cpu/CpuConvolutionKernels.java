package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.convolution.ConvolutionKernels;
import io.jkernels.kernels.convolution.ConvolutionPlan;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The convolution family on the CPU, one body for the scalar and vector backends. The real FFTs are JTransforms'
 * ({@code FloatFFT_1D.realForward/realInverse}, split-radix): it measured about 2× faster than a radix-4 Stockham
 * FFT of our own on split arrays (benchmarks/RESULTS.md), and the primitive seam has no complex operations for a
 * Vector API body to call. Three parallel phases over the common pool: the input segments' spectra, the response
 * partitions' spectra, then every (response, output block) pair: accumulate Σ_p X_{j−p}·H_{k,p} per bin, one
 * inverse FFT, the block's B samples written out. Spectra are in JTransforms' packed order (2B floats: Re 0,
 * Re B, then Re/Im of bins 1 … B−1).
 *
 * <p>Memory: the spectra of all input segments (≈ 2n floats) and of all partitions (≈ 2·count·m floats) are held
 * at once, so the input spectrum is computed once and shared by every response.
 */
public final class CpuConvolutionKernels implements ConvolutionKernels {
  /** B ≤ 2^15: FFTs of 64 Ki points; the model never wants more for audio-length responses. */
  static final int MAX_LOG2 = 15;

  public CpuConvolutionKernels(CpuPrimitives primitives) {
    // The body does not depend on the primitives (see the class comment); the constructor is the family's shape.
  }

  @Override
  public ConvolutionPlan plan(long n, int m, int count) {
    return ConvolutionPlan.of(n, m, count, MAX_LOG2);
  }

  @Override
  public void convolve(Buffer signal, long n, Buffer responses, int count, int m, Buffer out) {
    MemorySegment x = HostBuffer.segmentOf(signal);
    MemorySegment h = HostBuffer.segmentOf(responses);
    MemorySegment y = HostBuffer.segmentOf(out);
    long total = n + m - 1;
    if (n < 1 || m < 1 || count < 1 || x.byteSize() < n * Float.BYTES
        || h.byteSize() < (long) count * m * Float.BYTES || y.byteSize() < count * total * Float.BYTES) {
      throw new IllegalArgumentException("convolve: buffers too small for n=" + n + " m=" + m + " count=" + count);
    }
    ConvolutionPlan plan = plan(n, m, count);
    int b = plan.b();
    int hop = plan.hop();
    int width = 2 * b;
    long segments = plan.segments();
    int partitions = plan.partitions();
    long blocks = plan.blocks();
    int take = plan.frameTake(m);
    float[] xs = new float[Math.toIntExact(segments * width)];
    float[] hs = new float[Math.toIntExact((long) count * partitions * width)];

    // X_q = FFT(x[qD − (L − D) .. qD + D))
    // One FloatFFT_1D per task: its tables are cheap next to the transforms, and no shared state is assumed.
    CpuParallel.forRange(segments, 4, (from, to) -> {
      FloatFFT_1D fft = new FloatFFT_1D(width);
      for (long q = from; q < to; q++) {
        int at = (int) (q * width);
        load(x, 0, plan.segmentStart(q), width, n, xs, at);
        fft.realForward(xs, at);
      }
    });
    // H_k,p = FFT(h_k[pB .. pB + take) ‖ 0)
    CpuParallel.forRange((long) count * partitions, 4, (from, to) -> {
      FloatFFT_1D fft = new FloatFFT_1D(width);
      for (long kp = from; kp < to; kp++) {
        long k = kp / partitions, p = kp % partitions;
        int at = (int) (kp * width);
        load(h, k * m, p * b, take, m, hs, at);
        fft.realForward(hs, at);
      }
    });
    CpuParallel.forRange(count * blocks, 2, (from, to) -> {
      FloatFFT_1D fft = new FloatFFT_1D(width);
      float[] acc = new float[width];
      for (long kj = from; kj < to; kj++) {
        long k = kj / blocks, j = kj % blocks;
        Arrays.fill(acc, 0f);
        for (int p = 0; p < partitions && j - p >= 0; p++) {
          long q = j - p;
          if (q < segments) { // a segment past the input has a zero spectrum
            multiplyAccumulate(xs, (int) (q * width), hs, (int) ((k * partitions + p) * width), acc, b);
          }
        }
        fft.realInverse(acc, true);
        long start = j * hop;
        int valid = (int) Math.min(hop, total - start);
        MemorySegment.copy(acc, width - hop, y, ValueLayout.JAVA_FLOAT, (k * total + start) * Float.BYTES, valid);
      }
    });
  }

  /** acc += X·H on packed spectra of 2B floats: bins 0 and B are real (slots 0 and 1), bins 1 … B−1 complex. */
  private static void multiplyAccumulate(float[] x, int xo, float[] h, int ho, float[] acc, int b) {
    acc[0] += x[xo] * h[ho];
    acc[1] += x[xo + 1] * h[ho + 1];
    for (int i = 2; i < 2 * b; i += 2) {
      float a = x[xo + i], bb = x[xo + i + 1], c = h[ho + i], d = h[ho + i + 1];
      acc[i] += a * c - bb * d;
      acc[i + 1] += a * d + bb * c;
    }
  }

  /**
   * dst[at + i] = src[base + from + i] for 0 ≤ from + i &lt; limit, zero elsewhere, i &lt; len (dst[at + len ..
   * at + 2B) is still zero from allocation: the zero padding of a partition).
   */
  private static void load(MemorySegment src, long base, long from, int len, long limit, float[] dst, int at) {
    long lo = Math.max(0, from);
    long hi = Math.min(limit, from + len);
    if (hi > lo) {
      MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, (base + lo) * Float.BYTES, dst, at + (int) (lo - from),
          (int) (hi - lo));
    }
  }
}
