package io.jkernels.pipelines.sls;

import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.table.ParquetReadBack;
import java.io.IOException;
import java.nio.file.Path;

/** The active-intensity direction of each sample's FOA file against its labels (tests). */
final class IntensityCheck {
  private IntensityCheck() {}

  /** Angle in degrees between the intensity direction and the labelled direction, per row. */
  static double[] angularErrors(Path split, ParquetReadBack table) throws IOException {
    double[] errors = new double[table.rows.size()];
    for (int i = 0; i < errors.length; i++) {
      long id = table.rows.get(i).getLong("sample_id", 0);
      Audio foa = AudioFiles.read(split.resolve("ambisonics").resolve(String.format("%06d.wav", id)));
      int n = foa.frames();
      float[] s = foa.samples();
      double ix = 0;
      double iy = 0;
      double iz = 0;
      for (int t = 0; t < n; t++) {
        double w = s[t];
        iy += w * s[n + t];
        iz += w * s[2 * n + t];
        ix += w * s[3 * n + t];
      }
      double az = table.rows.get(i).getDouble("speech/azimuth", 0);
      double el = table.rows.get(i).getDouble("speech/elevation", 0);
      double[] label = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
      double norm = Math.sqrt(ix * ix + iy * iy + iz * iz);
      double cos = (ix * label[0] + iy * label[1] + iz * label[2]) / norm;
      errors[i] = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }
    return errors;
  }
}
