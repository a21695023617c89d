package io.jkernels.kernels.cuda;

/** What the launch shapes and {@code jkernels info} need to know about the device. */
public record DeviceProperties(String name, int computeMajor, int computeMinor, long totalMemoryBytes,
    int multiprocessors, int maxThreadsPerBlock, int maxSharedMemoryPerBlock, int driverVersion) {

  /** e.g. "9.0". */
  public String computeCapability() {
    return computeMajor + "." + computeMinor;
  }

  /** e.g. "13.0" from 13000. */
  public String driverVersionString() {
    return driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
  }
}
