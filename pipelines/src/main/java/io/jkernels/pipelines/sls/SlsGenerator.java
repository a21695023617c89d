package io.jkernels.pipelines.sls;

import io.jkernels.internal.AtomicFiles;
import io.jkernels.pipelines.table.CsvWriter;
import io.jkernels.pipelines.table.ParquetWriter;
import io.jkernels.pipelines.table.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Builds a Spatial LibriSpeech-style data set on this machine: the samples of one shard rendered on a pool of
 * threads (all cores by default), complete samples skipped, then one metadata table for the shard as Parquet and
 * CSV ({@code metadata.parquet}, or {@code metadata.shard-k-of-n.parquet} for a shard of several).
 *
 * <p>The job's identity ({@code job.json}: config, seed, count, split, and a fingerprint of the speech and noise
 * lists) is written first; a later run into the same folder with a different identity is refused instead of
 * mixing two data sets.
 */
public final class SlsGenerator {
  private SlsGenerator() {}

  /** What a run did. */
  public record Summary(long samples, long rendered, double audioSeconds, double wallSeconds, Path metadata) {
    /** Seconds of audio rendered per second of wall time (0 when nothing was rendered). */
    public double realTimeFactor() {
      return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
    }
  }

  public static Summary run(JobSpec spec, SceneRenderer renderer, int shard, int shards, int threads,
      GeneratorProgress progress) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    SampleRenderer samples = new SampleRenderer(spec, renderer);
    long[] range = JobSpec.shard(samples.count(), shard, shards);
    writeIdentity(spec, samples);
    long n = range[1] - range[0];
    List<Map<String, Object>> rows = new ArrayList<>(Math.toIntExact(n));
    rows.addAll(java.util.Collections.nCopies((int) n, null));
    AtomicLong done = new AtomicLong();
    AtomicLong rendered = new AtomicLong();
    DoubleAdder seconds = new DoubleAdder();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sls-sample");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (long i = range[0]; i < range[1]; i++) {
        long index = i;
        futures.add(pool.submit(() -> {
          SampleRenderer.Result res = samples.sample(index);
          rows.set((int) (index - range[0]), res.row());
          if (res.rendered()) {
            rendered.incrementAndGet();
            seconds.add(res.seconds());
          }
          progress.update(done.incrementAndGet(), n, rendered.get(), seconds.sum(), System.nanoTime() - start);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    String name = shards == 1 ? "metadata" : String.format(Locale.ROOT, "metadata.shard-%d-of-%d", shard, shards);
    Path meta = writeTable(samples.folder(), name, rows, spec);
    return new Summary(n, rendered.get(), seconds.sum(), (System.nanoTime() - start) / 1e9, meta);
  }

  /** Writes {@code name}.parquet and {@code name}.csv for {@code rows} (in sample order) into {@code folder}. */
  public static Path writeTable(Path folder, String name, List<Map<String, Object>> rows, JobSpec spec)
      throws IOException {
    Table table = MetadataSchema.table(rows);
    Path parquet = folder.resolve(name + ".parquet");
    ParquetWriter.write(parquet, table, Map.of("jkernels.sls.seed", Long.toString(spec.seed()),
        "jkernels.sls.config", spec.configJson()));
    CsvWriter.write(folder.resolve(name + ".csv"), table);
    return parquet;
  }

  /** job.json: written on the first run, compared on every later one (a cluster driver calls it once). */
  public static void writeIdentity(JobSpec spec, SampleRenderer samples) throws IOException {
    String identity = identity(spec, samples);
    Path f = samples.folder().resolve("job.json");
    if (Files.isRegularFile(f)) {
      String old = Files.readString(f, StandardCharsets.UTF_8);
      if (!old.equals(identity)) {
        throw new IllegalArgumentException(samples.folder() + " holds samples of a different job (config, seed, "
            + "count or inputs differ; see its job.json): use a new output folder");
      }
      return;
    }
    AtomicFiles.write(f, ".part", tmp -> Files.writeString(tmp, identity, StandardCharsets.UTF_8));
  }

  static String identity(JobSpec spec, SampleRenderer samples) {
    return String.format(Locale.ROOT, "{\n\"seed\": %d,\n\"count\": %d,\n\"split\": \"%s\",\n\"speech\": \"%s\",\n"
        + "\"noise\": \"%s\",\n\"config\": %s}\n", spec.seed(), samples.count(), spec.split(),
        samples.speech().fingerprint(), samples.noise() == null ? "" : samples.noise().fingerprint(),
        spec.configJson().strip());
  }
}
