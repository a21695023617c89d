package io.jkernels.pipelines.deeppcr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The UCI optical-recognition handwritten digits as scikit-learn ships them ({@code load_digits}: 1797 samples of
 * 8×8 pixel counts 0..16, ten classes), read from the gzipped CSV that Debian's {@code python3-sklearn} package
 * installs ({@value #DEBIAN_PATH}): one sample per line, 64 integer pixel values then the digit. Read in Java (no
 * Python needed) and defensively: the decompressed text is capped at {@value #MAX_TEXT_BYTES} bytes, every line
 * must have exactly 65 fields, every pixel must be a whole number in 0..16 and every label 0..9; anything else is an
 * {@link IOException} naming the file and the line. Features are scaled to [0, 1] (pixel / 16).
 */
public final class DigitsDataset {
  /** Where Debian's python3-sklearn puts the file. */
  public static final String DEBIAN_PATH = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  /** The Debian package that ships it. */
  public static final String DEBIAN_PACKAGE = "python3-sklearn";
  /** 8×8 pixels. */
  public static final int FEATURES = 64;
  /** The digits 0..9. */
  public static final int CLASSES = 10;
  /** Largest pixel count: each pixel counts set bits in a 4×4 block of the 32×32 bitmap. */
  static final int MAX_PIXEL = 16;
  /** The real file decompresses to about 270 kB; anything this large is not it. */
  static final int MAX_TEXT_BYTES = 16 << 20;
  /** No more samples than this are read (the real file has 1797). */
  static final int MAX_SAMPLES = 100_000;

  private DigitsDataset() {}

  /** The Debian file's path. */
  public static Path defaultPath() {
    return Path.of(DEBIAN_PATH);
  }

  /** Whether the Debian file is installed here. */
  public static boolean installed() {
    return Files.isRegularFile(defaultPath());
  }

  /** Reads {@link #defaultPath()}. */
  public static LabelledSamples load() throws IOException {
    return load(defaultPath());
  }

  /**
   * Reads a digits CSV ({@code .csv.gz}, gzipped).
   *
   * @throws NoSuchFileException naming the path and the Debian package when the file is missing
   * @throws IOException naming the path (and line) when it cannot be read or is not a digits CSV
   */
  public static LabelledSamples load(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "the handwritten digits data set is not there; it ships"
          + " with Debian's " + DEBIAN_PACKAGE + " package (apt-get install --no-install-recommends "
          + DEBIAN_PACKAGE + ")");
    }
    byte[] text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
      text = in.readNBytes(MAX_TEXT_BYTES + 1);
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException(path + ": not a complete gzip file (" + e.getMessage() + ")", e);
    }
    if (text.length > MAX_TEXT_BYTES) {
      throw new IOException(path + ": decompresses to more than " + MAX_TEXT_BYTES + " bytes; not the digits CSV");
    }
    return parse(new String(text, StandardCharsets.US_ASCII), path.toString());
  }

  /** Parses the CSV text; {@code source} names it in errors. */
  static LabelledSamples parse(String text, String source) throws IOException {
    String[] lines = text.split("\r?\n", -1);
    int samples = 0;
    for (String line : lines) {
      samples += line.isBlank() ? 0 : 1;
    }
    if (samples == 0) {
      throw new IOException(source + ": no samples");
    }
    if (samples > MAX_SAMPLES) {
      throw new IOException(source + ": " + samples + " lines, more than the " + MAX_SAMPLES + " accepted");
    }
    float[] features = new float[samples * FEATURES];
    int[] labels = new int[samples];
    int s = 0;
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      String[] fields = lines[n].split(",", -1);
      if (fields.length != FEATURES + 1) {
        throw new IOException(source + ":" + (n + 1) + ": " + fields.length + " fields, expected " + (FEATURES + 1)
            + " (64 pixels, then the digit)");
      }
      for (int j = 0; j < FEATURES; j++) {
        features[s * FEATURES + j] = whole(fields[j], MAX_PIXEL, source, n, "pixel " + j) / (float) MAX_PIXEL;
      }
      labels[s] = whole(fields[FEATURES], CLASSES - 1, source, n, "label");
      s++;
    }
    return new LabelledSamples(features, labels, FEATURES, CLASSES);
  }

  /** A whole number in 0..max, written as "7" or "7.0" (scikit-learn's CSV files use both forms). */
  private static int whole(String field, int max, String source, int line, String what) throws IOException {
    String f = field.strip();
    double v;
    try {
      v = f.length() > 24 ? Double.NaN : Double.parseDouble(f);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v >= 0 && v <= max) || v != Math.rint(v)) {
      throw new IOException(source + ":" + (line + 1) + ": " + what + " is '" + (f.length() > 24 ? f.substring(0, 24)
          + "..." : f) + "', expected a whole number 0.." + max);
    }
    return (int) v;
  }
}
