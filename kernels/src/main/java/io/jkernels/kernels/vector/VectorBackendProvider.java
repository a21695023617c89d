package io.jkernels.kernels.vector;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.KernelException;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The Vector API backend, enabled after the checks Lucene's VectorizationProvider makes: the incubator module is
 * in the boot layer, the JIT is HotSpot's C2 (the Vector API is slower than scalar code without it), and the
 * preferred vector is at least 128 bits wide. No class touching jdk.incubator.vector is loaded before they pass.
 */
public final class VectorBackendProvider implements BackendProvider {
  private static final String MODULE = "jdk.incubator.vector";

  private static final class Cause {
    static final Optional<String> VALUE = check();
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public Optional<String> unavailabilityCause() {
    return Cause.VALUE;
  }

  @Override
  public KernelBackend create() {
    Optional<String> cause = unavailabilityCause();
    if (cause.isPresent()) {
      throw new KernelException("vector backend unavailable: " + cause.get());
    }
    return VectorKernels.createBackend();
  }

  private static Optional<String> check() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return Optional.of("module " + MODULE + " is not in the boot layer (run java with --add-modules " + MODULE + ")");
    }
    if (!VectorBackendProvider.class.getModule().canRead(ModuleLayer.boot().findModule(MODULE).get())) {
      return Optional.of("module " + MODULE + " is not readable from " + VectorBackendProvider.class.getModule());
    }
    Optional<String> jit = checkC2();
    if (jit.isPresent()) {
      return jit;
    }
    try {
      int bits = VectorKernels.preferredBitSize();
      if (bits < 128) {
        return Optional.of("preferred vector width is " + bits + " bits (< 128)");
      }
    } catch (LinkageError e) {
      return Optional.of("the Vector API failed to initialise: " + e);
    }
    return Optional.empty();
  }

  private static Optional<String> checkC2() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotspot == null) {
        return Optional.of("not a HotSpot VM: C2 cannot be confirmed");
      }
      if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xint")) {
        return Optional.of("the JIT is off (-Xint)");
      }
      if (!Boolean.parseBoolean(hotspot.getVMOption("UseCompiler").getValue())) {
        return Optional.of("the JIT compiler is disabled (-XX:-UseCompiler)");
      }
      int tierStop = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
      if (tierStop < 4) {
        return Optional.of("C2 is disabled (-XX:TieredStopAtLevel=" + tierStop + ")");
      }
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of("C2 could not be confirmed: " + e);
    }
  }
}
