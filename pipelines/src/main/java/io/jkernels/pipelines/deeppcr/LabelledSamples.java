package io.jkernels.pipelines.deeppcr;

/**
 * A classification data set in memory: {@code count} samples of {@code featureCount} floats each (sample s at
 * {@code s*featureCount}), a label in {@code [0, classCount)} per sample. The arrays are owned by the record (no
 * copies are made; callers do not modify them).
 */
public record LabelledSamples(float[] features, int[] labels, int featureCount, int classCount) {
  public LabelledSamples {
    if (featureCount < 1 || classCount < 2) {
      throw new IllegalArgumentException("featureCount must be >= 1 and classCount >= 2, got " + featureCount
          + ", " + classCount);
    }
    if ((long) labels.length * featureCount != features.length) {
      throw new IllegalArgumentException("features has length " + features.length + ", expected samples×features = "
          + labels.length + "×" + featureCount);
    }
    for (int s = 0; s < labels.length; s++) {
      if (labels[s] < 0 || labels[s] >= classCount) {
        throw new IllegalArgumentException("labels[" + s + "] is " + labels[s] + ", expected 0.." + (classCount - 1));
      }
    }
  }

  /** Number of samples. */
  public int count() {
    return labels.length;
  }

  /** The samples at {@code rows} (in that order), as a new data set. */
  public LabelledSamples rows(int[] rows) {
    float[] f = new float[Math.multiplyExact(rows.length, featureCount)];
    int[] l = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(features, rows[i] * featureCount, f, i * featureCount, featureCount);
      l[i] = labels[rows[i]];
    }
    return new LabelledSamples(f, l, featureCount, classCount);
  }
}
