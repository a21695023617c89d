package io.jkernels.pipelines.act;

/** Told how far a long pass over an activation file has got. */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} rows of {@code phase} (e.g. "source", "apply") are processed. */
  void update(String phase, long done, long total);

  Progress NONE = (phase, done, total) -> { };
}
