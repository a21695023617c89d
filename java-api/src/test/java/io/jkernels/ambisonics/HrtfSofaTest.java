package io.jkernels.ambisonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Hrtf#loadSofa}: a well-formed synthetic file reads back exactly in the package's direction convention,
 * and every way a file can lie about itself is an {@link IllegalArgumentException} naming the problem. The real
 * MIT KEMAR set is checked in the conformance suite (ITD/ILD sign) and here for its shape.
 */
class HrtfSofaTest {
  static final Path KEMAR = Path.of(System.getProperty("jkernels.kemar",
      "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa"));

  @TempDir
  Path dir;

  @Test
  void syntheticFileReadsBackInThePackageConvention() throws IOException {
    Hrtf h = Hrtf.loadSofa(SyntheticSofa.write(dir.resolve("ok.sofa"), c -> { }));
    assertEquals(SyntheticSofa.DIRECTIONS, h.directions());
    assertEquals(SyntheticSofa.TAPS, h.length());
    assertEquals(48000, h.sampleRate());
    for (int d = 0; d < h.directions(); d++) {
      double expected = Math.toRadians(SyntheticSofa.azimuthDegrees(d));
      // −180° and +180° are one direction: compare on the circle
      assertEquals(0, Math.sin(h.azimuth(d) - expected), 1e-12, "azimuth " + d);
      assertEquals(1, Math.cos(h.azimuth(d) - expected), 1e-12, "azimuth " + d);
      assertEquals(0, h.elevation(d), 1e-12);
      double[][][] ir = SyntheticSofa.ring();
      for (int t = 0; t < h.length(); t++) {
        assertEquals((float) ir[d][0][t], h.left(d)[t]);
        assertEquals((float) ir[d][1][t], h.right(d)[t]);
      }
    }
    int left = h.nearest(Math.PI / 2, 0);
    assertEquals(90, Math.toDegrees(h.azimuth(left)), 1e-9);
  }

  @Test
  void cartesianPositionsGiveTheSameDirections() throws IOException {
    Hrtf h = Hrtf.loadSofa(SyntheticSofa.write(dir.resolve("cart.sofa"), c -> {
      c.sourceType = "cartesian";
      c.sourceUnits = "metre";
      for (int d = 0; d < SyntheticSofa.DIRECTIONS; d++) {
        double phi = Math.toRadians(SyntheticSofa.azimuthDegrees(d));
        c.source[d] = new double[] {2 * Math.cos(phi), 2 * Math.sin(phi), 0};
      }
    }));
    assertEquals(Math.PI / 2, h.azimuth(6), 1e-12);
  }

  @Test
  void filesThatAreNotWhatTheyClaimAreRejected() throws IOException {
    Path notHdf = Files.writeString(dir.resolve("text.sofa"), "this is not HDF5");
    assertMessage(notHdf, "not a readable HDF5");
    assertMessage(SyntheticSofa.write(dir.resolve("a.sofa"), c -> c.sofaConventions = "GeneralTF"),
        "only SimpleFreeFieldHRIR");
    assertMessage(SyntheticSofa.write(dir.resolve("b.sofa"), c -> c.conventions = "netCDF"), "Conventions");
    assertMessage(SyntheticSofa.write(dir.resolve("c.sofa"), c -> c.dataType = "TF"), "DataType");
    assertMessage(SyntheticSofa.write(dir.resolve("d.sofa"), c -> c.ir = new double[8][3][16]), "Data.IR has shape");
    assertMessage(SyntheticSofa.write(dir.resolve("e.sofa"), c -> c.writeSource = false),
        "SourcePosition is missing");
    assertMessage(SyntheticSofa.write(dir.resolve("f.sofa"), c -> c.sourceUnits = "radian, radian, metre"),
        "Units");
    assertMessage(SyntheticSofa.write(dir.resolve("g.sofa"), c -> c.sourceType = "polar"), "Type");
    assertMessage(SyntheticSofa.write(dir.resolve("h.sofa"), c -> c.ir[3][1][2] = Double.NaN), "finite");
    assertMessage(SyntheticSofa.write(dir.resolve("i.sofa"), c -> c.rate = new double[] {0}), "SamplingRate");
    assertMessage(SyntheticSofa.write(dir.resolve("j.sofa"), c -> c.source = new double[5][3]), "SourcePosition");
    assertThrows(IOException.class, () -> Hrtf.loadSofa(dir.resolve("missing.sofa")));
    assertThrows(NullPointerException.class, () -> Hrtf.loadSofa(null));
  }

  @Test
  void kemarHasItsPublishedShape() throws IOException {
    assertTrue(Files.isRegularFile(KEMAR), KEMAR + " missing: apt-get install libmysofa-dev (.ci/run does)");
    Hrtf h = Hrtf.loadSofa(KEMAR);
    assertEquals(44100, h.sampleRate());
    assertTrue(h.directions() > 700, "KEMAR has 710 directions, got " + h.directions());
    assertTrue(h.length() >= 128, "HRIR length " + h.length());
  }

  private static void assertMessage(Path file, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hrtf.loadSofa(file));
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }
}
