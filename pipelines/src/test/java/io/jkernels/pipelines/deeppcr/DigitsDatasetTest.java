package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digits reader on Debian's real file (skipped, not passed, where python3-sklearn is missing; .ci/run installs
 * it) and on small hand-made files, good and bad.
 */
class DigitsDatasetTest {
  @TempDir
  Path dir;

  @Test
  void readsDebiansFile() throws IOException {
    DigitsPeer.assumeInstalled();
    LabelledSamples d = DigitsDataset.load();
    // scikit-learn's load_digits: 1797 samples of 64 pixels, ten classes of 174..183 samples each.
    assertEquals(1797, d.count());
    assertEquals(64, d.featureCount());
    int[] perClass = new int[10];
    for (int label : d.labels()) {
      perClass[label]++;
    }
    for (int k = 0; k < 10; k++) {
      assertTrue(perClass[k] >= 170 && perClass[k] <= 190, "class " + k + ": " + perClass[k]);
    }
    float max = 0;
    for (float f : d.features()) {
      assertTrue(f >= 0 && f <= 1, "scaled to [0, 1]: " + f);
      max = Math.max(max, f);
    }
    assertEquals(1f, max, "some pixel counts reach 16");
  }

  private Path gz(String text) throws IOException {
    Path p = Files.createTempFile(dir, "digits", ".csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    return p;
  }

  private static String row(int fill, String label) {
    return (String.valueOf(fill) + ",").repeat(64) + label;
  }

  @Test
  void readsASmallFileInBothNumberForms() throws IOException {
    LabelledSamples d = DigitsDataset.load(gz(row(8, "3") + "\n" + row(16, "9.0") + "\r\n\n"));
    assertEquals(2, d.count());
    assertEquals(3, d.labels()[0]);
    assertEquals(9, d.labels()[1]);
    assertEquals(0.5f, d.features()[0]);
    assertEquals(1f, d.features()[64 + 63]);
  }

  @Test
  void aMissingFileNamesThePathAndThePackage() {
    Path missing = dir.resolve("nope.csv.gz");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DigitsDataset.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("python3-sklearn"),
        e.getMessage());
  }

  @Test
  void badFilesAreRefusedNamingTheLine() throws IOException {
    String good = row(1, "0") + "\n";
    String[][] cases = {
        {good + row(1, "0") + ",5\n", ":2: 66 fields"},
        {good + row(17, "0") + "\n", ":2: pixel 0 is '17'"},
        {good + row(1, "10") + "\n", ":2: label is '10'"},
        {good + row(1, "x") + "\n", ":2: label is 'x'"},
        {good + row(1, "2.5") + "\n", ":2: label is '2.5'"},
        {good + row(1, "NaN") + "\n", ":2: label is 'NaN'"},
        {"\n\n", "no samples"},
    };
    for (String[] c : cases) {
      IOException e = assertThrows(IOException.class, () -> DigitsDataset.load(gz(c[0])), c[1]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
    }
    Path notGzip = Files.writeString(dir.resolve("plain.csv.gz"), good);
    IOException e = assertThrows(IOException.class, () -> DigitsDataset.load(notGzip));
    assertTrue(e.getMessage().contains("plain.csv.gz"), e.getMessage());
  }

  @Test
  void theSplitIsSeededDisjointAndComplete() {
    int n = 50;
    float[] f = new float[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = i; // the feature is the sample's index, so each side can be traced back
      labels[i] = i % 3;
    }
    LabelledSamples all = new LabelledSamples(f, labels, 1, 3);
    TrainTestSplit a = TrainTestSplit.of(all, 0.2, 5);
    TrainTestSplit b = TrainTestSplit.of(all, 0.2, 5);
    TrainTestSplit c = TrainTestSplit.of(all, 0.2, 6);
    assertEquals(10, a.test().count());
    assertEquals(40, a.train().count());
    assertTrue(java.util.Arrays.equals(a.test().features(), b.test().features()), "same seed, same split");
    assertTrue(!java.util.Arrays.equals(a.test().features(), c.test().features()), "another seed, another split");
    boolean[] seen = new boolean[n];
    for (LabelledSamples part : new LabelledSamples[] {a.train(), a.test()}) {
      for (int s = 0; s < part.count(); s++) {
        int i = (int) part.features()[s];
        assertTrue(!seen[i], "sample " + i + " twice");
        seen[i] = true;
        assertEquals(i % 3, part.labels()[s], "labels travel with their sample");
      }
    }
  }

  @Test
  void miniBatchesAreDistinctAndCoverEachEpoch() {
    MiniBatches m = new MiniBatches(10, 3, 1);
    boolean[] seen = new boolean[10];
    for (int k = 0; k < 3; k++) { // one epoch: 3 batches of 3, the 10th sample dropped
      for (int i : m.next()) {
        assertTrue(!seen[i], "sample " + i + " twice in an epoch");
        seen[i] = true;
      }
    }
    assertEquals(3, m.next().length);
    assertThrows(IllegalArgumentException.class, () -> new MiniBatches(10, 11, 1));
  }
}
