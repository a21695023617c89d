package io.jkernels.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code jkernels deeppcr --sweep} (a mixin of {@link DeepPcrCommand}; run by {@link DeepPcrSweep}). */
final class DeepPcrSweepOptions {
  @Option(names = "--sweep",
      description = "Measure the crossover map of DeepPCR against the sequential pass over layers x width x batch, "
          + "forward and backward, per backend, beside the GPU cost model's predicted map for an H100 and an H200; "
          + "writes tables (Markdown, CSV) and heat maps (PNG) to --out. Uses --activation, --expanding, --repeats, "
          + "--seed and --min-time (default " + DeepPcrSweep.SWEEP_MIN_TIME_TEXT + " s with --sweep).")
  boolean sweep;

  @Option(names = "--sweep-layers", defaultValue = "16,64,256",
      description = "With --sweep: layer counts of the map, comma-separated (default ${DEFAULT-VALUE}).")
  String layers;

  @Option(names = "--sweep-widths", defaultValue = "4,16,64",
      description = "With --sweep: widths of the map, comma-separated (default ${DEFAULT-VALUE}).")
  String widths;

  @Option(names = "--sweep-batches", defaultValue = "1,16",
      description = "With --sweep: batch sizes of the map, comma-separated (default ${DEFAULT-VALUE}).")
  String batches;

  @Option(names = "--backends",
      description = "Backends measured, comma-separated: vector, scalar, cuda (default: the available CPU backends; "
          + "emulated CUDA is refused: it checks correctness, its times are not a GPU's).")
  String backends;

  @Option(names = "--predict-layers", defaultValue = "1024,4096",
      description = "Deeper layer counts added to the predicted GPU map only, where the paper's headline lives "
          + "(default ${DEFAULT-VALUE}; 'none' for the measured ones only).")
  String predictLayers;

  @Option(names = "--out",
      description = "Folder for the files of --sweep (default: a new folder deeppcr-sweep-<time> here) or of "
          + "--train-resnet (the loss curves' CSV and PNG; default: none written); existing files are never "
          + "overwritten.")
  Path out;
}
