package io.jkernels.pipelines.deeppcr;

import java.util.Random;

/**
 * A fixed, seeded split of a data set into training and test samples: a Fisher–Yates shuffle of the sample indices
 * by {@code new Random(seed)}, the first {@code round(count × testFraction)} to the test set, the rest to training.
 * The same seed gives the same split on every machine (java.util.Random is specified bit for bit).
 */
public record TrainTestSplit(LabelledSamples train, LabelledSamples test) {
  /** The split the training pipeline uses unless told otherwise: 20 % of the samples held out. */
  public static final double DEFAULT_TEST_FRACTION = 0.2;

  /** Seed of the split the pipeline, its tests and the report use (independent of the training seed). */
  public static final long DEFAULT_SEED = 13;

  /** Splits {@code all}; both parts keep at least one sample. */
  public static TrainTestSplit of(LabelledSamples all, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
    }
    int n = all.count();
    int test = (int) Math.round(n * testFraction);
    if (test < 1 || test > n - 1) {
      throw new IllegalArgumentException(n + " samples cannot be split " + testFraction
          + " into two non-empty parts");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new TrainTestSplit(all.rows(java.util.Arrays.copyOfRange(order, test, n)),
        all.rows(java.util.Arrays.copyOfRange(order, 0, test)));
  }
}
