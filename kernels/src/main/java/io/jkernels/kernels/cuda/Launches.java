package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelException;

/** Launch-shape arithmetic, done in Java and checked against the device's limits before any launch. */
final class Launches {
  /** The largest grid x dimension CUDA allows. */
  static final long MAX_GRID_X = CudaDriver.MAX_GRID_X;
  static final int MAX_GRID_YZ = CudaDriver.MAX_GRID_YZ;

  private Launches() {}

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Blocks for {@code work} items at {@code perBlock} items each, capped at {@code cap}, at least 1. */
  static int blocks(long work, long perBlock, long cap) {
    return (int) Math.max(1, Math.min(ceilDiv(work, perBlock), Math.min(cap, MAX_GRID_X)));
  }

  /** Blocks for {@code work} items when every one needs its own block; fails if CUDA cannot launch that many. */
  static int exactBlocks(long work, String what) {
    if (work < 1 || work > MAX_GRID_X) {
      throw new KernelException(what + " needs " + work + " blocks; CUDA launches 1 to " + MAX_GRID_X);
    }
    return (int) work;
  }

  /** Smallest power of two ≥ n (n ≥ 1). */
  static long nextPowerOfTwo(long n) {
    if (n < 1 || n > (1L << 61)) {
      throw new IllegalArgumentException("size out of range: " + n);
    }
    return n == 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }
}
