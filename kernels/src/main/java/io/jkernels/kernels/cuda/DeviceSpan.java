package io.jkernels.kernels.cuda;

/**
 * The bytes a kernel reaches through one pointer argument: {@link KernelArgs#pointer(DeviceSpan)} hands both to
 * {@link CudaDriver}, which checks the whole span against the live allocations before the launch.
 */
record DeviceSpan(long address, long bytes) {
  /** The {@code floats} floats at the start of {@code buffer}. */
  static DeviceSpan floats(DeviceBuffer buffer, long floats) {
    return new DeviceSpan(buffer.address(), Math.multiplyExact(floats, (long) Float.BYTES));
  }

  /** {@code bytes} bytes from {@code offset} bytes into this span. */
  DeviceSpan slice(long offset, long bytes) {
    return new DeviceSpan(address + offset, bytes);
  }
}
