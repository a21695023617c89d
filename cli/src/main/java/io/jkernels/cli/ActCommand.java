package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.AtomicFiles;
import io.jkernels.pipelines.act.ActExample;
import io.jkernels.pipelines.act.ActivationTransport;
import io.jkernels.pipelines.act.ChannelStats;
import io.jkernels.pipelines.act.Progress;
import io.jkernels.pipelines.io.MatrixFile;
import io.jkernels.pipelines.io.MatrixFileWriter;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels act}: activation transport (AcT) on activation files exported from a model: {@code .npy}
 * (float32, 2-D rows×channels) or {@code .safetensors} (a 2-D F32 tensor).
 */
@Command(name = "act", mixinStandardHelpOptions = true,
    description = "Activation transport: fit a map between two activation sets, apply it, or run the worked example.",
    subcommands = {ActCommand.Fit.class, ActCommand.Apply.class, ActCommand.Example.class})
final class ActCommand {
  @Option(names = "--backend", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "cuda, vector or scalar (default: the best available).")
  String backend;

  KernelContext open() {
    return backend == null ? Kernels.open() : Kernels.open(Backend.parse(backend));
  }

  /** Prints "phase: 42% (n/total rows)" at most every half second, and the last line of each phase. */
  static Progress progress(PrintWriter err) {
    return new Progress() {
      private long last;
      private String lastPhase = "";

      @Override
      public void update(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean end = done == total;
        if (end || !phase.equals(lastPhase) || now - last > 500_000_000L) {
          if (total > 1) {
            err.printf(Locale.ROOT, "  %s: %3.0f%% (%d/%d rows)%n", phase, 100.0 * done / Math.max(1, total), done, total);
          } else if (end) {
            err.println("  " + phase + ": done");
          }
          err.flush();
          last = now;
          lastPhase = phase;
        }
      }
    };
  }

  /** Saves a map beside {@code target} under a temporary name, then moves it into place. */
  static void saveAtomically(TransportMap map, Path target) throws IOException {
    AtomicFiles.write(target, ".part.safetensors", map::save);
  }

  /** Fits and saves; returns the map. */
  static TransportMap fit(KernelContext ctx, Path source, String sourceTensor, Path target, String targetTensor,
      Integer channels, Path out, PrintWriter err) throws IOException {
    try (MatrixFile s = MatrixFile.open(source, sourceTensor); MatrixFile t = MatrixFile.open(target, targetTensor)) {
      if (channels != null && (s.channels() != channels || t.channels() != channels)) {
        throw new IllegalArgumentException("--channels " + channels + " but source has " + s.channels()
            + " and target " + t.channels());
      }
      err.println("act fit on " + ctx.backend().id() + ": source " + s + ", target " + t);
      TransportMap map = ActivationTransport.fit(ctx, s, t, progress(err));
      saveAtomically(map, out);
      return map;
    }
  }

  /** Applies a map to a file and writes the output atomically; returns the rows written. */
  static long apply(KernelContext ctx, TransportMap map, Path input, String tensor, Path out, float strength,
      Support support, PrintWriter err) throws IOException {
    try (MatrixFile in = MatrixFile.open(input, tensor)) {
      err.println("act apply on " + ctx.backend().id() + ": " + in + " → " + out + " (λ=" + strength + ", support "
          + support.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
      // A .safetensors input written to a .safetensors output keeps its other tensors and its metadata: the output
      // is the input with the steered tensor's bytes replaced.
      boolean keepOthers = in.tensorName() != null && MatrixFile.Format.of(out) == MatrixFile.Format.SAFETENSORS;
      try (MatrixFileWriter w = keepOthers ? MatrixFileWriter.replacingTensor(out, in)
          : MatrixFileWriter.create(out, in.rows(), in.channels(),
              in.tensorName() != null ? in.tensorName() : "activations")) {
        ActivationTransport.apply(ctx, map, in, w, strength, support, progress(err));
        w.commit();
      }
      return in.rows();
    }
  }

  @Command(name = "fit", mixinStandardHelpOptions = true,
      description = "Fit a Linear-AcT map (per-channel ω, β and the source support) taking source activations to target ones.")
  static final class Fit implements Callable<Integer> {
    @ParentCommand
    ActCommand act;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, description = "Source activations (.npy or .safetensors, rows×channels).")
    Path source;

    @Option(names = "--target", required = true, description = "Target activations (same channels; rows may differ).")
    Path target;

    @Option(names = {"-o", "--output"}, required = true, description = "The map to write (.safetensors).")
    Path output;

    @Option(names = "--channels", description = "Expected channel count (checked against both files).")
    Integer channels;

    @Option(names = "--source-tensor", description = "Tensor name in a .safetensors source (default: first 2-D F32).")
    String sourceTensor;

    @Option(names = "--target-tensor", description = "Tensor name in a .safetensors target (default: first 2-D F32).")
    String targetTensor;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Outputs.requireExtension(output, ".safetensors", "-o", "a map is saved as safetensors");
      Outputs.checkWritableFile(output, "-o");
      if (channels != null && channels < 1) {
        throw new IllegalArgumentException("--channels must be ≥ 1, got " + channels);
      }
      try (KernelContext ctx = act.open()) {
        TransportMap map = fit(ctx, source, sourceTensor, target, targetTensor, channels, output,
            spec.commandLine().getErr());
        out.println("wrote " + output + ": " + map.channels() + " channels"
            + (map.degenerateChannels().length > 0 ? ", zero-variance source channels (ω = 1, mean shift): "
                + Arrays.toString(map.degenerateChannels()) : ""));
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Steer activations with a map: y = x + λ(ωx + β − x), streamed block by block.")
  static final class Apply implements Callable<Integer> {
    @ParentCommand
    ActCommand act;

    @Spec
    CommandSpec spec;

    @Option(names = "--map", required = true, description = "A map from 'act fit' (.safetensors).")
    Path map;

    @Option(names = "--input", required = true, description = "Activations to steer (.npy or .safetensors).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true,
        description = "Where the steered activations go (.npy or .safetensors; written atomically).")
    Path output;

    @Option(names = "--strength", defaultValue = "1", description = "λ: 0 leaves x unchanged, 1 transports fully (default 1).")
    float strength;

    @Option(names = "--support", defaultValue = "source-range",
        description = "source-range (transport only values within the fitted source range) or everywhere (default source-range).")
    String support;

    @Option(names = "--tensor", description = "Tensor name in a .safetensors input (default: first 2-D F32).")
    String tensor;

    @Override
    public Integer call() throws IOException {
      Support s = switch (support.strip().toLowerCase(Locale.ROOT)) {
        case "source-range", "source_range" -> Support.SOURCE_RANGE;
        case "everywhere" -> Support.EVERYWHERE;
        default -> throw new IllegalArgumentException("--support must be source-range or everywhere, not '" + support + "'");
      };
      if (!Float.isFinite(strength)) {
        throw new IllegalArgumentException("--strength must be a finite number, got " + strength);
      }
      MatrixFile.Format.of(output); // .npy or .safetensors, checked before anything is read
      Outputs.checkWritableFile(output, "-o");
      TransportMap m = TransportMap.load(map);
      try (KernelContext ctx = act.open()) {
        long rows = apply(ctx, m, input, tensor, output, strength, s, spec.commandLine().getErr());
        spec.commandLine().getOut().println("wrote " + output + ": " + rows + "×" + m.channels() + " float32");
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }

  @Command(name = "example", mixinStandardHelpOptions = true,
      description = "Generate synthetic source/target activations, fit, apply, and show the per-channel gaps close.")
  static final class Example implements Callable<Integer> {
    @ParentCommand
    ActCommand act;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "act-example", description = "Folder for the files (default act-example).")
    Path dir;

    @Option(names = "--rows", defaultValue = "20000", description = "Source rows (the target gets 3/4 as many).")
    int rows;

    @Option(names = "--channels", defaultValue = "8", description = "Channels (default 8).")
    int channels;

    @Option(names = "--seed", defaultValue = "2024", description = "Seed of the synthetic data.")
    long seed;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (rows < 2 || channels < 1) {
        throw new IllegalArgumentException("--rows must be ≥ 2 and --channels ≥ 1");
      }
      Outputs.checkWritableFolder(dir, "--dir");
      Path source = dir.resolve("source.npy");
      Path target = dir.resolve("target.npy");
      Path map = dir.resolve("map.safetensors");
      Path steered = dir.resolve("steered.npy");
      ActExample.generate(dir, rows, Math.max(1, rows * 3 / 4), channels, seed);
      out.println("generated " + source + " and " + target + " (Gaussian channels, different mean and scale per channel)");
      try (KernelContext ctx = act.open()) {
        TransportMap m = fit(ctx, source, null, target, null, null, map, err);
        apply(ctx, m, source, null, steered, 1f, Support.EVERYWHERE, err);
        try (MatrixFile s = MatrixFile.open(source, null); MatrixFile t = MatrixFile.open(target, null);
            MatrixFile y = MatrixFile.open(steered, null)) {
          ChannelStats before = ActExample.stats(s);
          ChannelStats goal = ActExample.stats(t);
          ChannelStats after = ActExample.stats(y);
          out.println();
          out.println("channel  source mean/std   target mean/std   steered mean/std      ω       β");
          for (int c = 0; c < channels; c++) {
            out.printf(Locale.ROOT, "%7d  %7.3f %7.3f   %7.3f %7.3f   %7.3f %7.3f   %6.3f %7.3f%n", c, before.mean(c),
                before.std(c), goal.mean(c), goal.std(c), after.mean(c), after.std(c), m.omega()[c], m.beta()[c]);
          }
          out.printf(Locale.ROOT, "%nmean |Δmean| to target: before %.4f, after %.4f%n", before.meanGap(goal),
              after.meanGap(goal));
          out.printf(Locale.ROOT, "mean |Δstd|  to target: before %.4f, after %.4f%n", before.stdGap(goal),
              after.stdGap(goal));
          out.println();
          out.println("The same with the file commands:");
          out.println("  jkernels act fit --source " + source + " --target " + target + " -o " + map);
          out.println("  jkernels act apply --map " + map + " --input " + source + " -o " + steered
              + " --strength 1 --support everywhere");
          out.flush();
          return after.meanGap(goal) < before.meanGap(goal) ? 0 : 1;
        }
      }
    }
  }
}
