package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live device allocations of one driver, so that every copy and every pointer argument is checked on the Java
 * side before it reaches native code: a range outside any allocation is refused, never touched.
 */
final class Allocations<T> {
  private final TreeMap<Long, Entry<T>> byBase = new TreeMap<>();

  record Entry<T>(long base, long bytes, T handle) {}

  synchronized void add(long base, long bytes, T handle) {
    byBase.put(base, new Entry<>(base, bytes, handle));
  }

  synchronized Entry<T> remove(long base, String what) {
    Entry<T> e = byBase.remove(base);
    if (e == null) {
      throw new KernelException(what + ": CUDA_ERROR_INVALID_VALUE (0x" + Long.toHexString(base)
          + " is not the start of a live device allocation)");
    }
    return e;
  }

  /** The allocation holding [address, address + bytes); bytes may be 0 (then address must still be inside). */
  synchronized Entry<T> containing(long address, long bytes, String what) {
    Map.Entry<Long, Entry<T>> floor = byBase.floorEntry(address);
    if (bytes < 0 || floor == null || address - floor.getKey() > floor.getValue().bytes() - bytes
        || (bytes == 0 && address - floor.getKey() >= floor.getValue().bytes())) {
      throw new KernelException(what + ": CUDA_ERROR_INVALID_VALUE (device range 0x" + Long.toHexString(address)
          + " + " + bytes + " bytes is outside every live allocation)");
    }
    return floor.getValue();
  }

  synchronized int size() {
    return byBase.size();
  }
}
