package io.jkernels.pipelines.table;

import java.util.List;
import java.util.Objects;

/**
 * One column of a {@link Table}: a name and one value per row, all of one kind. No nulls: a missing number is NaN,
 * as in Spatial LibriSpeech's own metadata.
 */
public sealed interface Column {
  String name();

  int rows();

  /** float64 values. */
  record Doubles(String name, double[] values) implements Column {
    public Doubles {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int rows() {
      return values.length;
    }
  }

  /** int64 values. */
  record Longs(String name, long[] values) implements Column {
    public Longs {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int rows() {
      return values.length;
    }
  }

  /** UTF-8 strings. */
  record Strings(String name, List<String> values) implements Column {
    public Strings {
      Objects.requireNonNull(name, "name");
      values = List.copyOf(values);
    }

    @Override
    public int rows() {
      return values.size();
    }
  }

  /** A float64 list per row (per-band acoustics: 33 third-octave values); lists may differ in length, none empty. */
  record DoubleLists(String name, List<double[]> values) implements Column {
    public DoubleLists {
      Objects.requireNonNull(name, "name");
      values = List.copyOf(values);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).length == 0) {
          throw new IllegalArgumentException(name + "[" + i + "]: expected a non-empty list");
        }
      }
    }

    @Override
    public int rows() {
      return values.size();
    }
  }
}
