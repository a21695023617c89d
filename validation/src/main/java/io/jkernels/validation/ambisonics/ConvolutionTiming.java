package io.jkernels.validation.ambisonics;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A quick timing of {@code Ambisonics.convolve} at the shape of the scipy anchor (10 s at 16 kHz, 1 s responses,
 * 4 and 19 channels), best of 8 calls after 5 warm-up calls, printed as × real time in the anchor's units, so
 * {@code validation/gpu-check.sh} can report the CUDA path beside the CPU anchors without JMH. Not a benchmark
 * result by itself: JMH ({@code ConvolutionBenchmark}) is.
 *
 * <p>Usage: {@code ConvolutionTiming [cuda|vector|scalar]} (default: the best available backend).
 */
public final class ConvolutionTiming {
  private ConvolutionTiming() {}

  public static void main(String[] args) {
    try (KernelContext ctx = args.length > 0 ? Kernels.open(Backend.valueOf(args[0].toUpperCase(Locale.ROOT)))
        : Kernels.open()) {
      System.out.println("backend " + ctx.backend().id() + ": " + ctx.description());
      SplittableRandom r = new SplittableRandom(1);
      float[] signal = ConvolutionChecks.random(r, 160_000);
      for (int channels : new int[] {4, 19}) {
        float[][] h = new float[channels][];
        for (int k = 0; k < channels; k++) {
          h[k] = ConvolutionChecks.random(r, 16_000);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 13; rep++) {
          long t0 = System.nanoTime();
          ctx.ambisonics().convolve(signal, h);
          double s = (System.nanoTime() - t0) / 1e9;
          if (rep >= 5) {
            best = Math.min(best, s);
          }
        }
        System.out.printf(Locale.ROOT, "convolve %s %dch: %.2f ms per call, %.0f x real time%n", ctx.backend().id(),
            channels, best * 1e3, 10 / best);
      }
    }
  }
}
