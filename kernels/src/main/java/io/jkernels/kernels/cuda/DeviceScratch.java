package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelException;
import java.util.ArrayList;
import java.util.List;

/** Temporary device allocations of one kernel call, freed together when it ends (also when a launch fails). */
final class DeviceScratch implements AutoCloseable {
  private final CudaDriver driver;
  private final List<Long> addresses = new ArrayList<>();

  DeviceScratch(CudaDriver driver) {
    this.driver = driver;
  }

  /** {@code bytes} bytes of device memory (at least 1), 256-byte aligned, contents undefined. */
  long allocate(long bytes) {
    long address = driver.allocate(Math.max(bytes, 1));
    addresses.add(address);
    return address;
  }

  /** {@code floats} floats of device memory; the count is checked against overflow. */
  long floats(long floats) {
    return allocate(Math.multiplyExact(Math.max(floats, 1), (long) Float.BYTES));
  }

  @Override
  public void close() {
    KernelException first = null;
    for (long address : addresses) {
      try {
        driver.free(address);
      } catch (KernelException e) {
        first = first == null ? e : first;
      }
    }
    addresses.clear();
    if (first != null) {
      throw first;
    }
  }
}
