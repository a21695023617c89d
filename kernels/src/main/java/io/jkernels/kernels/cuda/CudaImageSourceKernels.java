package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import io.jkernels.kernels.room.ImageSourceKernels;
import java.lang.foreign.MemorySegment;

/**
 * The room family on CUDA ({@code cuda-src/room.cu}): one launch per call synthesises every room of the batch, one
 * thread per output sample, band and group of four channels, gathering the images whose windowed sinc reaches it.
 */
final class CudaImageSourceKernels implements ImageSourceKernels {
  private static final int THREADS = 128;
  /** Channels one thread accumulates (room.cu's register accumulators). */
  private static final int CHANNELS_PER_THREAD = 4;

  private final CudaBackend backend;

  CudaImageSourceKernels(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public void synthesize(Buffer delays, Buffer gains, Buffer weights, int[] imageStart, int bands, int channels,
      int samples, int halfWidth, Buffer out) {
    DeviceBuffer dDelays = backend.device(delays, "delays");
    DeviceBuffer dGains = backend.device(gains, "gains");
    DeviceBuffer dWeights = backend.device(weights, "weights");
    DeviceBuffer dOut = backend.device(out, "out");
    int rooms = imageStart.length - 1;
    long images = imageStart[rooms];
    if (rooms < 1 || bands < 1 || channels < 1 || samples < 0 || halfWidth < 1 || imageStart[0] != 0) {
      throw new IllegalArgumentException("image-source synthesis: rooms, bands, channels and halfWidth must be >= 1"
          + " and imageStart[0] == 0");
    }
    for (int r = 0; r < rooms; r++) {
      if (imageStart[r + 1] < imageStart[r]) {
        throw new IllegalArgumentException("imageStart must be non-decreasing, got " + imageStart[r] + " then "
            + imageStart[r + 1] + " at room " + r);
      }
    }
    if (dDelays.length() < images || dGains.length() < images * bands || dWeights.length() < images * channels
        || dOut.length() < (long) rooms * bands * channels * samples) {
      throw new IllegalArgumentException("image-source synthesis: a buffer is shorter than its shape");
    }
    long groups = (long) bands * ((channels + CHANNELS_PER_THREAD - 1) / CHANNELS_PER_THREAD);
    if (groups > Launches.MAX_GRID_YZ || rooms > Launches.MAX_GRID_YZ) {
      throw new IllegalArgumentException("bands×⌈channels/4⌉ and rooms must each be <= " + Launches.MAX_GRID_YZ
          + ", got " + groups + " and " + rooms);
    }
    if (samples == 0) {
      return;
    }
    CudaDriver driver = backend.driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long starts = scratch.allocate((long) Integer.BYTES * imageStart.length);
      driver.copyToDevice(MemorySegment.ofArray(imageStart), starts, (long) Integer.BYTES * imageStart.length);
      Dim3 grid = new Dim3(Launches.blocks(samples, THREADS, Launches.MAX_GRID_X), (int) groups, rooms);
      driver.launch("room_image_source_synthesize", grid, Dim3.of(THREADS), 0, KernelArgs.of()
          .pointer(dDelays.address()).pointer(dGains.address()).pointer(dWeights.address()).pointer(starts)
          .i64(images).i32(bands).i32(channels).i32(samples).i32(halfWidth).pointer(dOut.address()));
      driver.synchronize();
    }
  }
}
