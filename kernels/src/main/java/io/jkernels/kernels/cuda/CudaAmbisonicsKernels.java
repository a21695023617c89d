package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.ambisonics.MixingKernels;
import io.jkernels.kernels.ambisonics.MixingShape;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;

/**
 * The ambisonics family on CUDA ({@code cuda-src/ambisonics.cu}): one launch of {@code ambisonics_mix} per call,
 * one thread per sample and group of 8 output rows, the keyframe interpolation done per thread.
 */
final class CudaAmbisonicsKernels implements MixingKernels {
  private static final int THREADS = 256;
  private static final int ROWS = 8;

  private final CudaBackend backend;

  CudaAmbisonicsKernels(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public void mix(Buffer gains, int keyframes, long hop, int fade, int outputs, int inputs, Buffer in, Buffer out,
      long samples) {
    DeviceBuffer g = backend.device(gains, "gains");
    DeviceBuffer x = backend.device(in, "in");
    DeviceBuffer y = backend.device(out, "out");
    MixingShape.check(g.length(), keyframes, hop, fade, outputs, inputs, x.length(), y.length(), samples);
    if (samples == 0) {
      return;
    }
    CudaDriver driver = backend.driver();
    int rowGroups = (int) Launches.ceilDiv(outputs, ROWS);
    if (rowGroups > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("ambisonics_mix launches at most " + Launches.MAX_GRID_YZ * ROWS
          + " output rows, got " + outputs);
    }
    // Enough sample blocks to fill every SM several times over (with the row groups); the grid-stride loop covers
    // the rest.
    int grid = Launches.blocks(samples, THREADS, Math.max(1, 32L * driver.properties().multiprocessors() / rowGroups));
    driver.launch("ambisonics_mix", new Dim3(grid, rowGroups, 1), Dim3.of(THREADS), 0, KernelArgs.of()
        .pointer(g.address()).i32(keyframes).i64(hop).i32(fade).i32(outputs).i32(inputs).pointer(x.address())
        .pointer(y.address()).i64(samples));
    driver.synchronize();
  }
}
