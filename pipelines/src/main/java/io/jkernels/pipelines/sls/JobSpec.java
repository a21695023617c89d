package io.jkernels.pipelines.sls;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything that determines a data set, in plain serialisable values (so a cluster job can ship it to its
 * workers): input lists, output folder, the config as JSON, the seed, the sample count and the split name.
 * Sample {@code i} of a job is a function of this record and {@code i} alone.
 *
 * @param speech folder or list file of speech
 * @param noise folder or list file of noise, or null for none
 * @param out output folder
 * @param configJson {@link GeneratorConfig#toJson()}
 * @param count samples in the whole data set (0: one per speech file)
 * @param split the split name, the first folder under {@code out} (Spatial LibriSpeech: train, test)
 */
public record JobSpec(String speech, String noise, String out, String configJson, long seed, long count,
    String split) implements Serializable {
  public JobSpec {
    Objects.requireNonNull(speech, "speech");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(configJson, "configJson");
    Objects.requireNonNull(split, "split");
    if (count < 0) {
      throw new IllegalArgumentException("count: expected >= 0, got " + count);
    }
    if (!split.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("split: expected letters, digits, '_', '-' or '.', got '" + split + "'");
    }
  }

  public GeneratorConfig config() {
    return GeneratorConfig.fromJson(configJson);
  }

  /** The indices {@code [from, to)} of shard {@code k} of {@code n} (contiguous, as a cluster's partitions). */
  public static long[] shard(long count, int k, int n) {
    if (n < 1 || k < 0 || k >= n) {
      throw new IllegalArgumentException("shard: expected k/n with 0 <= k < n, got " + k + "/" + n);
    }
    return new long[] {Math.floorDiv(count * k, n), Math.floorDiv(count * (k + 1), n)};
  }
}
