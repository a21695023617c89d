package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.Kernels;
import io.jkernels.kernels.cuda.CudaBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The grid of {@code deeppcr --sweep}: layer counts, widths and batch sizes (each sorted, without repeats), the
 * backends measured, and the deeper layer counts only the predicted map adds. {@link #parse} refuses a bad grid
 * with an {@link IllegalArgumentException} that names the option, before anything runs or is written.
 */
record SweepGrid(int[] layers, int[] widths, int[] batches, List<Backend> backends, int[] predictedLayers) {
  /** Floats one cell may hold in one array (weights L·w², states L·B·w): 2^28, 1 GiB. */
  static final long MAX_FLOATS = 1L << 28;

  static final String EMULATED_REFUSAL = "emulated CUDA is for correctness, not timing: it runs every GPU thread "
      + "on the CPU one after another, so its times say nothing about a GPU's; the predicted map is the GPU's";

  /** Every cell of the measured grid, layers slowest. */
  List<int[]> cells() {
    List<int[]> cells = new ArrayList<>();
    for (int l : layers) {
      for (int w : widths) {
        for (int b : batches) {
          cells.add(new int[] {l, w, b});
        }
      }
    }
    return cells;
  }

  /** The predicted map's layer counts: the measured ones and the deeper ones, sorted. */
  int[] allPredictedLayers() {
    TreeSet<Integer> all = new TreeSet<>();
    for (int l : layers) {
      all.add(l);
    }
    for (int l : predictedLayers) {
      all.add(l);
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  static SweepGrid parse(DeepPcrSweepOptions o) {
    int[] layers = positiveList("--sweep-layers", o.layers);
    int[] widths = positiveList("--sweep-widths", o.widths);
    int[] batches = positiveList("--sweep-batches", o.batches);
    int[] extra = o.predictLayers != null && o.predictLayers.trim().equalsIgnoreCase("none") ? new int[0]
        : positiveList("--predict-layers", o.predictLayers);
    for (int l : union(layers, extra)) {
      for (int w : widths) {
        for (int b : batches) {
          if ((long) l * w * w > MAX_FLOATS || (long) l * b * w > MAX_FLOATS) {
            throw new IllegalArgumentException("the cell L=" + l + ", width " + w + ", batch " + b + " needs more "
                + "than " + MAX_FLOATS + " floats in one array (L·w² weights or L·B·w states): choose smaller lists");
          }
        }
      }
    }
    return new SweepGrid(layers, widths, batches, backends(o.backends), extra);
  }

  private static int[] union(int[] a, int[] b) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int v : a) {
      all.add(v);
    }
    for (int v : b) {
      all.add(v);
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A comma-separated list of integers >= 1, sorted, repeats dropped. */
  static int[] positiveList(String option, String text) {
    String expected = " (expected comma-separated integers >= 1, e.g. 16,64,256)";
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(option + ": empty list" + expected);
    }
    TreeSet<Integer> values = new TreeSet<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int v;
      try {
        v = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + p + "' is not an integer" + expected);
      }
      if (v < 1) {
        throw new IllegalArgumentException(option + ": " + v + " is not positive" + expected);
      }
      values.add(v);
    }
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The backends named (default: the available CPU ones), each available and not emulated. */
  static List<Backend> backends(String text) {
    List<Backend> result = new ArrayList<>();
    if (text == null) {
      for (Backend b : Kernels.available()) {
        if (b != Backend.CUDA) {
          result.add(b);
        }
      }
      return result;
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("--backends: empty list (expected vector, scalar and/or cuda)");
    }
    for (String part : text.split(",", -1)) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.equals("cuda-emulated") || p.equals("emulated")) {
        throw new IllegalArgumentException("--backends " + p + ": " + EMULATED_REFUSAL);
      }
      Backend b;
      try {
        b = Backend.parse(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--backends: " + e.getMessage());
      }
      if (b == Backend.CUDA && "emulated".equals(System.getProperty(CudaBackendProvider.DRIVER_PROPERTY))) {
        throw new IllegalArgumentException("--backends cuda: the CUDA backend runs on the emulated driver here ("
            + CudaBackendProvider.DRIVER_PROPERTY + "=emulated); " + EMULATED_REFUSAL);
      }
      Kernels.unavailabilityCause(b).ifPresent(cause -> {
        throw new IllegalArgumentException("--backends: " + b.id() + " is not available here: " + cause);
      });
      if (!result.contains(b)) {
        result.add(b);
      }
    }
    return result;
  }
}
