package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.internal.AtomicFiles;
import io.jkernels.kernels.cuda.GpuRoofline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The files of {@code deeppcr --sweep}: {@code sweep.md} (the maps as tables, the headline verdict, the pictures),
 * {@code measured.csv} and {@code predicted.csv} (one row per cell, pass and backend or device), and one heat map
 * per backend and pass ({@code measured-<backend>-<pass>.png}) and per device and pass
 * ({@code predicted-<device>-<pass>.png}). Each file is written to a temporary name and moved into place; an
 * existing file is never overwritten.
 */
final class SweepReport {
  static final String MARKDOWN = "sweep.md";
  static final String MEASURED_CSV = "measured.csv";
  static final String PREDICTED_CSV = "predicted.csv";
  static final String MEASURED_HEADER = "layers,width,batch,pass,backend,sequential_s,deeppcr_s,speedup,"
      + "newton_iterations,converged,relative_error,status";
  static final String PREDICTED_HEADER = "layers,width,batch,pass,device,sequential_s,deeppcr_s,speedup,"
      + "newton_iterations,converged,paper_headline,model";

  private SweepReport() {}

  /** Where the files go: the folder --out names, or (null) a new folder to make under the current one. */
  record Target(Path folder) {
    /** Checks --out before any work: a writable folder holding none of the sweep's files. */
    static Target check(Path out) {
      if (out == null) {
        Outputs.checkWritableFolder(Path.of(""), "the current folder (the sweep's default --out)");
        return new Target(null);
      }
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new IllegalArgumentException("--out " + out + " is a file, expected a folder");
      }
      if (Files.isDirectory(out)) {
        try (Stream<Path> files = Files.list(out)) {
          List<String> clash = files.map(p -> p.getFileName().toString()).filter(SweepReport::isSweepFile).sorted()
              .toList();
          if (!clash.isEmpty()) {
            throw new IllegalArgumentException("--out " + out + " already holds " + String.join(", ", clash)
                + " from an earlier sweep; the sweep never overwrites: choose a new folder");
          }
        } catch (IOException e) {
          throw new IllegalArgumentException("--out " + out + " cannot be listed: " + e.getMessage(), e);
        }
      }
      Outputs.checkWritableFolder(out, "--out");
      return new Target(out);
    }
  }

  static boolean isSweepFile(String name) {
    return name.equals(MARKDOWN) || name.equals(MEASURED_CSV) || name.equals(PREDICTED_CSV)
        || (name.startsWith("measured-") || name.startsWith("predicted-")) && name.endsWith(".png");
  }

  /** Writes every file; returns the folder. */
  static Path write(DeepPcrSweep.Result r, Target target) throws IOException {
    Path folder = target.folder() != null ? target.folder() : newFolder();
    List<String> pictures = new ArrayList<>();
    SweepGrid grid = r.grid();
    for (Backend b : grid.backends()) {
      for (SweepCell.Pass pass : SweepCell.Pass.values()) {
        String name = "measured-" + b.id() + "-" + pass.id() + ".png";
        picture(folder.resolve(name), "DeepPCR " + pass.id() + " vs the sequential pass, measured on " + b.id(),
            r.descriptions().get(b) + "; " + settings(r),
            grid.layers(), cells(r.measured(), b.id(), pass), grid, false);
        pictures.add(name);
      }
    }
    for (GpuRoofline d : GpuRoofline.DEVICES) {
      for (SweepCell.Pass pass : SweepCell.Pass.values()) {
        String name = "predicted-" + slug(d) + "-" + pass.id() + ".png";
        picture(folder.resolve(name), "DeepPCR " + pass.id() + " vs the sequential pass, predicted for an "
                + d.name() + " (GPU cost model)", "tanh MLP as measured; Newton's iterations from the CPU run of the "
                + "same MLP; deeper layers than measured where the paper's headline lives",
            grid.allPredictedLayers(), cells(r.predicted(), d.name(), pass), grid, true);
        pictures.add(name);
      }
    }
    text(folder.resolve(MEASURED_CSV), csv(r.measured(), MEASURED_HEADER, false));
    text(folder.resolve(PREDICTED_CSV), csv(r.predicted(), PREDICTED_HEADER, true));
    text(folder.resolve(MARKDOWN), markdown(r, pictures));
    return folder;
  }

  private static Path newFolder() throws IOException {
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    for (int k = 1; ; k++) {
      Path candidate = Path.of("deeppcr-sweep-" + stamp + (k == 1 ? "" : "-" + k));
      try {
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException e) {
        if (k > 1000) {
          throw e;
        }
      }
    }
  }

  private static String slug(GpuRoofline d) {
    return d.name().split(" ")[0].toLowerCase(Locale.ROOT);
  }

  private static List<SweepCell> cells(List<SweepCell> all, String where, SweepCell.Pass pass) {
    return all.stream().filter(c -> c.where().equals(where) && c.pass() == pass).toList();
  }

  private static String settings(DeepPcrSweep.Result r) {
    DeepPcrSweep.Settings s = r.settings();
    return String.format(Locale.ROOT, "%s, %s MLP, fastest of >= %d runs and >= %.2g s per pass",
        s.activation().name().toLowerCase(Locale.ROOT), s.regime().name().toLowerCase(Locale.ROOT),
        s.timing().repeats(), s.timing().minSeconds());
  }

  private static void picture(Path file, String title, String subtitle, int[] layers, List<SweepCell> cells,
      SweepGrid grid, boolean predicted) throws IOException {
    List<HeatMapPicture.Panel> panels = new ArrayList<>();
    for (int b : grid.batches()) {
      HeatMapPicture.Cell[][] grid2 = new HeatMapPicture.Cell[layers.length][grid.widths().length];
      for (int i = 0; i < layers.length; i++) {
        for (int j = 0; j < grid.widths().length; j++) {
          SweepCell c = find(cells, layers[i], grid.widths()[j], b);
          grid2[i][j] = pictureCell(c, predicted);
        }
      }
      panels.add(new HeatMapPicture.Panel("batch " + b, grid2));
    }
    List<String> notes = new ArrayList<>();
    notes.add("Each cell: speedup = sequential time / DeepPCR time (above 1×, DeepPCR is faster), then Newton's "
        + "iterations (forward pass). Thick black line: the 1× crossover.");
    notes.add("Grey 'not conv.': Newton stopped unconverged, no speedup claimed. Red frame 'DISAGREES': more than "
        + DeepPcrCommand.TOLERANCE + " relative from the sequential pass.");
    if (predicted) {
      notes.add("Gold frame: the paper's headline holds there (>= " + (int) DeepPcrSweep.FORWARD_HEADLINE
          + "× forward, >= " + (int) DeepPcrSweep.BACKWARD_HEADLINE + "× backward over the sequential pass on the "
          + "same GPU).");
      notes.add("Model: closed-form roofline of every launch (launch cost, DRAM, L2, shared memory, FP32 flops); "
          + "a floor, not a forecast.");
    } else {
      notes.add("A shared 2-core machine under concurrent builds: times are noisy. Emulated CUDA is not timed "
          + "(it checks correctness; its times are not a GPU's).");
    }
    var image = HeatMapPicture.draw(title, subtitle, "layers L", layers, "width w", grid.widths(), panels, notes);
    atomically(file, tmp -> {
      if (!ImageIO.write(image, "png", tmp.toFile())) {
        throw new IOException("no PNG writer");
      }
    });
  }

  private static HeatMapPicture.Cell pictureCell(SweepCell c, boolean predicted) {
    String detail = c.pass() == SweepCell.Pass.FORWARD ? c.iterations() + " its" : "";
    HeatMapPicture.Mark mark = !c.converged() ? HeatMapPicture.Mark.NOT_CONVERGED
        : !c.agrees() ? HeatMapPicture.Mark.DISAGREES
        : predicted && DeepPcrSweep.headline(c) ? HeatMapPicture.Mark.HEADLINE : HeatMapPicture.Mark.NONE;
    return new HeatMapPicture.Cell(c.speedup(), detail, mark);
  }

  private static SweepCell find(List<SweepCell> cells, int l, int w, int b) {
    for (SweepCell c : cells) {
      if (c.layers() == l && c.width() == w && c.batch() == b) {
        return c;
      }
    }
    throw new IllegalStateException("no cell L=" + l + " w=" + w + " B=" + b);
  }

  static String csv(List<SweepCell> cells, String header, boolean predicted) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (SweepCell c : cells) {
      double s = c.speedup();
      sb.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%.6e,%.6e,%s,%d,%s,", c.layers(), c.width(), c.batch(),
          c.pass().id(), c.where(), c.sequentialSeconds(), c.deepPcrSeconds(),
          Double.isNaN(s) ? "" : String.format(Locale.ROOT, "%.4g", s), c.iterations(),
          c.pass() == SweepCell.Pass.BACKWARD ? "n/a" : Boolean.toString(c.converged())));
      if (predicted) {
        sb.append(DeepPcrSweep.headline(c)).append(",closed-form\n");
      } else {
        sb.append(String.format(Locale.ROOT, "%.3e,%s%n", c.relativeError(), c.status()));
      }
    }
    return sb.toString();
  }

  /** Where the model puts the paper's headline, in words (one line per pass and device). */
  static String headlineSummary(List<SweepCell> predicted) {
    StringBuilder sb = new StringBuilder();
    for (GpuRoofline d : GpuRoofline.DEVICES) {
      for (SweepCell.Pass pass : SweepCell.Pass.values()) {
        List<String> at = new ArrayList<>();
        double best = 0;
        String bestAt = "";
        for (SweepCell c : predicted) {
          if (!c.where().equals(d.name()) || c.pass() != pass) {
            continue;
          }
          if (DeepPcrSweep.headline(c)) {
            at.add(String.format(Locale.ROOT, "L=%d w=%d B=%d (%s)", c.layers(), c.width(), c.batch(),
                HeatMapPicture.speedup(c.speedup())));
          }
          if (c.speedup() > best) {
            best = c.speedup();
            bestAt = String.format(Locale.ROOT, "L=%d w=%d B=%d", c.layers(), c.width(), c.batch());
          }
        }
        int threshold = (int) (pass == SweepCell.Pass.FORWARD ? DeepPcrSweep.FORWARD_HEADLINE
            : DeepPcrSweep.BACKWARD_HEADLINE);
        sb.append(String.format(Locale.ROOT, "- %s %s, paper's >= %d×: %s%s%n", d.name(), pass.id(), threshold,
            at.isEmpty() ? "nowhere on this grid" : "holds at " + String.join(", ", at),
            bestAt.isEmpty() ? "" : "; best " + HeatMapPicture.speedup(best) + " at " + bestAt));
      }
    }
    return sb.toString();
  }

  private static String markdown(DeepPcrSweep.Result r, List<String> pictures) {
    SweepGrid g = r.grid();
    StringBuilder sb = new StringBuilder("# DeepPCR crossover map (`jkernels deeppcr --sweep`)\n\n");
    sb.append(String.format(Locale.ROOT, "%s UTC; %d CPUs, Java %s, %s %s; %s; seed %d. Speedup = sequential "
            + "time / DeepPCR time (above 1×, DeepPCR is faster); `(n)` = Newton's iterations; `not conv.` = Newton "
            + "stopped unconverged (no speedup claimed); `DISAGREES` = beyond %s relative to the sequential pass.%n%n",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"),
        System.getProperty("os.arch"), settings(r), r.settings().seed(), DeepPcrCommand.TOLERANCE));
    sb.append("## Measured\n\n");
    for (Backend b : g.backends()) {
      sb.append("Backend ").append(b.id()).append(": ").append(r.descriptions().get(b)).append(".\n\n");
      for (SweepCell.Pass pass : SweepCell.Pass.values()) {
        sb.append("**").append(b.id()).append(", ").append(pass.id()).append("** ")
            .append("![").append(b.id()).append(' ').append(pass.id()).append("](measured-").append(b.id())
            .append('-').append(pass.id()).append(".png)\n\n");
        matrix(sb, cells(r.measured(), b.id(), pass), g.layers(), g, false);
      }
    }
    sb.append("Emulated CUDA is not measured: ").append(SweepGrid.EMULATED_REFUSAL).append(".\n\n");
    sb.append("## Predicted for an H100 and an H200 (GPU cost model)\n\n");
    sb.append("`DeepPcrClosedForm`: every launch the CUDA backend makes, charged as `GpuRoofline` charges a counted "
        + "one (launch cost + the largest of DRAM, L2 and shared-memory time), plus an FP32 flop roof; held to the "
        + "instrumented emulation's counts where that can run. Newton's iterations are the CPU run's on the same "
        + "MLP. A floor: no latency or occupancy costs. **bold**: at the paper's headline (>= "
        + (int) DeepPcrSweep.FORWARD_HEADLINE + "× forward, >= " + (int) DeepPcrSweep.BACKWARD_HEADLINE
        + "× backward).\n\n");
    sb.append(headlineSummary(r.predicted())).append('\n');
    for (GpuRoofline d : GpuRoofline.DEVICES) {
      for (SweepCell.Pass pass : SweepCell.Pass.values()) {
        String file = "predicted-" + slug(d) + "-" + pass.id() + ".png";
        sb.append("**").append(d.name()).append(", ").append(pass.id()).append("** ![").append(d.name()).append(' ')
            .append(pass.id()).append("](").append(file).append(")\n\n");
        matrix(sb, cells(r.predicted(), d.name(), pass), g.allPredictedLayers(), g, true);
      }
    }
    sb.append("## All measured cells\n\n| layers | width | batch | pass | backend | sequential s | deeppcr s "
        + "| speedup | Newton its | converged | rel. error | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (SweepCell c : r.measured()) {
      sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %.3e | %.3e | %s | %s | %s | %.2e | %s |%n",
          c.layers(), c.width(), c.batch(), c.pass().id(), c.where(), c.sequentialSeconds(), c.deepPcrSeconds(),
          Double.isNaN(c.speedup()) ? "—" : HeatMapPicture.speedup(c.speedup()),
          c.pass() == SweepCell.Pass.FORWARD ? Integer.toString(c.iterations()) : "—",
          c.pass() == SweepCell.Pass.FORWARD ? Boolean.toString(c.converged()) : "n/a", c.relativeError(),
          c.status()));
    }
    sb.append("\nFiles: ").append(MEASURED_CSV).append(", ").append(PREDICTED_CSV).append(", ")
        .append(String.join(", ", pictures)).append(".\n");
    return sb.toString();
  }

  /** Rows: layers (deepest first); columns: width × batch; cells: the speedup and Newton's iterations. */
  private static void matrix(StringBuilder sb, List<SweepCell> cells, int[] layers, SweepGrid g, boolean predicted) {
    sb.append("| L \\ (w, B) |");
    for (int w : g.widths()) {
      for (int b : g.batches()) {
        sb.append(" ").append(w).append(", ").append(b).append(" |");
      }
    }
    sb.append("\n|---|");
    sb.append("---|".repeat(g.widths().length * g.batches().length)).append('\n');
    for (int i = layers.length - 1; i >= 0; i--) {
      sb.append("| ").append(layers[i]).append(" |");
      for (int w : g.widths()) {
        for (int b : g.batches()) {
          SweepCell c = find(cells, layers[i], w, b);
          String v = !c.converged() ? "not conv." : !c.agrees() ? "DISAGREES"
              : HeatMapPicture.speedup(c.speedup());
          if (predicted && DeepPcrSweep.headline(c)) {
            v = "**" + v + "**";
          }
          if (c.pass() == SweepCell.Pass.FORWARD) {
            v += " (" + c.iterations() + ")";
          }
          sb.append(' ').append(v).append(" |");
        }
      }
      sb.append('\n');
    }
    sb.append('\n');
  }

  private static void text(Path file, String content) throws IOException {
    atomically(file, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
  }

  /** Writes through a temporary file beside {@code file}; refuses to replace an existing one. */
  private static void atomically(Path file, AtomicFiles.Body body) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file + " (the sweep never overwrites)");
    }
    AtomicFiles.write(file, ".tmp", body);
  }
}
