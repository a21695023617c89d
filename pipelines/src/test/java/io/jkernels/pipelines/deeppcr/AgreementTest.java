package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class AgreementTest {
  @Test
  void maxAbsAndRelative() {
    Agreement a = Agreement.of(new float[] {3, 4.5f}, new float[] {3, 4});
    assertEquals(0.5, a.maxAbs());
    assertEquals(0.1, a.relative(), 1e-12);
  }

  @Test
  void nonFiniteNeverAgrees() {
    Agreement a = Agreement.of(new float[] {Float.NaN}, new float[] {1});
    assertEquals(Double.POSITIVE_INFINITY, a.relative());
    assertFalse(a.within(1e30));
  }

  @Test
  void allZeroReferenceFallsBackToAbsolute() {
    assertEquals(5, Agreement.of(new float[] {3, 4}, new float[] {0, 0}).relative(), 1e-12);
  }
}
