package io.jkernels.spark;

import io.jkernels.pipelines.sls.FreeFieldRenderer;
import io.jkernels.pipelines.sls.GeneratorConfig;
import io.jkernels.pipelines.sls.JobSpec;
import io.jkernels.pipelines.sls.Renderers;
import io.jkernels.pipelines.sls.SampleRenderer;
import io.jkernels.pipelines.sls.SlsGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spatial LibriSpeech-style generator as a Spark job: partition k of n renders the contiguous index range
 * {@link JobSpec#shard}(count, k, n) with the same {@link SampleRenderer} the local generator uses, into the same
 * output folder (a file system every executor sees: local disk for {@code local[*]} and a one-machine cluster, a
 * shared mount otherwise); the driver collects the rows and writes one metadata table. Sample i depends only on
 * the job and i, so the files, the rows and the table are byte-identical to {@link SlsGenerator}'s for the same
 * job; complete samples are skipped as there, so a failed or repeated job resumes.
 */
public final class SparkSls {
  private SparkSls() {}

  /** One sample's outcome, shipped from an executor to the driver. */
  public record Row(long index, LinkedHashMap<String, Object> row, boolean rendered, double seconds)
      implements Serializable {}

  /** Runs the job on {@code sc} in {@code partitions} index ranges; returns the same summary as a local run. */
  public static SlsGenerator.Summary run(JavaSparkContext sc, JobSpec spec, String renderer, int partitions)
      throws IOException {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions: expected >= 1, got " + partitions);
    }
    if (!Renderers.names().contains(renderer)) { // fail on the driver for a bad name, not in every task
      throw new IllegalArgumentException("renderer: expected one of " + Renderers.names() + ", got '" + renderer + "'");
    }
    long start = System.nanoTime();
    // The driver never renders: it lists the inputs, fixes the count and writes the job's identity.
    SampleRenderer driver = new SampleRenderer(spec, new FreeFieldRenderer());
    SlsGenerator.writeIdentity(spec, driver);
    long count = driver.count();
    List<Row> rows = new ArrayList<>(sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
        .mapPartitions(ks -> renderPartitions(spec, renderer, count, partitions, ks)).collect());
    rows.sort(Comparator.comparingLong(Row::index));
    List<Map<String, Object>> table = new ArrayList<>();
    long rendered = 0;
    double seconds = 0;
    for (Row r : rows) {
      table.add(r.row());
      if (r.rendered()) {
        rendered++;
        seconds += r.seconds();
      }
    }
    if (table.size() != count) {
      throw new IllegalStateException("collected " + table.size() + " rows for " + count + " samples");
    }
    Path meta = SlsGenerator.writeTable(driver.folder(), "metadata", table, spec);
    return new SlsGenerator.Summary(count, rendered, seconds, (System.nanoTime() - start) / 1e9, meta);
  }

  private static Iterator<Row> renderPartitions(JobSpec spec, String renderer, long count, int partitions,
      Iterator<Integer> ks) {
    List<Row> out = new ArrayList<>();
    SampleRenderer samples = Executors.samples(spec, renderer);
    while (ks.hasNext()) {
      long[] range = JobSpec.shard(count, ks.next(), partitions);
      for (long i = range[0]; i < range[1]; i++) {
        try {
          SampleRenderer.Result r = samples.sample(i);
          out.add(new Row(i, new LinkedHashMap<>(r.row()), r.rendered(), r.seconds()));
        } catch (IOException e) {
          throw new UncheckedIOException("sample " + i, e);
        }
      }
    }
    return out.iterator();
  }

  /** Per executor JVM: one sample renderer per job (the inputs listed once), on the process-wide kernel context. */
  static final class Executors {
    private static final Map<JobSpec, SampleRenderer> BY_JOB = new ConcurrentHashMap<>();

    static SampleRenderer samples(JobSpec spec, String renderer) {
      return BY_JOB.computeIfAbsent(spec, s -> {
        try {
          return new SampleRenderer(s, Renderers.byName(renderer, null));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /**
   * {@code SparkSls --master URL --speech DIR --out DIR [--noise DIR] [--count N] [--seed S] [--partitions P]
   * [--renderer NAME] [--config JSON] [--split NAME]}: for spark-submit and scripts/standalone-cluster.sh.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (!a.containsKey("speech") || !a.containsKey("out")) {
      throw new IllegalArgumentException("usage: SparkSls --master URL --speech DIR --out DIR [--noise DIR] "
          + "[--count N] [--seed S] [--partitions P] [--renderer NAME] [--config JSON] [--split NAME]");
    }
    GeneratorConfig cfg = a.containsKey("config") ? GeneratorConfig.load(Path.of(a.get("config")))
        : GeneratorConfig.defaults();
    JobSpec spec = new JobSpec(Path.of(a.get("speech")).toAbsolutePath().toString(),
        a.containsKey("noise") ? Path.of(a.get("noise")).toAbsolutePath().toString() : null,
        Path.of(a.get("out")).toAbsolutePath().toString(), cfg.toJson(), Long.parseLong(a.getOrDefault("seed", "0")),
        Long.parseLong(a.getOrDefault("count", "0")), a.getOrDefault("split", "train"));
    SparkConf conf = new SparkConf().setAppName("jkernels-sls");
    if (a.containsKey("master")) {
      conf.setMaster(a.get("master"));
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      SlsGenerator.Summary s = run(sc, spec, a.getOrDefault("renderer", Renderers.defaultName()),
          Integer.parseInt(a.getOrDefault("partitions", "4")));
      System.out.printf(Locale.ROOT, "%d samples (%d rendered), %.1f s of audio in %.1f s: %.1fx real time%n"
          + "metadata: %s%n", s.samples(), s.rendered(), s.audioSeconds(), s.wallSeconds(), s.realTimeFactor(),
          s.metadata());
    }
    // Library and Spark pools idle out only after a minute; the job is done, so the JVM need not wait for them.
    System.exit(0);
  }
}
