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
import io.jkernels.pipelines.act.MlAct;
import io.jkernels.transport.AuraTransport;
import io.jkernels.transport.Boundary;
import io.jkernels.transport.GaussianTransport;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.MeanTransport;
import io.jkernels.transport.QuantileBand;
import io.jkernels.internal.Safetensors;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportFold;
import io.jkernels.transport.TransportMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    subcommands = {ActCommand.Fit.class, ActCommand.Apply.class, ActCommand.Convert.class, ActCommand.Fold.class,
        ActCommand.Example.class})
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
      description = "Fit a map (Linear-AcT by default; Gaussian-AcT, Mean-AcT or AurA with --estimator) taking source"
          + " activations to target ones; files or folders of ml-act .pt files.")
  static final class Fit implements Callable<Integer> {
    @ParentCommand
    ActCommand act;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, description = "Source activations (.npy or .safetensors, rows×channels),"
        + " or a folder of ml-act's per-sentence .pt files.")
    Path source;

    @Option(names = "--estimator", defaultValue = "linear",
        description = "linear (Linear-AcT), gaussian (Gaussian-AcT), mean (Mean-AcT) or aura (AurA); default linear.")
    String estimator;

    @Option(names = "--std-eps", defaultValue = "1e-4",
        description = "gaussian/mean: units with a σ not above this are left alone (ml-act's std_eps, default 1e-4).")
    double stdEps;

    @Option(names = "--layers", description = "--source and --target are ml-act response folders with one subfolder"
        + " per module (e.g. transformer.h.0.mlp.c_proj:0): fit every module present in both, in parallel, and write"
        + " <output>/<module>.safetensors (-o a folder), or one file with a tensor group per module (-o x.safetensors).")
    boolean layers;

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

    private Integer fitLayers(PrintWriter out) throws IOException {
      List<String> names = modules(source, target);
      boolean oneFile = output.getFileName().toString().endsWith(".safetensors");
      if (!oneFile) {
        Files.createDirectories(output);
      }
      java.util.Map<String, TransportMap> fitted = new java.util.concurrent.ConcurrentHashMap<>();
      String kind = estimator.strip().toLowerCase(Locale.ROOT);
      try (KernelContext ctx = act.open()) {
        // The context is thread-safe: modules are fitted concurrently, each map written atomically.
        List<String> lines = names.parallelStream().map(name -> {
          try {
            float[][] data = new float[2][];
            int width = samples(source.resolve(name), null, data, 0);
            samples(target.resolve(name), null, data, 1);
            TransportMap map = switch (kind) {
              case "gaussian" -> GaussianTransport.fit(ctx, data[0], data[1], width, stdEps);
              case "mean" -> MeanTransport.fit(ctx, data[0], data[1], width, stdEps);
              case "aura" -> AuraTransport.fit(ctx, data[0], data[1], width);
              default -> LinearTransport.fit(ctx, data[0], data[1], width);
            };
            if (oneFile) {
              fitted.put(name, map);
              return "fitted " + name + ": " + width + " channels";
            }
            Path file = output.resolve(name + ".safetensors");
            saveAtomically(map, file);
            return "wrote " + file + ": " + width + " channels";
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).toList();
        lines.forEach(out::println);
        if (oneFile) {
          java.util.Map<String, TransportMap> ordered = new java.util.LinkedHashMap<>();
          names.forEach(n -> ordered.put(n, fitted.get(n)));
          TransportMap.saveAll(ordered, output);
          out.println("wrote " + output + ": " + names.size() + " modules");
        }
        out.flush();
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      return 0;
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (layers) {
        return fitLayers(out);
      }
      Outputs.requireExtension(output, ".safetensors", "-o", "a map is saved as safetensors");
      Outputs.checkWritableFile(output, "-o");
      if (channels != null && channels < 1) {
        throw new IllegalArgumentException("--channels must be ≥ 1, got " + channels);
      }
      String kind = estimator.strip().toLowerCase(Locale.ROOT);
      if (!List.of("linear", "gaussian", "mean", "aura").contains(kind)) {
        throw new IllegalArgumentException("--estimator must be linear, gaussian, mean or aura, not '" + estimator + "'");
      }
      try (KernelContext ctx = act.open()) {
        TransportMap map;
        if (kind.equals("linear") && !Files.isDirectory(source) && !Files.isDirectory(target)) {
          map = fit(ctx, source, sourceTensor, target, targetTensor, channels, output, spec.commandLine().getErr());
        } else {
          float[][] data = new float[2][];
          int width = samples(source, sourceTensor, data, 0);
          int targetWidth = samples(target, targetTensor, data, 1);
          if (width != targetWidth || (channels != null && channels != width)) {
            throw new IllegalArgumentException("source has " + width + " channels and target " + targetWidth
                + (channels != null ? " (--channels " + channels + ")" : ""));
          }
          spec.commandLine().getErr().println("act fit (" + kind + ") on " + ctx.backend().id() + ": "
              + data[0].length / width + " source rows, " + data[1].length / width + " target rows, " + width
              + " channels");
          map = switch (kind) {
            case "linear" -> LinearTransport.fit(ctx, data[0], data[1], width);
            case "gaussian" -> GaussianTransport.fit(ctx, data[0], data[1], width, stdEps);
            case "mean" -> MeanTransport.fit(ctx, data[0], data[1], width, stdEps);
            default -> AuraTransport.fit(ctx, data[0], data[1], width);
          };
          saveAtomically(map, output);
        }
        out.println("wrote " + output + ": " + map.channels() + " channels"
            + (map.degenerateChannels().length > 0 ? ", zero-variance source channels (ω = 1, mean shift): "
                + Arrays.toString(map.degenerateChannels()) : ""));
        out.flush();
      }
      return 0;
    }
  }

  /** One ml-act module folder per layer on both sides: one map per module, fitted in parallel. */
  static List<String> modules(Path source, Path target) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    try (var list = Files.list(source)) {
      for (Path p : list.sorted().toList()) {
        if (Files.isDirectory(p) && Files.isDirectory(target.resolve(p.getFileName().toString()))) {
          names.add(p.getFileName().toString());
        }
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--layers: no module folder is present under both " + source + " and "
          + target);
    }
    return names;
  }

  /** Reads a side's samples into {@code data[side]} (a .pt folder, or a whole matrix file); returns the channels. */
  static int samples(Path path, String tensor, float[][] data, int side) throws IOException {
    if (Files.isDirectory(path)) {
      MlAct.Responses r = MlAct.responses(path);
      data[side] = r.data();
      return r.channels();
    }
    try (MatrixFile f = MatrixFile.open(path, tensor)) {
      data[side] = f.readAll();
      return f.channels();
    }
  }

  @Command(name = "convert", mixinStandardHelpOptions = true,
      description = "Turn an ml-act hook state dict (<module>.statedict: LinearOT, GaussianOT, OnlyMean or AurA) into a"
          + " jkernels map reproducing the hook (its quantiles_src band, strict).")
  static final class Convert implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hook", required = true, description = "The hook's torch state dict (read without running code).")
    Path hook;

    @Option(names = {"-o", "--output"}, required = true, description = "The map to write (.safetensors).")
    Path output;

    @Option(names = "--mean-only", description = "The state dict is an OnlyMean hook's (it saves the Gaussian buffers).")
    boolean meanOnly;

    @Option(names = "--std-eps", defaultValue = "1e-4", description = "The hook's std_eps (default 1e-4).")
    double stdEps;

    @Override
    public Integer call() throws IOException {
      Outputs.requireExtension(output, ".safetensors", "-o", "a map is saved as safetensors");
      Outputs.checkWritableFile(output, "-o");
      TransportMap map = MlAct.convert(hook, meanOnly, stdEps);
      saveAtomically(map, output);
      spec.commandLine().getOut().println("wrote " + output + ": " + map.channels() + " channels from " + hook);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "fold", mixinStandardHelpOptions = true,
      description = "Fold a map of unbounded support into the affine layer whose output it steers (W' = a·W,"
          + " c' = a·c + λβ, a = 1 − λ + λω) and write the two tensors as a safetensors patch of the model's weights.")
  static final class Fold implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--map", required = true, description = "A map whose support is unbounded (e.g. --band q_all is not: use an affine or Gaussian map with everywhere support).")
    Path map;

    @Option(names = "--model", required = true, description = "The model's weights (.safetensors, F32 tensors).")
    Path model;

    @Option(names = "--weight", required = true, description = "The layer's weight tensor name, e.g. transformer.h.0.mlp.c_proj.weight.")
    String weight;

    @Option(names = "--bias", required = true, description = "The layer's bias tensor name.")
    String bias;

    @Option(names = "--layout", defaultValue = "out-in",
        description = "out-in (torch.nn.Linear, default) or in-out (GPT-2's Conv1D).")
    String layout;

    @Option(names = "--strength", defaultValue = "1", description = "λ (default 1).")
    float strength;

    @Option(names = {"-o", "--output"}, required = true, description = "The patch to write (.safetensors): the two"
        + " folded tensors under their model names.")
    Path output;

    @Override
    public Integer call() throws IOException {
      Outputs.requireExtension(output, ".safetensors", "-o", "a patch is saved as safetensors");
      Outputs.checkWritableFile(output, "-o");
      TransportFold.Layout l = switch (layout.strip().toLowerCase(Locale.ROOT)) {
        case "out-in" -> TransportFold.Layout.OUT_IN;
        case "in-out" -> TransportFold.Layout.IN_OUT;
        default -> throw new IllegalArgumentException("--layout must be out-in or in-out, not '" + layout + "'");
      };
      TransportMap m = TransportMap.load(map);
      Safetensors.Header header = Safetensors.read(model);
      Safetensors.Tensor w = tensor(header, weight);
      Safetensors.Tensor c = tensor(header, bias);
      TransportFold.Folded folded = TransportFold.intoLayer(m, strength, Safetensors.readF32(header, w),
          Safetensors.readF32(header, c), l);
      Safetensors.writeF32(output, java.util.Map.of("format", "jkernels-act-fold", "strength",
          Float.toString(strength)), List.of(new Safetensors.Entry(weight, w.shape()),
          new Safetensors.Entry(bias, c.shape())), List.of(folded.weight(), folded.bias()));
      spec.commandLine().getOut().println("wrote " + output + ": " + weight + " " + Arrays.toString(w.shape()) + ", "
          + bias + " " + Arrays.toString(c.shape()));
      spec.commandLine().getOut().flush();
      return 0;
    }

    private Safetensors.Tensor tensor(Safetensors.Header header, String name) {
      Safetensors.Tensor t = header.tensor(name).orElseThrow(() -> new IllegalArgumentException(model + " has no"
          + " tensor '" + name + "'"));
      if (!t.dtype().equals("F32")) {
        throw new IllegalArgumentException(model + ": tensor '" + name + "' is " + t.dtype() + "; fold reads F32");
      }
      return t;
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

    @Option(names = "--module", description = "With a multi-module map file (act fit --layers -o x.safetensors):"
        + " the module whose map to apply.")
    String module;

    @Option(names = "--band", description = "A source-quantile band of the map (ml-act's quantiles_src: q_0_100,"
        + " q_1_99, …, or q_all for -1e6 < x < 1e6); implies source-range support.")
    String band;

    @Option(names = "--boundary", defaultValue = "strict",
        description = "With --band: strict (lo < x < hi, as ml-act) or inclusive (default strict).")
    String boundary;

    @Override
    public Integer call() throws IOException {
      if (band != null) {
        support = "source-range";
      }
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
      TransportMap m = module == null ? TransportMap.load(map) : TransportMap.load(map, module);
      if (band != null) {
        Boundary rule = switch (boundary.strip().toLowerCase(Locale.ROOT)) {
          case "strict" -> Boundary.STRICT;
          case "inclusive" -> Boundary.INCLUSIVE;
          default -> throw new IllegalArgumentException("--boundary must be strict or inclusive, not '" + boundary + "'");
        };
        m = band.equals("q_all") ? m.withMlActSupport("q_all") : m.withSupport(QuantileBand.ofMlActName(band), rule);
      }
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
