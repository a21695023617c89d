package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.KernelFamily;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CUDA backend over one {@link CudaDriver} (real or emulated): device buffers plus one kernel set per family.
 * Adding a family: its kernels in {@code cuda-src/<family>.cu} and one class in this package implementing the
 * family's contract with {@link Launches} and {@link CudaDriver#launch}, with a constructor taking this backend;
 * {@link io.jkernels.kernels.Families} names it. A kernel set that keeps device memory between calls implements
 * {@link AutoCloseable}: the backend's close closes it.
 */
final class CudaBackend implements KernelBackend {
  private final CudaDriver driver;
  private final AtomicLong live = new AtomicLong();
  private final ConcurrentHashMap<KernelFamily<?>, Object> families = new ConcurrentHashMap<>();

  CudaBackend(CudaDriver driver) {
    this.driver = driver;
  }

  CudaDriver driver() {
    return driver;
  }

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public String description() {
    DeviceProperties p = driver.properties();
    if (driver.emulated()) {
      return "CUDA kernels on the EMULATED driver (CPU fibres, for tests only), " + live.get() + " live buffers";
    }
    return String.format("%s (compute %s, %d SMs, %.1f GiB), CUDA driver %s, %d live buffers", p.name(),
        p.computeCapability(), p.multiprocessors(), p.totalMemoryBytes() / (double) (1L << 30),
        p.driverVersionString(), live.get());
  }

  @Override
  public Buffer allocate(long length) {
    return DeviceBuffer.allocate(driver, length, live);
  }

  @Override
  public Buffer bindArray(float[] array) {
    DeviceBuffer buffer = DeviceBuffer.allocate(driver, array.length, live);
    try {
      buffer.write(0, array, 0, array.length);
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  @Override
  public void readBack(Buffer bound, float[] array) {
    DeviceBuffer buffer = device(bound, "bound");
    if (buffer.length() != array.length) {
      throw new IllegalArgumentException("array length " + array.length + " differs from the bound buffer's "
          + buffer.length());
    }
    buffer.read(0, array, 0, array.length);
  }

  @Override
  public void copy(Buffer src, long srcOffset, Buffer dst, long dstOffset, long count) {
    DeviceBuffer from = device(src, "src");
    DeviceBuffer to = device(dst, "dst");
    Buffer.checkRange(from.length(), srcOffset, count);
    Buffer.checkRange(to.length(), dstOffset, count);
    if (count > 0) {
      driver.copyDeviceToDevice(from.address() + srcOffset * Float.BYTES, to.address() + dstOffset * Float.BYTES,
          count * Float.BYTES);
    }
  }

  /** Unwraps a buffer of this backend; anything else is a programming error. */
  DeviceBuffer device(Buffer buffer, String argument) {
    if (buffer instanceof DeviceBuffer d && d.driver() == driver) {
      d.address(); // throws if closed
      return d;
    }
    throw new IllegalArgumentException(argument + " belongs to another backend: "
        + (buffer == null ? "null" : buffer.getClass().getSimpleName()));
  }

  @Override
  public long liveBuffers() {
    return live.get();
  }

  @Override
  public <K> K kernels(KernelFamily<K> family) {
    return family.contract().cast(families.computeIfAbsent(family, this::create));
  }

  private Object create(KernelFamily<?> family) {
    String className = family.cudaImplementation();
    try {
      Class<?> type = Class.forName(className);
      if (!family.contract().isAssignableFrom(type)) {
        throw new KernelException(className + " does not implement " + family.contract().getName());
      }
      return type.getDeclaredConstructor(CudaBackend.class).newInstance(this);
    } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new KernelException("CUDA kernels of family " + family.name() + " (" + className
          + ") could not be created: " + e, e);
    } catch (InvocationTargetException e) {
      throw new KernelException("CUDA kernels of family " + family.name() + " failed to initialise: "
          + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    // The driver (primary context, module) lives for the process and is shared by every CUDA backend instance;
    // only the kernels' own scratch memory belongs to this backend.
    for (Object kernels : families.values()) {
      if (kernels instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new KernelException("closing the CUDA kernels failed: " + e, e);
        }
      }
    }
    families.clear();
  }
}
