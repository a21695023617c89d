package io.jkernels.pipelines.deeppcr;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pcr.Pcr;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The PCR API of every CPU backend available in this JVM, as named test arguments (CUDA runs in the gpu-tagged
 * suite only). One context per backend, opened on first use and kept for the test JVM's life.
 */
final class CpuPcrs {
  private static final Map<Backend, KernelContext> CONTEXTS = new EnumMap<>(Backend.class);

  private CpuPcrs() {}

  static Stream<Named<Pcr>> all() {
    return Kernels.available().stream().filter(b -> b != Backend.CUDA)
        .map(b -> Named.of(b.id(), context(b).pcr()));
  }

  private static synchronized KernelContext context(Backend b) {
    return CONTEXTS.computeIfAbsent(b, Kernels::open);
  }
}
