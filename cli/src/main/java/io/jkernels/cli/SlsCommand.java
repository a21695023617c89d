package io.jkernels.cli;

import io.jkernels.pipelines.audio.SampleFormat;
import io.jkernels.pipelines.sls.GeneratorConfig;
import io.jkernels.pipelines.sls.GeneratorProgress;
import io.jkernels.pipelines.sls.JobSpec;
import io.jkernels.pipelines.sls.Renderers;
import io.jkernels.pipelines.sls.SlsGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jkernels sls}: Spatial LibriSpeech-style data sets from a folder of speech. */
@Command(name = "sls", mixinStandardHelpOptions = true,
    description = "Spatial LibriSpeech-style data sets: FOA (AmbiX) speech, noise and mix with labels.",
    subcommands = {SlsCommand.Generate.class, SlsCommand.Config.class})
final class SlsCommand {

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Render a data set (or one shard of it); complete samples are skipped, so rerunning resumes.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--speech", required = true,
        description = "Folder (searched recursively) or list file of WAV/FLAC speech.")
    Path speech;

    @Option(names = "--noise", description = "Folder or list file of WAV/FLAC noise (none: no noise or mix files).")
    Path noise;

    @Option(names = {"-o", "--out"}, required = true, description = "Output folder.")
    Path out;

    @Option(names = "--config", description = "JSON overriding the default distributions (see `jkernels sls config`).")
    Path config;

    @Option(names = "--seed", defaultValue = "0", description = "Seed; sample i depends only on (seed, i). Default 0.")
    long seed;

    @Option(names = "--count", defaultValue = "0",
        description = "Samples in the data set (default: one per speech file).")
    long count;

    @Option(names = "--shard", defaultValue = "0/1", description = "k/n: render the k-th of n contiguous index ranges.")
    String shard;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--split", defaultValue = "train", description = "Split name, the first folder under --out.")
    String split;

    @Option(names = "--renderer", description = "Scene renderer: ${COMPLETION-CANDIDATES}.",
        completionCandidates = RendererNames.class)
    String renderer;

    @Option(names = "--order", description = "Also write order-N AmbiX under hoa/ (N > 1).")
    Integer order;

    @Option(names = "--array", description = "Also write the array audio under array/.")
    boolean array;

    @Option(names = "--format", description = "Sample format: pcm16, pcm24, pcm32, float32 (default from config).")
    String format;

    @Option(names = "--directivity",
        description = "Talker pattern: omni, cardioid (default), supercardioid, hypercardioid, speech (slower).")
    String directivity;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      GeneratorConfig cfg = config == null ? GeneratorConfig.defaults() : GeneratorConfig.load(config);
      if (order != null || array || format != null || directivity != null) {
        cfg = new GeneratorConfig(cfg.floorArea(), cfg.aspectRatio(), cfg.height(), cfg.absorption(),
            cfg.sourceDistance(), cfg.sourceElevation(), cfg.speakingAzimuth(), cfg.speakingElevation(),
            cfg.speechLevel(), cfg.snr(), cfg.noiseDistance(), cfg.wallMargin(), cfg.maxRirSeconds(),
            cfg.sampleRate(), order != null ? order : cfg.order(), array || cfg.array(),
            format != null ? SampleFormat.parse(format) : cfg.format(),
            directivity != null ? directivity : cfg.directivity());
      }
      String[] kn = shard.split("/");
      if (kn.length != 2) {
        throw new IllegalArgumentException("--shard: expected k/n, got '" + shard + "'");
      }
      int k;
      int n;
      try {
        k = Integer.parseInt(kn[0].strip());
        n = Integer.parseInt(kn[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--shard: expected k/n with integers, got '" + shard + "'");
      }
      JobSpec job = new JobSpec(speech.toString(), noise == null ? null : noise.toString(), out.toString(),
          cfg.toJson(), seed, count, split);
      String name = renderer == null ? Renderers.defaultName() : renderer;
      int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      err.printf(Locale.ROOT, "sls: renderer %s, shard %d/%d, %d threads%n", name, k, n, t);
      SlsGenerator.Summary s = SlsGenerator.run(job, Renderers.byName(name, null), k, n, t, GeneratorProgress.bar(err));
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.ROOT,
          "%d samples (%d rendered, %d already complete), %.1f s of audio in %.1f s: %.1fx real time%n",
          s.samples(), s.rendered(), s.samples() - s.rendered(), s.audioSeconds(), s.wallSeconds(), s.realTimeFactor());
      o.println("metadata: " + s.metadata());
      o.flush();
      return 0;
    }
  }

  @Command(name = "config", mixinStandardHelpOptions = true,
      description = "Print the default config as JSON, and where each default comes from.")
  static final class Config implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      o.print(GeneratorConfig.defaults().toJson());
      o.println();
      o.print(GeneratorConfig.defaults().describe());
      o.flush();
      return 0;
    }
  }

  static final class RendererNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Renderers.names().iterator();
    }
  }
}
