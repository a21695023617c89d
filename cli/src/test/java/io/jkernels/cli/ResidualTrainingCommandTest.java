package io.jkernels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.pipelines.deeppcr.LossCurveCsv;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jkernels deeppcr --train-resnet}: a tiny run prints both loss curves and the verdict and writes the CSV and
 * PNG as new files; bad flags are usage errors. Skipped, not passed, where python3-sklearn's digits file is missing.
 */
class ResidualTrainingCommandTest {
  @TempDir
  Path dir;

  private static void assumeDigits() {
    DigitsPeer.assumeInstalled();
  }

  @Test
  void tinyRunPrintsBothCurvesAndWritesNewFiles() throws Exception {
    assumeDigits();
    Path out = dir.resolve("curves");
    String[] args = {"deeppcr", "--train-resnet", "--backend", "scalar", "--resnet-layers", "4", "--resnet-width", "8",
        "--resnet-steps", "6", "--resnet-batch", "16", "--out", out.toString()};
    CliTest.Run r = CliTest.run(args);
    assertEquals(0, r.code(), r.out() + r.err());
    for (String line : new String[] {"residual training on scalar", "1438 train / 359 test", "loss deeppcr",
        "loss backprop", "first step (same parameters)", "max over steps", "ok", "test accuracy after 6 steps",
        "Newton iterations per step", "speed ratio", "wrote "}) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
    List<Path> csv = files(out, ".csv");
    List<Path> png = files(out, ".png");
    assertEquals(1, csv.size());
    assertEquals(1, png.size());
    List<String> rows = Files.readAllLines(csv.get(0));
    assertEquals(LossCurveCsv.HEADER, rows.get(0));
    assertEquals(1 + 1 + 6, rows.size(), "header, step 0 (accuracies before training), 6 steps");
    BufferedImage img = ImageIO.read(png.get(0).toFile());
    assertEquals(LossCurvePlot.WIDTH, img.getWidth());
    byte[] first = Files.readAllBytes(csv.get(0));

    CliTest.Run again = CliTest.run(args); // the same second, very likely: a "-2" name, the first file untouched
    assertEquals(0, again.code(), again.out() + again.err());
    assertEquals(2, files(out, ".csv").size(), "a second run adds files: " + files(out, ".csv"));
    assertEquals(2, files(out, ".png").size());
    assertArrayEquals(first, Files.readAllBytes(csv.get(0)));
    assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary left");
  }

  private static List<Path> files(Path dir, String ext) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(ext)).sorted().toList();
    }
  }

  @Test
  void newFilesNeverReplaceOne() throws Exception {
    Path a = NewFiles.write(dir, "x", ".txt", new byte[] {1});
    Path b = NewFiles.write(dir, "x", ".txt", new byte[] {2});
    assertNotEquals(a, b);
    assertEquals("x.txt", a.getFileName().toString());
    assertEquals("x-2.txt", b.getFileName().toString());
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(a));
    assertArrayEquals(new byte[] {2}, Files.readAllBytes(b));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(2, s.count(), "no temporary file left");
    }
  }

  @Test
  void badFlagsAreUsageErrors() throws Exception {
    CliTest.Run r = CliTest.run("deeppcr", "--train-resnet", "--resnet-layers", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--resnet-layers"), r.err());
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    r = CliTest.run("deeppcr", "--train-resnet", "--out", file.resolve("sub").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--out") && r.err().contains("not a writable folder"), r.err());
    assumeDigits();
    r = CliTest.run("deeppcr", "--train-resnet", "--resnet-batch", "5000", "--resnet-layers", "2");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--resnet-batch 5000 is more than the 1438 training samples"), r.err());
  }

  @Test
  void helpListsTheResnetFlags() {
    CliTest.Run r = CliTest.run("deeppcr", "--help");
    for (String flag : new String[] {"--train-resnet", "--resnet-layers", "--resnet-width", "--resnet-steps",
        "--resnet-batch", "--out"}) {
      assertTrue(r.out().contains(flag), flag);
    }
  }
}
