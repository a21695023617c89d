package io.jkernels.ambisonics.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShoeboxRoomTest {
  @Test
  void airAbsorptionMatchesIso9613Table() {
    // ISO 9613-1:1993 Table 1, 20 °C, 50 % relative humidity, 101.325 kPa, dB/km at the octave centres (the table
    // rounds to 3 significant digits: 1 % covers it).
    double[] table = {0.44, 1.31, 2.73, 4.66, 9.86, 29.7, 105};
    double[] bands = ShoeboxRoom.octaveBandsHz();
    for (int b = 0; b < bands.length; b++) {
      double ours = 1000 * AirAbsorption.decibelsPerMetre(bands[b], 20, 50);
      assertEquals(table[b], ours, 0.01 * table[b], bands[b] + " Hz");
    }
  }

  @Test
  void eyringAndWithRt60AreInverse() {
    ShoeboxRoom room = ShoeboxRoom.withRt60(7, 5, 3, 0.8);
    assertEquals(0.8, room.eyringRt60(), 1e-12);
    assertTrue(room.broadband());
    // Eyring by hand: T = 24 ln10 V / (−c S ln(1 − α)).
    double alpha = room.absorption(0, 0);
    double v = 105;
    double s = 2 * (35 + 21 + 15);
    assertEquals(24 * Math.log(10) * v / (-343 * s * Math.log(1 - alpha)), 0.8, 1e-12);
    ShoeboxRoom humid = room.withAirAbsorption(20, 50);
    assertFalse(humid.broadband());
    assertTrue(humid.eyringRt60(6) < humid.eyringRt60(0), "air shortens the 8 kHz decay most");
    // At 125 Hz the air's 4mV (m = 1.0e-4 /m) is 0.2 % of the walls' −S ln(1 − α) ≈ 21 m²: T60 drops by that.
    assertEquals(room.eyringRt60(0) * 0.998, humid.eyringRt60(0), 0.0005 * room.eyringRt60(0));
  }
}
