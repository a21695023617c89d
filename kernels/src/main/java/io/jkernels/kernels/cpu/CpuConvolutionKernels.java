package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.convolution.ConvolutionKernels;
import io.jkernels.kernels.convolution.ConvolutionPlan;
import io.jkernels.kernels.convolution.RealFft;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The convolution family on the CPU, one body for the scalar and vector backends: the FFT and the complex
 * multiply-accumulate are plain loops over split float arrays, which C2 vectorises by itself (the primitive seam
 * has no complex operations, so there is nothing for a Vector API twin to call). Three parallel phases over the
 * common pool: the input segments' spectra, the response partitions' spectra, then every (response, output block)
 * pair: accumulate Σ_p X_{j−p}·H_{k,p} per bin, one inverse FFT, the block's B samples written out.
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
  public int partition(long n, int m, int count) {
    return ConvolutionPlan.partition(n, m, count, MAX_LOG2);
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
    int b = partition(n, m, count);
    int bins = b + 1;
    long segments = ConvolutionPlan.segments(n, b);
    int partitions = ConvolutionPlan.partitions(m, b);
    long blocks = ConvolutionPlan.blocks(n, m, b);
    float[] xRe = new float[Math.toIntExact(segments * bins)];
    float[] xIm = new float[xRe.length];
    float[] hRe = new float[Math.toIntExact((long) count * partitions * bins)];
    float[] hIm = new float[hRe.length];

    // X_q = FFT(x[qB − B .. qB + B))
    CpuParallel.forRange(segments, 4, (from, to) -> {
      RealFft fft = new RealFft(b);
      float[] frame = new float[2 * b];
      for (long q = from; q < to; q++) {
        load(x, 0, q * b - b, 2 * b, n, frame);
        fft.forward(frame, xRe, xIm, (int) (q * bins));
      }
    });
    // H_k,p = FFT(h_k[pB .. pB + B) ‖ 0)
    CpuParallel.forRange((long) count * partitions, 4, (from, to) -> {
      RealFft fft = new RealFft(b);
      float[] frame = new float[2 * b];
      for (long kp = from; kp < to; kp++) {
        long k = kp / partitions, p = kp % partitions;
        load(h, k * m, p * b, b, m, frame);
        java.util.Arrays.fill(frame, b, 2 * b, 0f);
        fft.forward(frame, hRe, hIm, (int) (kp * bins));
      }
    });
    float scale = 1f / (2 * b);
    CpuParallel.forRange(count * blocks, 2, (from, to) -> {
      RealFft fft = new RealFft(b);
      float[] accRe = new float[bins];
      float[] accIm = new float[bins];
      float[] block = new float[b];
      for (long kj = from; kj < to; kj++) {
        long k = kj / blocks, j = kj % blocks;
        java.util.Arrays.fill(accRe, 0f);
        java.util.Arrays.fill(accIm, 0f);
        for (int p = 0; p < partitions; p++) {
          long q = j - p;
          if (q < 0) {
            break;
          }
          if (q >= segments) {
            continue; // the segment lies past the input: its spectrum is zero
          }
          multiplyAccumulate(xRe, xIm, (int) (q * bins), hRe, hIm, (int) ((k * partitions + p) * bins), accRe, accIm,
              bins);
        }
        fft.inverse(accRe, accIm, 0, b, block, 0, scale);
        long start = j * b;
        int valid = (int) Math.min(b, total - start);
        MemorySegment.copy(block, 0, y, ValueLayout.JAVA_FLOAT, (k * total + start) * Float.BYTES, valid);
      }
    });
  }

  /** acc += X·H over {@code bins} complex bins. */
  private static void multiplyAccumulate(float[] xr, float[] xi, int xo, float[] hr, float[] hi, int ho, float[] ar,
      float[] ai, int bins) {
    for (int i = 0; i < bins; i++) {
      float a = xr[xo + i], bb = xi[xo + i], c = hr[ho + i], d = hi[ho + i];
      ar[i] += a * c - bb * d;
      ai[i] += a * d + bb * c;
    }
  }

  /** frame[i] = src[base + from + i] for 0 ≤ from + i &lt; limit, zero elsewhere, i &lt; len. */
  private static void load(MemorySegment src, long base, long from, int len, long limit, float[] frame) {
    long lo = Math.max(0, from);
    long hi = Math.min(limit, from + len);
    java.util.Arrays.fill(frame, 0, len, 0f);
    if (hi > lo) {
      MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, (base + lo) * Float.BYTES, frame, (int) (lo - from),
          (int) (hi - lo));
    }
  }
}
