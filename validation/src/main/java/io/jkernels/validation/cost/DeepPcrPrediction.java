package io.jkernels.validation.cost;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cuda.GpuRoofline;
import io.jkernels.kernels.cuda.KernelCostMeter;
import io.jkernels.kernels.cuda.KernelCostReport;
import io.jkernels.kernels.pcr.ActivationKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * DeepPCR's forward and backward passes against the sequential ones, predicted for an H100 and an H200 from the
 * counts of the instrumented emulation ({@link KernelCostMeter}, {@link GpuRoofline}: every launch's fixed cost
 * plus its memory roofs), at the (layers, width, batch) points the emulator can afford. The same workload as
 * {@code DeepPcrDeviceTiming} (a contracting tanh MLP, weights N(0, 0.5²/w), Newton to 1e-5), so gpu-check.sh's
 * measured rows can be read beside these. The sequential pass is one launch per layer, so at these depths its time
 * is almost all launch cost; the paper's 30× (forward) and 200× (backward) are for thousands of layers, where
 * DeepPCR's log₂ L rounds win. The model credits no latency hiding and charges no flops, which flatters dense PCR
 * (w³ flops per map product) at larger widths: read the DeepPCR column as a floor.
 */
public final class DeepPcrPrediction {
  private DeepPcrPrediction() {}

  /** Predicted seconds of one pass on each device of {@link GpuRoofline#DEVICES}, and the launches it made. */
  record Pass(double[] seconds, int launches) {}

  private static Pass measure(KernelCostMeter meter, Runnable pass) {
    meter.reset();
    pass.run();
    List<KernelCostReport.Launch> launches = meter.report().launches();
    double[] s = new double[GpuRoofline.DEVICES.size()];
    for (int d = 0; d < s.length; d++) {
      s[d] = GpuRoofline.DEVICES.get(d).seconds(launches);
    }
    return new Pass(s, launches.size());
  }

  /** Prints one Markdown row per point: predicted µs of each pass on each device and DeepPCR's speedups. */
  public static void print(KernelCostMeter meter, PrintStream out) {
    int[][] points = {{16, 4, 1}, {64, 4, 1}, {256, 4, 1}, {512, 4, 1}, {64, 8, 4}};
    out.println("DeepPCR vs the sequential pass, predicted from the emulator's counts (µs; launches in brackets; "
        + "tanh MLP, Newton tolerance 1e-5):");
    out.println();
    out.println("| L | width | batch | Newton its | device | sequential fwd | DeepPCR fwd | fwd speedup "
        + "| sequential bwd | DeepPCR bwd | bwd speedup |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    try (KernelBackend backend = meter.openBackend()) {
      for (int[] p : points) {
        row(meter, backend, p[0], p[1], p[2], out);
      }
    }
  }

  private static void row(KernelCostMeter meter, KernelBackend backend, int l, int w, int batch, PrintStream out) {
    SplittableRandom random = new SplittableRandom(l * 31L + w * 7L + batch);
    float[] weights = new float[l * w * w];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) (random.nextGaussian() * 0.5 / Math.sqrt(w));
    }
    float[] biases = uniform(random, l * w, 0.5);
    float[] inputs = uniform(random, batch * w, 1);
    float[] g = uniform(random, batch * w, 1);
    long n = (long) l * batch * w;
    try (Buffer dw = backend.bindArray(weights); Buffer dc = backend.bindArray(biases);
        Buffer din = backend.bindArray(inputs); Buffer dg = backend.bindArray(g);
        Buffer states = backend.allocate(n); Buffer newtonStates = backend.allocate(n);
        Buffer dInputs = backend.allocate((long) batch * w); Buffer dWeights = backend.allocate((long) l * w * w);
        Buffer dBiases = backend.allocate((long) l * w)) {
      DeepPcrSolver.Network net = new DeepPcrSolver.Network(ActivationKind.TANH, dw, dc, l, w);
      Pass seqF = measure(meter, () -> backend.pcr().mlpForward(ActivationKind.TANH, dw, dc, din, states, l, batch,
          w, false));
      DeepPcrSolver.Outcome[] outcome = new DeepPcrSolver.Outcome[1];
      Pass pcrF = measure(meter, () -> outcome[0] = DeepPcrSolver.forward(backend, net, din, newtonStates, batch,
          1e-5, 64));
      Pass seqB = measure(meter, () -> DeepPcrSolver.sequentialBackward(backend, net, din, states, dg, batch,
          dInputs, dWeights, dBiases));
      Pass pcrB = measure(meter, () -> DeepPcrSolver.backward(backend, net, din, states, dg, batch, dInputs,
          dWeights, dBiases));
      for (int d = 0; d < GpuRoofline.DEVICES.size(); d++) {
        out.printf(Locale.ROOT, "| %d | %d | %d | %d%s | %s | %.0f [%d] | %.0f [%d] | %.2f× | %.0f [%d] | %.0f [%d] "
                + "| %.2f× |%n", l, w, batch, outcome[0].iterations(), outcome[0].converged() ? "" : " (not converged)",
            GpuRoofline.DEVICES.get(d).name(), 1e6 * seqF.seconds[d], seqF.launches, 1e6 * pcrF.seconds[d],
            pcrF.launches, seqF.seconds[d] / pcrF.seconds[d], 1e6 * seqB.seconds[d], seqB.launches,
            1e6 * pcrB.seconds[d], pcrB.launches, seqB.seconds[d] / pcrB.seconds[d]);
      }
    }
  }

  private static float[] uniform(SplittableRandom random, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-bound, bound);
    }
    return v;
  }

  public static void main(String[] args) {
    if (KernelCostMeter.unavailabilityCause().isPresent()) {
      System.out.println("DeepPCR prediction off: " + KernelCostMeter.unavailabilityCause().get());
      System.exit(2);
    }
    print(KernelCostMeter.packaged(), System.out);
  }
}
