package io.jkernels.pipelines.sls;

/** Told after each sample; implementations print a progress bar (the CLI) or nothing. */
@FunctionalInterface
public interface GeneratorProgress {
  /**
   * @param done samples finished (rendered or verified) of {@code total} in this run
   * @param rendered how many of them were rendered now (the rest were complete already)
   * @param audioSeconds seconds of audio rendered now
   * @param elapsedNanos time since the run began
   */
  void update(long done, long total, long rendered, double audioSeconds, long elapsedNanos);

  GeneratorProgress NONE = (done, total, rendered, audioSeconds, elapsedNanos) -> { };

  /** "[#####.....] 42/100 samples  3.1/s  112x real time  ETA 0:00:19", one line per half second at most. */
  static GeneratorProgress bar(java.io.PrintWriter err) {
    return new GeneratorProgress() {
      private long last;

      @Override
      public synchronized void update(long done, long total, long rendered, double audioSeconds, long elapsed) {
        long now = System.nanoTime();
        if (done != total && now - last < 500_000_000L) {
          return;
        }
        last = now;
        double s = elapsed / 1e9;
        int width = 30;
        int fill = total == 0 ? width : (int) (width * done / total);
        double rate = s > 0 ? done / s : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        err.printf(java.util.Locale.ROOT, "  [%s%s] %d/%d samples  %.1f/s  %.0fx real time  ETA %d:%02d:%02d%n",
            "#".repeat(fill), ".".repeat(width - fill), done, total, rate, s > 0 ? audioSeconds / s : 0.0,
            eta / 3600, eta / 60 % 60, eta % 60);
        err.flush();
      }
    };
  }
}
