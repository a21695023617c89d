package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.KernelException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider answers without crashing wherever it runs, with a cause in one sentence when CUDA is off. */
class CudaBackendProviderTest {
  @Test
  void availabilityIsExplained() {
    CudaBackendProvider provider = new CudaBackendProvider();
    Optional<String> cause = provider.unavailabilityCause();
    cause.ifPresent(c -> {
      assertFalse(c.isBlank());
      assertFalse(c.contains("\n"), "one line: " + c);
      assertThrows(KernelException.class, provider::create);
    });
    assertNotNull(provider.details());
    if (System.getProperty(CudaBackendProvider.DRIVER_PROPERTY) == null) {
      assertTrue(provider.autoSelectable(), "the real driver may be picked automatically");
    }
  }

  @Test
  void emulatedDriverIsNeverPickedOnItsOwn() {
    String old = System.getProperty(CudaBackendProvider.DRIVER_PROPERTY);
    System.setProperty(CudaBackendProvider.DRIVER_PROPERTY, "emulated");
    try {
      CudaBackendProvider provider = new CudaBackendProvider();
      assertFalse(provider.autoSelectable());
      if (provider.unavailabilityCause().isEmpty()) {
        try (var backend = provider.create()) {
          assertTrue(backend.description().contains("EMULATED"), backend.description());
        }
        assertTrue(provider.details().stream().anyMatch(l -> l.contains("EMULATED")));
      }
    } finally {
      if (old == null) {
        System.clearProperty(CudaBackendProvider.DRIVER_PROPERTY);
      } else {
        System.setProperty(CudaBackendProvider.DRIVER_PROPERTY, old);
      }
    }
  }
}
