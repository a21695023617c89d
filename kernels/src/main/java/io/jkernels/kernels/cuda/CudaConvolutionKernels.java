package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.convolution.ConvolutionKernels;
import io.jkernels.kernels.convolution.ConvolutionPlan;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;

/**
 * The convolution family on CUDA ({@code cuda-src/convolution.cu}): three launches per call. The input segments'
 * spectra (one block per segment, computed once and shared by every response), the response partitions' spectra
 * (one block per partition), then one block per (output block, response) that accumulates Σ_p X_{j−p}·H_{k,p},
 * inverts it and writes its hop samples ({@link ConvolutionPlan}: B under UPOLS, L − m + 1 for short responses). The FFT is the project's own shared-memory Stockham FFT, so B is capped at
 * 2^11 (two ping-pong buffers of B + 1 float2 = 32 KiB of the 48 KiB every GPU gives without opting in).
 */
final class CudaConvolutionKernels implements ConvolutionKernels {
  static final int MAX_LOG2 = 11;
  private static final int THREADS = 256;

  private final CudaBackend backend;

  CudaConvolutionKernels(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public ConvolutionPlan plan(long n, int m, int count) {
    return ConvolutionPlan.of(n, m, count, MAX_LOG2);
  }

  @Override
  public void convolve(Buffer signal, long n, Buffer responses, int count, int m, Buffer out) {
    DeviceBuffer x = backend.device(signal, "signal");
    DeviceBuffer h = backend.device(responses, "responses");
    DeviceBuffer y = backend.device(out, "out");
    if (n < 1 || m < 1 || count < 1) {
      throw new IllegalArgumentException("convolve needs n, m, count >= 1, got " + n + ", " + m + ", " + count);
    }
    long total = n + m - 1;
    if (x.length() < n || h.length() < (long) count * m || y.length() < Math.multiplyExact(count, total)) {
      throw new IllegalArgumentException("convolve: buffers too small for n=" + n + " m=" + m + " count=" + count);
    }
    ConvolutionPlan plan = plan(n, m, count);
    int b = plan.b();
    int hop = plan.hop();
    int logB = Integer.numberOfTrailingZeros(b);
    long segments = plan.segments();
    int partitions = plan.partitions();
    long blocks = plan.blocks();
    if (count > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("at most " + Launches.MAX_GRID_YZ + " responses per call on CUDA, got "
          + count);
    }
    int threads = Math.min(THREADS, b / 2);
    int shared = 2 * (b + 1) * 2 * Float.BYTES;
    long binBytes = (long) (b + 1) * 2 * Float.BYTES;
    CudaDriver driver = backend.driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long tw = scratch.allocate(2L * b * 2 * Float.BYTES);
      driver.copyToDevice(MemorySegment.ofArray(twiddles(b)), tw, 2L * b * 2 * Float.BYTES);
      long xs = scratch.allocate(Math.multiplyExact(segments, binBytes));
      long hs = scratch.allocate(Math.multiplyExact((long) count * partitions, binBytes));
      driver.launch("conv_spectra", new Dim3(Launches.exactBlocks(segments, "conv_spectra"), 1, 1), Dim3.of(threads),
          shared, KernelArgs.of().pointer(x.address()).i64(0).i64(n).i64(hop).i64(-(2L * b - hop)).i32(2 * b).i32(b)
              .i32(logB).pointer(tw).pointer(xs));
      driver.launch("conv_spectra", new Dim3(partitions, count, 1), Dim3.of(threads), shared,
          KernelArgs.of().pointer(h.address()).i64(m).i64(m).i64(b).i64(0).i32(plan.frameTake(m)).i32(b).i32(logB)
              .pointer(tw).pointer(hs));
      driver.launch("conv_accumulate_inverse", new Dim3(Launches.exactBlocks(blocks, "conv_accumulate_inverse"),
          count, 1), Dim3.of(threads), shared, KernelArgs.of().pointer(xs).i64(segments).pointer(hs).i32(partitions)
              .pointer(y.address()).i64(total).i32(b).i32(hop).i32(logB).pointer(tw));
      driver.synchronize();
    }
  }

  /** tw[k] = exp(−iπk/B), k &lt; 2B, interleaved re/im, computed in double and rounded once. */
  static float[] twiddles(int b) {
    float[] tw = new float[4 * b];
    for (int k = 0; k < 2 * b; k++) {
      double a = -Math.PI * k / b;
      tw[2 * k] = (float) Math.cos(a);
      tw[2 * k + 1] = (float) Math.sin(a);
    }
    return tw;
  }
}
