package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.ambisonics.BiquadKernels;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;

/**
 * The ambisonics family's recursive filters on CUDA ({@code cuda-src/ambisonics.cu}): one launch of
 * {@code ambisonics_biquad_cascade} per call, one thread per channel running its cascade over the samples, the
 * coefficients and section offsets copied to device scratch for the call.
 */
final class CudaBiquadKernels implements BiquadKernels {
  private static final int THREADS = 32;
  /** Sections per channel the kernel keeps in registers (ambisonics.cu's kMaxSections). */
  static final int MAX_SECTIONS = 16;

  private final CudaBackend backend;

  CudaBiquadKernels(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public void cascade(double[] coefficients, int[] first, Buffer signal, long samples) {
    DeviceBuffer x = backend.device(signal, "signal");
    int channels = BiquadKernels.check(coefficients, first, x.length(), samples);
    for (int c = 0; c < channels; c++) {
      if (first[c + 1] - first[c] > MAX_SECTIONS) {
        throw new IllegalArgumentException("ambisonics_biquad_cascade runs at most " + MAX_SECTIONS
            + " sections per channel, channel " + c + " has " + (first[c + 1] - first[c]));
      }
    }
    if (samples == 0) {
      return;
    }
    CudaDriver driver = backend.driver();
    long coefficientBytes = (long) Double.BYTES * first[channels] * SECTION;
    long firstBytes = (long) Integer.BYTES * first.length;
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long k = scratch.allocate(coefficientBytes);
      long f = scratch.allocate(firstBytes);
      if (coefficientBytes > 0) {
        driver.copyToDevice(MemorySegment.ofArray(coefficients), k, coefficientBytes);
      }
      driver.copyToDevice(MemorySegment.ofArray(first), f, firstBytes);
      driver.launch("ambisonics_biquad_cascade", Dim3.of(Launches.blocks(channels, THREADS, Launches.MAX_GRID_X)),
          Dim3.of(THREADS), 0, KernelArgs.of().pointer(k).pointer(f).i32(channels).pointer(x.address())
              .i64(samples));
      driver.synchronize();
    }
  }
}
