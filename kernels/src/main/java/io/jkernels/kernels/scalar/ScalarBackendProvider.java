package io.jkernels.kernels.scalar;

import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cpu.CpuBackend;
import java.util.Optional;

/** Plain float32 loops on the CPU: always available. */
public final class ScalarBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public Optional<String> unavailabilityCause() {
    return Optional.empty();
  }

  @Override
  public KernelBackend create() {
    return new CpuBackend("scalar", "CPU, scalar loops", ScalarPrimitives.INSTANCE);
  }
}
