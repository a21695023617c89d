package io.jkernels.ambisonics;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes small SimpleFreeFieldHRIR SOFA files with jhdf for the loader's tests: a mirror-symmetric synthetic head
 * (a direction's left response is the mirrored direction's right response) on a ring of azimuths, each response a
 * delayed, scaled impulse; {@code edit} may damage any part of the file before it is written.
 */
final class SyntheticSofa {
  static final int DIRECTIONS = 8;
  static final int TAPS = 16;

  /** What the writer puts in the file; tests change fields to make it lie. */
  static final class Content {
    String conventions = "SOFA";
    String sofaConventions = "SimpleFreeFieldHRIR";
    String dataType = "FIR";
    double[][][] ir = ring();
    double[] rate = {48000};
    double[][] source = positions();
    String sourceType = "spherical";
    String sourceUnits = "degree, degree, metre";
    boolean writeSource = true;
  }

  private SyntheticSofa() {}

  static Path write(Path file, Consumer<Content> edit) {
    Content c = new Content();
    edit.accept(c);
    try (WritableHdfFile out = HdfFile.write(file)) {
      out.putAttribute("Conventions", c.conventions);
      out.putAttribute("SOFAConventions", c.sofaConventions);
      out.putAttribute("DataType", c.dataType);
      out.putDataset("Data.IR", c.ir);
      WritableDataset rate = out.putDataset("Data.SamplingRate", c.rate);
      rate.putAttribute("Units", "hertz");
      if (c.writeSource) {
        WritableDataset source = out.putDataset("SourcePosition", c.source);
        source.putAttribute("Type", c.sourceType);
        source.putAttribute("Units", c.sourceUnits);
      }
    }
    return file;
  }

  /** Azimuth of direction d in degrees: a ring of 8, 45° apart (mirror pairs ±45°, ±90°, ±135°). */
  static double azimuthDegrees(int d) {
    return -180 + 45.0 * d;
  }

  static double[][] positions() {
    double[][] p = new double[DIRECTIONS][];
    for (int d = 0; d < DIRECTIONS; d++) {
      p[d] = new double[] {azimuthDegrees(d), 0, 1.2};
    }
    return p;
  }

  /**
   * Left ear: an impulse of gain 1 + 0.5·sin φ at tap 4 − round(3·sin φ), so a source on the left (φ = +90°) is
   * louder and earlier on the left; the right ear is the left one of −φ (a symmetric head).
   */
  static double[][][] ring() {
    double[][][] ir = new double[DIRECTIONS][2][TAPS];
    for (int d = 0; d < DIRECTIONS; d++) {
      double phi = Math.toRadians(azimuthDegrees(d));
      ir[d][0][tap(phi)] = gain(phi);
      ir[d][0][tap(phi) + 5] = 0.25 * Math.cos(phi);
      ir[d][1][tap(-phi)] = gain(-phi);
      ir[d][1][tap(-phi) + 5] = 0.25 * Math.cos(-phi);
    }
    return ir;
  }

  static int tap(double phi) {
    return 4 - (int) Math.round(3 * Math.sin(phi));
  }

  static double gain(double phi) {
    return 1 + 0.5 * Math.sin(phi);
  }
}
