package io.jkernels.pipelines.sls;

import java.util.SplittableRandom;

/** A closed interval drawn uniformly; {@code min == max} is a constant. */
public record Range(double min, double max) {
  public Range {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException("range: expected finite min <= max, got [" + min + ", " + max + "]");
    }
  }

  double draw(SplittableRandom rnd) {
    return min == max ? min : min + (max - min) * rnd.nextDouble();
  }

  boolean contains(double v) {
    return v >= min && v <= max;
  }
}
