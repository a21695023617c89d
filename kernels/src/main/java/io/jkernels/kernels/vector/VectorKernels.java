package io.jkernels.kernels.vector;

import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cpu.CpuBackend;
import jdk.incubator.vector.FloatVector;

/** Entry to the Vector API kernels; only loaded after {@link VectorBackendProvider}'s module check passed. */
final class VectorKernels {
  private VectorKernels() {}

  static int preferredBitSize() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  static KernelBackend createBackend() {
    String description = "CPU, Vector API " + VectorPrimitives.SPECIES.vectorBitSize() + "-bit ("
        + VectorPrimitives.LANES + " float lanes)";
    return new CpuBackend("vector", description, VectorPrimitives.INSTANCE);
  }
}
