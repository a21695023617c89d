package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA driver emulated on the CPU: the very same {@code cuda-src/*.cu} kernels, compiled by g++ against
 * {@code cuda-src/emulation/cuda_emulation.h} into {@code libjkernels_emu.so} and called through FFM. Device memory
 * is off-heap memory this driver owns, filled with 0xFF bytes (NaN as floats) when allocated, so a kernel that
 * reads what nothing wrote gives a visibly wrong result. These are the raw calls: {@link CudaDriver} checks every
 * copy, launch shape and pointer argument against the live allocations first. For tests only: selected by {@code -Djkernels.cuda.driver=emulated} or through
 * {@link EmulatedCuda}, never by {@code Kernels.open()} on its own.
 */
final class EmulatedRawDriver implements RawCudaDriver<EmulatedRawDriver.Memory> {
  private static final int ERROR_BYTES = 1024;
  private static final DeviceProperties PROPERTIES =
      new DeviceProperties("emulated CUDA device (CPU fibres, for tests)", 9, 0, 0L, 4, 1024, 48 * 1024, 0);

  private final Path library;
  private final MethodHandle launch;
  // Present in the instrumented library only (libjkernels_emu_cost.so, KernelCostMeter): its cost model classifies
  // an access as global when it falls inside a live device allocation, so it is told of each one.
  private final MethodHandle deviceMemory;
  private final Map<String, Integer> kernels = new HashMap<>();

  private EmulatedRawDriver(Path library) {
    this.library = library;
    Linker linker = Linker.nativeLinker();
    SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
    MethodHandle count = linker.downcallHandle(lookup.findOrThrow("jk_emu_kernel_count"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT));
    MethodHandle name = linker.downcallHandle(lookup.findOrThrow("jk_emu_kernel_name"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    this.launch = linker.downcallHandle(lookup.findOrThrow("jk_emu_launch"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    this.deviceMemory = lookup.find("jk_emu_device_memory").map(s -> linker.downcallHandle(s,
        FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))).orElse(null);
    try {
      int n = (int) count.invokeExact();
      for (int i = 0; i < n; i++) {
        MemorySegment s = (MemorySegment) name.invokeExact(i);
        kernels.put(s.reinterpret(4096).getString(0), i);
      }
    } catch (Throwable t) {
      throw new KernelException("the emulation library " + library + " failed to list its kernels", t);
    }
  }

  /** Loads an emulation library (the packaged one, or a test's own), behind the checked layer. */
  static CudaDriver load(Path library) {
    return new CudaDriver(new EmulatedRawDriver(library));
  }

  @Override
  public String name() {
    return "emulated";
  }

  @Override
  public boolean emulated() {
    return true;
  }

  @Override
  public DeviceProperties properties() {
    return PROPERTIES;
  }

  @Override
  public List<String> details() {
    return List.of("driver: EMULATED on the CPU (-Djkernels.cuda.driver=emulated; for tests, never for real work)",
        "emulation library: " + library, "emulated kernels: " + kernels.size());
  }

  /** One emulated allocation: off-heap memory and the arena that frees it. */
  record Memory(Arena arena, MemorySegment segment) {}

  @Override
  public Memory allocate(long bytes) {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment memory = arena.allocate(bytes, 256);
      memory.fill((byte) 0xFF);
      tellCostModel(memory.address(), bytes, true);
      return new Memory(arena, memory);
    } catch (OutOfMemoryError | IllegalArgumentException e) {
      arena.close();
      throw new KernelException("cuMemAlloc (emulated): CUDA_ERROR_OUT_OF_MEMORY (" + bytes + " bytes)", e);
    }
  }

  @Override
  public long address(Memory allocation) {
    return allocation.segment().address();
  }

  private void tellCostModel(long address, long bytes, boolean live) {
    if (deviceMemory == null) {
      return;
    }
    try {
      deviceMemory.invokeExact(address, bytes, live ? 1 : 0);
    } catch (Throwable t) {
      throw new KernelException("the emulation library " + library + " refused a device allocation", t);
    }
  }


  @Override
  public void free(Memory allocation) {
    tellCostModel(allocation.segment().address(), 0, false);
    allocation.arena().close();
  }

  @Override
  public void copyToDevice(MemorySegment src, Memory dst, long offset, long bytes) {
    MemorySegment.copy(src, 0, dst.segment(), offset, bytes);
  }

  @Override
  public void copyToHost(Memory src, long offset, MemorySegment dst, long bytes) {
    MemorySegment.copy(src.segment(), offset, dst, 0, bytes);
  }

  @Override
  public void copyDeviceToDevice(Memory src, long srcOffset, Memory dst, long dstOffset, long bytes) {
    MemorySegment.copy(src.segment(), srcOffset, dst.segment(), dstOffset, bytes);
  }

  @Override
  public void memset(Memory dst, long offset, byte value, long bytes) {
    dst.segment().asSlice(offset, bytes).fill(value);
  }

  @Override
  public void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
    Integer index = kernels.get(kernel);
    if (index == null) {
      throw new KernelException("cuModuleGetFunction (emulated) " + kernel + ": CUDA_ERROR_NOT_FOUND");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dims = arena.allocateFrom(ValueLayout.JAVA_INT, grid.x(), grid.y(), grid.z(), block.x(),
          block.y(), block.z());
      MemorySegment values = arena.allocate(8L * Math.max(1, args.count()), 8);
      MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, Math.max(1, args.count()));
      for (int i = 0; i < args.count(); i++) {
        long slot = 8L * i;
        switch (args.kind(i)) {
          case POINTER, I64, F64 -> values.set(ValueLayout.JAVA_LONG, slot, args.bits(i));
          case I32, F32 -> values.set(ValueLayout.JAVA_INT, slot, (int) args.bits(i));
        }
        pointers.setAtIndex(ValueLayout.ADDRESS, i, values.asSlice(slot, 8));
      }
      MemorySegment error = arena.allocate(ERROR_BYTES);
      int rc;
      try {
        rc = (int) launch.invokeExact((int) index, dims, sharedBytes, pointers, error, ERROR_BYTES);
      } catch (Throwable t) {
        throw new KernelException("cuLaunchKernel (emulated) " + kernel + " failed", t);
      }
      if (rc != 0) {
        throw new KernelException("cuLaunchKernel (emulated) " + kernel + ": CUDA_ERROR_LAUNCH_FAILED ("
            + error.getString(0) + ")");
      }
    }
  }

  @Override
  public void synchronize() {
    // Launches run to completion before launch() returns.
  }
}
