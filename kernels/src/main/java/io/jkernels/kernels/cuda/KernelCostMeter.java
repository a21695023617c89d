package io.jkernels.kernels.cuda;

import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CUDA kernels on the instrumented emulation library ({@code libjkernels_emu_cost.so}, built by
 * cuda-src/Makefile with every load and store of the kernels counted by {@code cuda-src/emulation/cost_model.cpp}):
 * what each launch would ask of a GPU's memory system (sectors per warp request, distinct bytes, bank conflicts,
 * barriers, collectives, atomics, races), read back as a {@link KernelCostReport}. About 20–50× slower than the
 * plain emulation: for small cases. Launches of all backends on one library share its counters (the library's
 * state is process-wide, and launches are serialised), so {@link #reset()} and {@link #report()} bracket a
 * measurement.
 */
public final class KernelCostMeter {
  static final String COST_LIBRARY = "/native/linux-x86_64/libjkernels_emu_cost.so";

  private final Path library;
  private final CudaDriver driver;
  private final MethodHandle reset;
  private final MethodHandle report;
  private final MethodHandle accesses;
  private final Map<String, String> floors = new LinkedHashMap<>();

  private KernelCostMeter(Path library) {
    this.library = library;
    // The one line that names the emulated driver's class (EmulatedRawDriver.load after the driver-layer rework).
    this.driver = EmulatedCudaDriver.load(library);
    Linker linker = Linker.nativeLinker();
    SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
    this.reset = linker.downcallHandle(lookup.findOrThrow("jk_cost_reset"), FunctionDescriptor.ofVoid());
    this.report = linker.downcallHandle(lookup.findOrThrow("jk_cost_report"),
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    this.accesses = linker.downcallHandle(lookup.findOrThrow("jk_cost_accesses"),
        FunctionDescriptor.of(ValueLayout.JAVA_LONG));
    MethodHandle count = linker.downcallHandle(lookup.findOrThrow("jk_emu_kernel_count"),
        FunctionDescriptor.of(ValueLayout.JAVA_INT));
    MethodHandle name = linker.downcallHandle(lookup.findOrThrow("jk_emu_kernel_name"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    MethodHandle floor = linker.downcallHandle(lookup.findOrThrow("jk_emu_kernel_floor"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    try {
      int n = (int) count.invokeExact();
      for (int i = 0; i < n; i++) {
        String kernel = ((MemorySegment) name.invokeExact(i)).reinterpret(4096).getString(0);
        String words = ((MemorySegment) floor.invokeExact(i)).reinterpret(4096).getString(0);
        floors.put(kernel, words);
      }
    } catch (Throwable t) {
      throw new KernelException("the cost library " + library + " failed to list its kernels", t);
    }
  }

  private static final class Packaged {
    static final Object METER_OR_CAUSE = load();

    private static Object load() {
      try {
        if (EmulatedCuda.unavailabilityCause().isPresent()) {
          return EmulatedCuda.unavailabilityCause().get();
        }
        Optional<Path> library = NativeResources.extract(COST_LIBRARY);
        if (library.isEmpty()) {
          return NativeResources.whyMissing(COST_LIBRARY, "the instrumented emulation library");
        }
        return new KernelCostMeter(library.get());
      } catch (RuntimeException | LinkageError e) {
        return "the instrumented emulation library failed to load: " + e;
      }
    }
  }

  /** A meter on an instrumented library (the packaged one, or a test's own). */
  public static KernelCostMeter load(Path library) {
    return new KernelCostMeter(library);
  }

  /** Empty when the packaged instrumented library loads; else why not. */
  public static Optional<String> unavailabilityCause() {
    return Packaged.METER_OR_CAUSE instanceof String cause ? Optional.of(cause) : Optional.empty();
  }

  /** The meter on the packaged library (one per process). */
  public static KernelCostMeter packaged() {
    if (Packaged.METER_OR_CAUSE instanceof KernelCostMeter meter) {
      return meter;
    }
    throw new KernelException("kernel cost meter unavailable: " + Packaged.METER_OR_CAUSE);
  }

  /** A new CUDA backend whose launches this meter counts. */
  public KernelBackend openBackend() {
    return new CudaBackend(driver);
  }

  /** The instrumented driver itself (for a test's own launches). */
  public CudaDriver driver() {
    return driver;
  }

  /** Every kernel of the library with its stated cost floor ("" when its .cu comment states none). */
  public Map<String, String> floors() {
    return java.util.Collections.unmodifiableMap(floors);
  }

  /** Forgets every launch counted so far. */
  public void reset() {
    try {
      reset.invokeExact();
    } catch (Throwable t) {
      throw new KernelException("jk_cost_reset failed in " + library, t);
    }
  }

  /** Global and shared lane accesses counted since the last {@link #reset()}: what the instrumented run costs. */
  public long accesses() {
    try {
      return (long) accesses.invokeExact();
    } catch (Throwable t) {
      throw new KernelException("jk_cost_accesses failed in " + library, t);
    }
  }

  /** The kernels launched since the last {@link #reset()}. */
  public java.util.Set<String> launchedKernels() {
    return report().byKernel().keySet();
  }

  /** The launches counted since the last {@link #reset()}. */
  public KernelCostReport report() {
    try (Arena arena = Arena.ofConfined()) {
      long needed = (long) report.invokeExact(MemorySegment.NULL, 0L);
      MemorySegment text = arena.allocate(needed);
      long again = (long) report.invokeExact(text, needed);
      if (again > needed) {
        throw new KernelException("the cost report grew while being read");
      }
      return KernelCostReport.parse(new String(text.toArray(ValueLayout.JAVA_BYTE), 0, (int) (needed - 1),
          StandardCharsets.UTF_8));
    } catch (KernelException e) {
      throw e;
    } catch (Throwable t) {
      throw new KernelException("jk_cost_report failed in " + library, t);
    }
  }
}
