package io.jkernels.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static convenience and a fit → save → load → apply round trip (the numerics are the conformance suite's). */
class LinearTransportTest {
  @TempDir Path dir;

  @Test
  void sharedContextFitEqualsExplicitContextFit() {
    float[] source = {1, 10, 2, 10, 3, 10, 4, 10};
    float[] target = {3, 0, 5, 1, 7, 2, 9, 3, 11, 4, 13, 5};
    TransportMap shared = LinearTransport.fit(source, target, 2);
    try (KernelContext ctx = Kernels.open(Kernels.shared().backend())) {
      assertEquals(LinearTransport.fit(ctx, source, target, 2), shared);
    }
    assertArrayEquals(new int[] {1}, shared.degenerateChannels());
    assertEquals(1f, shared.omega()[1]);
  }

  @Test
  void fittedMapSurvivesAFileAndTransportsTheSourceOntoTheTarget() throws IOException {
    // Equal counts, target = 2·source + 1 after sorting: ω = 2, β = 1 exactly, and λ = 1 maps source to target.
    float[] source = {4, 1, 3, 2};
    float[] target = {5, 9, 3, 7};
    TransportMap map = LinearTransport.fit(source, target, 1);
    Path file = dir.resolve("map.safetensors");
    map.save(file);
    TransportMap loaded = TransportMap.load(file);
    float[] x = source.clone();
    Kernels.shared().transport().apply(loaded, x, 4, 1f, Support.SOURCE_RANGE);
    assertArrayEquals(new float[] {9, 3, 7, 5}, x);
    assertArrayEquals(new float[] {1}, loaded.supportMin());
    assertArrayEquals(new float[] {4}, loaded.supportMax());
  }
}
