package io.jkernels.transport;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import org.junit.jupiter.api.Test;

/** An estimator whose context was closed refuses new samples instead of writing into a closed backend. */
class EstimatorContextClosedTest {
  @Test
  void addAfterTheContextClosedIsRefused() {
    KernelContext ctx = Kernels.open(Backend.SCALAR);
    LinearTransportEstimator est = new LinearTransportEstimator(ctx, 2);
    est.addSource(new float[] {1, 2, 3, 4}); // room for more rows without growing
    ctx.close();
    assertThrows(IllegalStateException.class, () -> est.addSource(new float[] {5, 6}));
    assertThrows(IllegalStateException.class, () -> est.addTarget(new float[] {5, 6}));
    est.close();
  }

  @Test
  void nullBackendIsNamed() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Kernels.open(null));
    org.junit.jupiter.api.Assertions.assertEquals("backend", e.getMessage());
  }
}
