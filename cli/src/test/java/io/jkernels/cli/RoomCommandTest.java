package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomCommandTest {
  @Test
  void smallRoomPrintsItsLabels() {
    DeepPcrCommandTest.Run r = DeepPcrCommandTest.jkernels("room", "--backend", "scalar", "--size", "4,3.5,2.8",
        "--rt60", "0.25", "--source", "1,1,1.2", "--receiver", "3,2.5,1.5", "--seconds", "0.3",
        "--diffuse-tail", "0.05");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().startsWith("room on scalar"), r.out());
    assertTrue(r.out().contains("T30 0.2") || r.out().contains("T30 0.3"), r.out());
  }

  @Test
  void aSourceOutsideTheRoomIsRefused() {
    DeepPcrCommandTest.Run r = DeepPcrCommandTest.jkernels("room", "--source", "9,1,1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("source"), r.err());
  }
}
