package io.jkernels.cli;

/**
 * One cell of the DeepPCR crossover map, measured or predicted: a (layers, width, batch) point, one pass (forward or
 * backward) on one backend or device, the sequential and DeepPCR times in seconds, Newton's iterations (0 for the
 * backward pass, one linear solve), whether Newton converged (always for the backward pass), and, measured, the
 * relative error against the sequential pass and whether it is within tolerance (predicted cells: 0 and true).
 * A cell claims a speedup only when Newton converged and the results agree: otherwise {@link #speedup} is NaN.
 */
record SweepCell(int layers, int width, int batch, Pass pass, String where, double sequentialSeconds,
    double deepPcrSeconds, int iterations, boolean converged, double relativeError, boolean agrees) {

  /** Forward (Newton–PCR against the layer-by-layer pass) or backward (adjoint solve against backpropagation). */
  enum Pass {
    FORWARD,
    BACKWARD;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Sequential time over DeepPCR time (above 1: DeepPCR is faster); NaN when unconverged or disagreeing. */
  double speedup() {
    return converged && agrees ? sequentialSeconds / deepPcrSeconds : Double.NaN;
  }

  /** "ok", "not converged" (Newton stopped first: no speedup claimed) or "disagrees" (beyond tolerance). */
  String status() {
    return !converged ? "not converged" : agrees ? "ok" : "disagrees";
  }
}
