package io.jkernels.cli;

import static io.jkernels.cli.DeepPcrCommandTest.jkernels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import io.jkernels.pipelines.deeppcr.Regime;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeepPcrSweepTest {
  private static List<String> cpuBackends() {
    return Kernels.available().stream().filter(b -> b != Backend.CUDA).map(Backend::id).toList();
  }

  @Test
  void tinyGridWritesTablesAndHeatMaps(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("sweep");
    DeepPcrCommandTest.Run r = jkernels("deeppcr", "--sweep", "--sweep-layers", "8,3", "--sweep-widths", "2,5",
        "--sweep-batches", "1,3", "--predict-layers", "40", "--repeats", "1", "--min-time", "0", "--out",
        out.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("sweep [1/"), "progress on stderr: " + r.err());
    assertTrue(r.out().contains("wrote " + out), r.out());
    List<String> backends = cpuBackends();

    // Measured: 2 layers × 2 widths × 2 batches × 2 passes × backends rows, each cell once, every value parses.
    List<String> rows = Files.readAllLines(out.resolve("measured.csv"));
    assertEquals(SweepReport.MEASURED_HEADER, rows.getFirst());
    assertEquals(2 * 2 * 2 * 2 * backends.size(), rows.size() - 1, String.join("\n", rows));
    Set<String> keys = new HashSet<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",", -1);
      assertEquals(12, f.length, row);
      assertTrue(Set.of("3", "8").contains(f[0]) && Set.of("2", "5").contains(f[1])
          && Set.of("1", "3").contains(f[2]), row);
      assertTrue(backends.contains(f[4]), row);
      assertTrue(keys.add(f[0] + "/" + f[1] + "/" + f[2] + "/" + f[3] + "/" + f[4]), "repeated: " + row);
      double seq = Double.parseDouble(f[5]);
      double pcr = Double.parseDouble(f[6]);
      assertTrue(seq > 0 && pcr > 0 && Double.isFinite(seq) && Double.isFinite(pcr), row);
      // A contracting MLP converges and agrees, so every cell claims its speedup, and it is the times' ratio.
      assertEquals("ok", f[11], row);
      assertEquals(seq / pcr, Double.parseDouble(f[7]), 1e-3 * seq / pcr, row);
      if (f[3].equals("forward")) {
        assertTrue(Integer.parseInt(f[8]) >= 1, row);
        assertEquals("true", f[9], row);
      } else {
        assertEquals("backward", f[3], row);
        assertEquals("n/a", f[9], row);
      }
      assertTrue(Double.parseDouble(f[10]) <= DeepPcrCommand.TOLERANCE, row);
    }
    assertEquals(2 * 2 * 2 * 2 * backends.size(), keys.size());

    // Predicted: the measured layers and the deeper 40, on both devices.
    List<String> predicted = Files.readAllLines(out.resolve("predicted.csv"));
    assertEquals(SweepReport.PREDICTED_HEADER, predicted.getFirst());
    assertEquals(3 * 2 * 2 * 2 * 2, predicted.size() - 1);
    Set<String> devices = new HashSet<>();
    for (String row : predicted.subList(1, predicted.size())) {
      String[] f = row.split(",", -1);
      devices.add(f[4]);
      double s = Double.parseDouble(f[7]);
      assertEquals(Double.parseDouble(f[5]) / Double.parseDouble(f[6]), s, 1e-3 * s, row);
      assertEquals(s >= (f[3].equals("forward") ? 30 : 200), Boolean.parseBoolean(f[10]), row);
    }
    assertEquals(Set.of("H100 SXM", "H200 SXM"), devices);

    // The pictures: one per backend and pass measured (2 layer rows), per device and pass predicted (3 rows).
    int width = HeatMapPicture.width(2, 2);
    for (String b : backends) {
      for (String pass : new String[] {"forward", "backward"}) {
        assertPng(out.resolve("measured-" + b + "-" + pass + ".png"), width, HeatMapPicture.height(2));
      }
    }
    for (String d : new String[] {"h100", "h200"}) {
      for (String pass : new String[] {"forward", "backward"}) {
        assertPng(out.resolve("predicted-" + d + "-" + pass + ".png"), width, HeatMapPicture.height(3));
      }
    }
    String md = Files.readString(out.resolve("sweep.md"));
    for (String s : new String[] {"## Measured", "## Predicted for an H100 and an H200", "paper's >= 30×",
        "paper's >= 200×", "predicted-h200-backward.png", "Emulated CUDA is not measured"}) {
      assertTrue(md.contains(s), "sweep.md lacks '" + s + "'");
    }
    try (Stream<Path> files = Files.list(out)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  private static void assertPng(Path file, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file + " decodes as an image");
    assertEquals(width, image.getWidth(), file.toString());
    assertEquals(height, image.getHeight(), file.toString());
  }

  static Stream<Arguments> badGrids() {
    return Stream.of(
        Arguments.of(new String[] {"--sweep-layers", ""}, "--sweep-layers: empty list"),
        Arguments.of(new String[] {"--sweep-widths", "4,0"}, "--sweep-widths: 0 is not positive"),
        Arguments.of(new String[] {"--sweep-batches", "-3"}, "--sweep-batches: -3 is not positive"),
        Arguments.of(new String[] {"--sweep-layers", "16,x"}, "--sweep-layers: 'x' is not an integer"),
        Arguments.of(new String[] {"--sweep-widths", "4,,8"}, "--sweep-widths: '' is not an integer"),
        Arguments.of(new String[] {"--predict-layers", "0"}, "--predict-layers: 0 is not positive"),
        Arguments.of(new String[] {"--backends", "gpu"}, "--backends: unknown backend 'gpu'"),
        Arguments.of(new String[] {"--backends", ""}, "--backends: empty list"),
        Arguments.of(new String[] {"--backends", "scalar,cuda-emulated"}, "emulated CUDA is for correctness"),
        Arguments.of(new String[] {"--sweep-layers", "70000", "--sweep-widths", "64"}, "more than"));
  }

  @ParameterizedTest
  @MethodSource("badGrids")
  void badGridIsAUsageErrorAndWritesNothing(String[] options, String message, @TempDir Path tmp) {
    Path out = tmp.resolve("never");
    List<String> args = new ArrayList<>(List.of("deeppcr", "--sweep", "--out", out.toString()));
    args.addAll(List.of(options));
    DeepPcrCommandTest.Run r = jkernels(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    assertFalse(Files.exists(out), "nothing written");
    assertFalse(r.err().contains("sweep ["), "nothing ran");
  }

  @Test
  void neverOverwritesAnEarlierSweep(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("sweep.md"), "earlier");
    DeepPcrCommandTest.Run r = jkernels("deeppcr", "--sweep", "--sweep-layers", "2", "--sweep-widths", "2",
        "--sweep-batches", "1", "--out", tmp.toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("already holds sweep.md") && r.err().contains("never overwrites"), r.err());
    assertEquals("earlier", Files.readString(tmp.resolve("sweep.md")));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count(), "nothing else written");
    }
  }

  @Test
  void unconvergedAndDisagreeingCellsClaimNoSpeedup() {
    SweepCell unconverged = new SweepCell(64, 8, 2, SweepCell.Pass.FORWARD, "scalar", 1e-3, 1e-4, 64, false,
        0.5, false);
    SweepCell disagrees = new SweepCell(64, 8, 2, SweepCell.Pass.BACKWARD, "scalar", 1e-3, 1e-4, 0, true, 0.5,
        false);
    SweepCell fine = new SweepCell(64, 8, 2, SweepCell.Pass.FORWARD, "scalar", 1e-3, 1e-4, 3, true, 1e-7, true);
    assertTrue(Double.isNaN(unconverged.speedup()) && Double.isNaN(disagrees.speedup()));
    assertEquals(10, fine.speedup(), 1e-12);
    assertEquals("not converged", unconverged.status());
    assertEquals("disagrees", disagrees.status());
    // A contracting MLP must converge; an expanding one may report non-convergence; disagreement always fails.
    assertFalse(DeepPcrSweep.ok(unconverged, Regime.CONTRACTING));
    assertTrue(DeepPcrSweep.ok(unconverged, Regime.EXPANDING));
    assertFalse(DeepPcrSweep.ok(disagrees, Regime.EXPANDING));
    String[] rows = SweepReport.csv(List.of(unconverged, disagrees), SweepReport.MEASURED_HEADER, false).split("\n");
    assertEquals("64,8,2,forward,scalar,1.000000e-03,1.000000e-04,,64,false,5.000e-01,not converged", rows[1]);
    assertEquals("64,8,2,backward,scalar,1.000000e-03,1.000000e-04,,0,n/a,5.000e-01,disagrees", rows[2]);
    // Such cells are drawn without a colour claim and say why.
    HeatMapPicture.Cell[][] cells = {{new HeatMapPicture.Cell(Double.NaN, "64 its", HeatMapPicture.Mark.NOT_CONVERGED),
        new HeatMapPicture.Cell(Double.NaN, "", HeatMapPicture.Mark.DISAGREES)}};
    BufferedImage image = HeatMapPicture.draw("t", "s", "layers L", new int[] {64}, "width w", new int[] {8, 16},
        List.of(new HeatMapPicture.Panel("batch 2", cells)), List.of());
    int grey = image.getRGB(HeatMapPicture.LEFT + 6, HeatMapPicture.TOP + 10) & 0xffffff;
    assertEquals(0xbcbcbc, grey, Integer.toHexString(grey));
  }

  @Test
  void headlineNeedsThePapersSpeedupForItsPass() {
    assertTrue(DeepPcrSweep.headline(predicted(SweepCell.Pass.FORWARD, 30.5)));
    assertFalse(DeepPcrSweep.headline(predicted(SweepCell.Pass.FORWARD, 29.5)));
    assertFalse(DeepPcrSweep.headline(predicted(SweepCell.Pass.BACKWARD, 199)));
    assertTrue(DeepPcrSweep.headline(predicted(SweepCell.Pass.BACKWARD, 201)));
    String summary = SweepReport.headlineSummary(List.of(predicted(SweepCell.Pass.FORWARD, 31)));
    assertTrue(summary.contains("H100 SXM forward, paper's >= 30×: holds at L=4096 w=4 B=1 (31×)"), summary);
    assertTrue(summary.contains("H100 SXM backward, paper's >= 200×: nowhere on this grid"), summary);
  }

  private static SweepCell predicted(SweepCell.Pass pass, double speedup) {
    return new SweepCell(4096, 4, 1, pass, "H100 SXM", speedup * 1e-4, 1e-4, 2, true, 0, true);
  }

  @Test
  void colourScaleIsWhiteAtTheCrossover() {
    assertEquals(0xffffff, HeatMapPicture.colour(1).getRGB() & 0xffffff);
    assertTrue(HeatMapPicture.colour(0.01).getRed() > HeatMapPicture.colour(0.01).getBlue());
    assertTrue(HeatMapPicture.colour(100).getBlue() > HeatMapPicture.colour(100).getRed());
    assertEquals(HeatMapPicture.colour(1e3), HeatMapPicture.colour(1e6), "saturates beyond 1000×");
    assertEquals("0.018×", HeatMapPicture.speedup(0.0181));
    assertEquals("2.6×", HeatMapPicture.speedup(2.6));
    assertEquals("216×", HeatMapPicture.speedup(216.2));
  }
}
