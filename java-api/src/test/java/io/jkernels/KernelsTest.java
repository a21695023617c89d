package io.jkernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Backends;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Opening a backend that cannot run says why and keeps the exception behind it. */
class KernelsTest {
  @Test
  void unavailableBackendKeepsReasonAndCause() {
    int checked = 0;
    for (Backend backend : Backend.values()) {
      Optional<String> cause = Kernels.unavailabilityCause(backend);
      if (cause.isEmpty()) {
        continue;
      }
      BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Kernels.open(backend));
      assertEquals(backend, e.backend());
      assertEquals(cause.get(), e.reason());
      assertTrue(e.getMessage().contains(cause.get()), e.getMessage());
      Optional<Throwable> error = Backends.provider(backend.id()).unavailabilityError();
      if (error.isPresent()) {
        assertSame(error.get(), e.getCause(), "the provider's exception is the cause, not a string");
      } else {
        assertEquals(null, e.getCause());
      }
      checked++;
    }
    Assumptions.assumeTrue(checked > 0, "every backend is available here: nothing to check");
  }

  @Test
  void causeIsKept() {
    UnsatisfiedLinkError link = new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
    BackendUnavailableException e = new BackendUnavailableException(Backend.CUDA, "no driver", link);
    assertSame(link, e.getCause());
    assertEquals("no driver", e.reason());
    assertEquals("cuda backend unavailable: no driver", e.getMessage());
  }
}
