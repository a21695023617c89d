package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.ambisonics.room.Directivity;
import org.junit.jupiter.api.Test;

/** Index accessors refuse an index out of range with a message naming the index and the range. */
class IndexAccessorsTest {
  @Test
  void speakerIndexOutsideTheLayoutIsRefused() {
    SpeakerLayout quad = SpeakerLayout.quad();
    assertEquals(quad.azimuth(3), quad.azimuth(quad.size() - 1));
    for (int bad : new int[] {-1, quad.size()}) {
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> quad.azimuth(bad));
      assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> quad.elevation(bad));
    }
  }

  @Test
  void bandOutsideTheSevenOctavesIsRefused() {
    Directivity cardioid = Directivity.cardioidFamily(0.5);
    assertEquals(0.75, cardioid.gain(6, 0.5), 1e-15); // a + (1 − a) cos θ with a = ½, cos θ = ½
    for (int bad : new int[] {-1, 7}) {
      assertThrows(IndexOutOfBoundsException.class, () -> cardioid.gain(bad, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> cardioid.coefficient(bad));
    }
  }
}
