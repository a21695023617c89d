package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/** float32 device memory of the CUDA backend; freed on close. A zero-length buffer holds no allocation. */
final class DeviceBuffer implements Buffer {
  private final CudaDriver driver;
  private final long address;
  private final long length;
  private final AtomicLong liveCounter;
  private volatile boolean closed;

  private DeviceBuffer(CudaDriver driver, long address, long length, AtomicLong liveCounter) {
    this.driver = driver;
    this.address = address;
    this.length = length;
    this.liveCounter = liveCounter;
  }

  static DeviceBuffer allocate(CudaDriver driver, long length, AtomicLong liveCounter) {
    if (length < 0 || length > Long.MAX_VALUE / Float.BYTES) {
      throw new IllegalArgumentException("length must be in [0, " + Long.MAX_VALUE / Float.BYTES + "], got " + length);
    }
    long address = length == 0 ? 0 : driver.allocate(length * Float.BYTES);
    liveCounter.incrementAndGet();
    return new DeviceBuffer(driver, address, length, liveCounter);
  }

  CudaDriver driver() {
    return driver;
  }

  /** The device address of the first float; valid until close. */
  long address() {
    if (closed) {
      throw new IllegalStateException("buffer is closed");
    }
    return address;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void write(long offset, float[] src, int srcOffset, int count) {
    Buffer.checkRange(length, offset, count);
    java.util.Objects.checkFromIndexSize(srcOffset, count, src.length);
    if (count == 0) {
      return;
    }
    MemorySegment host = MemorySegment.ofArray(src).asSlice((long) srcOffset * Float.BYTES, (long) count * Float.BYTES);
    driver.copyToDevice(host, address() + offset * Float.BYTES, (long) count * Float.BYTES);
  }

  @Override
  public void read(long offset, float[] dst, int dstOffset, int count) {
    Buffer.checkRange(length, offset, count);
    java.util.Objects.checkFromIndexSize(dstOffset, count, dst.length);
    if (count == 0) {
      return;
    }
    MemorySegment host = MemorySegment.ofArray(dst).asSlice((long) dstOffset * Float.BYTES, (long) count * Float.BYTES);
    driver.copyToHost(address() + offset * Float.BYTES, host, (long) count * Float.BYTES);
  }

  @Override
  public void writeDoubles(long offset, double[] src, int srcOffset, int count) {
    Buffer.checkRange(length / 2, offset, count);
    java.util.Objects.checkFromIndexSize(srcOffset, count, src.length);
    if (count == 0) {
      return;
    }
    MemorySegment host = MemorySegment.ofArray(src).asSlice((long) srcOffset * Double.BYTES,
        (long) count * Double.BYTES);
    driver.copyToDevice(host, address() + offset * Double.BYTES, (long) count * Double.BYTES);
  }

  @Override
  public void readDoubles(long offset, double[] dst, int dstOffset, int count) {
    Buffer.checkRange(length / 2, offset, count);
    java.util.Objects.checkFromIndexSize(dstOffset, count, dst.length);
    if (count == 0) {
      return;
    }
    MemorySegment host = MemorySegment.ofArray(dst).asSlice((long) dstOffset * Double.BYTES,
        (long) count * Double.BYTES);
    driver.copyToHost(address() + offset * Double.BYTES, host, (long) count * Double.BYTES);
  }

  /** Reads {@code count} doubles stored at the start of this buffer's memory (kernels' double results). */
  double[] readDoubles(int count) {
    if ((long) count * Double.BYTES > length * Float.BYTES) {
      throw new IndexOutOfBoundsException(count + " doubles do not fit a buffer of " + length + " floats");
    }
    double[] out = new double[count];
    if (count > 0) {
      driver.copyToHost(address(), MemorySegment.ofArray(out), (long) count * Double.BYTES);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    liveCounter.decrementAndGet();
    if (length > 0) {
      driver.free(address);
    }
  }

}
