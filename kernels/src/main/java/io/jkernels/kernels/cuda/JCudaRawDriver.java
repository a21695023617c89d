package io.jkernels.kernels.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.JCudaVersion;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The real driver's raw calls: JCuda's driver API, unchecked (the checks are {@link CudaDriver}'s). The only class
 * (with its nested ones) that imports {@code jcuda.*}.
 * Device 0's primary context is retained once and made current on every thread that calls in (JCuda contexts are
 * per thread); the fatbin is loaded with {@code cuModuleLoadData}; each kernel is looked up once; every call is
 * checked and a failure becomes a {@link KernelException} with the CUDA error's name. Host copies of 1 MiB or more
 * go through a pinned staging buffer.
 */
final class JCudaRawDriver implements RawCudaDriver<JCudaRawDriver.DevicePointer> {
  private static final long STAGING_BYTES = 8L << 20;
  private static final long STAGING_THRESHOLD = 1L << 20;

  private final CUcontext context;
  private final CUmodule module = new CUmodule();
  private final DeviceProperties properties;
  private final String jcublas;
  private final ConcurrentHashMap<String, CUfunction> functions = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> contextCurrent = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private final Object stagingLock = new Object();
  private MemorySegment staging;
  private Pointer stagingPointer;

  /** A CUdeviceptr whose address can be read (the getter is protected in JCuda). */
  static final class DevicePointer extends CUdeviceptr {
    long address() {
      return getNativePointer();
    }
  }

  /** Opened driver, or why not, in one sentence (with the exception behind it, if one was thrown). */
  record Opening(Optional<CudaDriver> driver, String cause, Throwable error) {
    Opening(String cause) {
      this(Optional.empty(), cause, null);
    }

    Opening(String cause, Throwable error) {
      this(Optional.empty(), cause, error);
    }
  }

  private JCudaRawDriver(CUcontext context, DeviceProperties properties, String jcublas) {
    this.context = context;
    this.properties = properties;
    this.jcublas = jcublas;
  }

  /**
   * Loads JCuda and libcuda, initialises device 0's primary context and loads {@code fatbin} (supplied lazily: its
   * absence is a cause only once a device is known to exist).
   */
  static Opening open(java.util.function.Supplier<Optional<byte[]>> fatbin, java.util.function.Supplier<String> noFatbin) {
    try {
      JCudaRawDriver.class.getClassLoader().loadClass("jcuda.driver.JCudaDriver");
      JCudaDriver.setExceptionsEnabled(false);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Opening("the NVIDIA driver library libcuda.so.1 (or JCuda's native library) "
          + "could not be loaded (" + rootMessage(e) + ")", e);
    }
    int rc = JCudaDriver.cuInit(0);
    if (rc == CUresult.CUDA_ERROR_NO_DEVICE) {
      return new Opening("no CUDA device is visible (cuInit: CUDA_ERROR_NO_DEVICE)");
    }
    if (rc != CUresult.CUDA_SUCCESS) {
      return new Opening("the CUDA driver failed to initialise (cuInit: " + CUresult.stringFor(rc)
          + ")");
    }
    int[] count = new int[1];
    rc = JCudaDriver.cuDeviceGetCount(count);
    if (rc != CUresult.CUDA_SUCCESS || count[0] == 0) {
      return new Opening("no CUDA device is visible (cuDeviceGetCount: "
          + (rc != CUresult.CUDA_SUCCESS ? CUresult.stringFor(rc) : "0 devices") + ")");
    }
    Optional<byte[]> image = fatbin.get();
    if (image.isEmpty()) {
      return new Opening(noFatbin.get());
    }
    try {
      CUdevice device = new CUdevice();
      check(JCudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
      CUcontext context = new CUcontext();
      check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
      check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
      DeviceProperties props = properties(device);
      JCudaRawDriver driver = new JCudaRawDriver(context, props, probeJcublas());
      driver.contextCurrent.set(Boolean.TRUE);
      rc = JCudaDriver.cuModuleLoadData(driver.module, image.get());
      if (rc != CUresult.CUDA_SUCCESS) {
        return new Opening("the kernel fatbin failed to load on " + props.name() + " (compute "
            + props.computeCapability() + "): " + CUresult.stringFor(rc));
      }
      return new Opening(Optional.of(new CudaDriver(driver)), null, null);
    } catch (KernelException e) {
      return new Opening("the CUDA device could not be opened: " + e.getMessage(), e);
    }
  }

  private static DeviceProperties properties(CUdevice device) {
    byte[] name = new byte[256];
    check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
    int end = 0;
    while (end < name.length && name[end] != 0) {
      end++;
    }
    long[] memory = new long[1];
    check(JCudaDriver.cuDeviceTotalMem(memory, device), "cuDeviceTotalMem");
    int[] version = new int[1];
    check(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
    return new DeviceProperties(new String(name, 0, end, java.nio.charset.StandardCharsets.US_ASCII),
        attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR), memory[0],
        attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        attribute(device, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
        attribute(device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK), version[0]);
  }

  private static int attribute(CUdevice device, int attribute) {
    int[] value = new int[1];
    check(JCudaDriver.cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute");
    return value[0];
  }

  /** JCublas is optional: reported, never required. It needs libcublas.so.12. */
  private static String probeJcublas() {
    try {
      Class.forName("jcuda.jcublas.JCublas2").getMethod("initialize").invoke(null);
      return "loaded";
    } catch (ReflectiveOperationException | LinkageError e) {
      return "not loaded (" + rootMessage(e) + "); nothing needs it";
    }
  }

  private static String rootMessage(Throwable t) {
    // JCuda's loader lists every attempt; the dynamic linker's own line ("libcuda.so.1: cannot open …") says most.
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      for (String line : String.valueOf(c.getMessage()).split("\n")) {
        int at = line.indexOf(": cannot open shared object file");
        if (at > 0) {
          int start = line.lastIndexOf(": ", at - 1);
          return line.substring(start < 0 ? 0 : start + 2).strip(); // "libcuda.so.1: cannot open shared object …"
        }
      }
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  private static void check(int rc, String what) {
    if (rc != CUresult.CUDA_SUCCESS) {
      throw new KernelException(what + ": " + CUresult.stringFor(rc));
    }
  }

  /** JCuda binds a context to each thread: make the primary context current here once. */
  private void onThisThread() {
    if (!contextCurrent.get()) {
      check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
      contextCurrent.set(Boolean.TRUE);
    }
  }

  @Override
  public String name() {
    return "jcuda";
  }

  @Override
  public boolean emulated() {
    return false;
  }

  @Override
  public DeviceProperties properties() {
    return properties;
  }

  @Override
  public List<String> details() {
    List<String> lines = new ArrayList<>();
    lines.add("device: " + properties.name());
    lines.add("compute capability: " + properties.computeCapability());
    lines.add("memory: " + String.format("%.1f GiB", properties.totalMemoryBytes() / (double) (1L << 30)));
    lines.add("multiprocessors: " + properties.multiprocessors());
    lines.add("CUDA driver: " + properties.driverVersionString());
    lines.add("JCuda: " + (JCudaVersion.isAvailable() ? JCudaVersion.get() : "unknown version"));
    lines.add("JCublas: " + jcublas);
    return lines;
  }

  @Override
  public DevicePointer allocate(long bytes) {
    onThisThread();
    DevicePointer pointer = new DevicePointer();
    check(JCudaDriver.cuMemAlloc(pointer, bytes), "cuMemAlloc(" + bytes + " bytes)");
    return pointer;
  }

  @Override
  public long address(DevicePointer allocation) {
    return allocation.address();
  }

  @Override
  public void free(DevicePointer allocation) {
    onThisThread();
    check(JCudaDriver.cuMemFree(allocation), "cuMemFree");
  }

  /** A JCuda pointer to host memory: the array behind a heap segment, or a direct buffer over a native one. */
  private static Pointer host(MemorySegment segment) {
    Optional<Object> base = segment.heapBase();
    if (base.isEmpty()) {
      ByteBuffer buffer = segment.asByteBuffer();
      return Pointer.to(buffer);
    }
    Object array = base.get();
    Pointer p = switch (array) {
      case float[] a -> Pointer.to(a);
      case double[] a -> Pointer.to(a);
      case int[] a -> Pointer.to(a);
      case long[] a -> Pointer.to(a);
      case byte[] a -> Pointer.to(a);
      default -> throw new IllegalArgumentException("unsupported host array " + array.getClass());
    };
    return p.withByteOffset(segment.address());
  }

  private MemorySegment staging() {
    if (staging == null) {
      stagingPointer = new Pointer();
      check(JCudaDriver.cuMemAllocHost(stagingPointer, STAGING_BYTES), "cuMemAllocHost");
      staging = MemorySegment.ofBuffer(stagingPointer.getByteBuffer(0, STAGING_BYTES));
    }
    return staging;
  }

  @Override
  public void copyToDevice(MemorySegment src, DevicePointer dst, long offset, long bytes) {
    onThisThread();
    CUdeviceptr device = dst.withByteOffset(offset);
    if (bytes < STAGING_THRESHOLD) {
      check(JCudaDriver.cuMemcpyHtoD(device, host(src), bytes), "cuMemcpyHtoD");
      return;
    }
    synchronized (stagingLock) {
      MemorySegment pinned = staging();
      for (long done = 0; done < bytes; done += STAGING_BYTES) {
        long chunk = Math.min(STAGING_BYTES, bytes - done);
        MemorySegment.copy(src, done, pinned, 0, chunk);
        check(JCudaDriver.cuMemcpyHtoD(device.withByteOffset(done), stagingPointer, chunk), "cuMemcpyHtoD");
      }
    }
  }

  @Override
  public void copyToHost(DevicePointer src, long offset, MemorySegment dst, long bytes) {
    onThisThread();
    CUdeviceptr device = src.withByteOffset(offset);
    if (bytes < STAGING_THRESHOLD) {
      check(JCudaDriver.cuMemcpyDtoH(host(dst), device, bytes), "cuMemcpyDtoH");
      return;
    }
    synchronized (stagingLock) {
      MemorySegment pinned = staging();
      for (long done = 0; done < bytes; done += STAGING_BYTES) {
        long chunk = Math.min(STAGING_BYTES, bytes - done);
        check(JCudaDriver.cuMemcpyDtoH(stagingPointer, device.withByteOffset(done), chunk), "cuMemcpyDtoH");
        MemorySegment.copy(pinned, 0, dst, done, chunk);
      }
    }
  }

  @Override
  public void copyDeviceToDevice(DevicePointer src, long srcOffset, DevicePointer dst, long dstOffset, long bytes) {
    onThisThread();
    check(JCudaDriver.cuMemcpyDtoD(dst.withByteOffset(dstOffset), src.withByteOffset(srcOffset), bytes),
        "cuMemcpyDtoD");
  }

  @Override
  public void memset(DevicePointer dst, long offset, byte value, long bytes) {
    onThisThread();
    check(JCudaDriver.cuMemsetD8(dst.withByteOffset(offset), value, bytes), "cuMemsetD8");
  }

  private CUfunction function(String kernel) {
    return functions.computeIfAbsent(kernel, name -> {
      CUfunction f = new CUfunction();
      check(JCudaDriver.cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
      return f;
    });
  }

  @Override
  public void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
    onThisThread();
    Pointer[] params = new Pointer[args.count()];
    for (int i = 0; i < args.count(); i++) {
      params[i] = switch (args.kind(i)) {
        case POINTER, I64, F64 -> Pointer.to(new long[] {args.bits(i)});
        case I32, F32 -> Pointer.to(new int[] {(int) args.bits(i)});
      };
    }
    check(JCudaDriver.cuLaunchKernel(function(kernel), grid.x(), grid.y(), grid.z(), block.x(), block.y(),
        block.z(), sharedBytes, null, Pointer.to(params), null), "cuLaunchKernel " + kernel);
  }

  @Override
  public void synchronize() {
    onThisThread();
    check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
  }
}
