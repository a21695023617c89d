package io.jkernels.validation.pcr;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.cuda.EmulatedCuda;
import io.jkernels.kernels.pcr.ActivationKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * DeepPCR against the sequential pass on the same device (the GPU part of {@code validation/gpu-check.sh}): for a
 * few (layers L, width, batch) points, the forward pass by Newton–PCR ({@link DeepPcrSolver#forward}) against the
 * layer-by-layer {@code mlpForward}, and the backward pass by one adjoint PCR solve ({@link DeepPcrSolver#backward})
 * against ordinary backpropagation ({@link DeepPcrSolver#sequentialBackward}), all on device buffers (no host
 * copies in the timed region; every kernel call synchronises before it returns). Best of several repetitions after
 * a warm-up. A contracting tanh MLP (weights N(0, 0.5²/w)), so Newton converges in a few iterations, as in the
 * paper's setting. Prints Markdown rows and then, per (width, batch), where DeepPCR starts or stops winning.
 *
 * <p>Usage: {@code java -cp … io.jkernels.validation.pcr.DeepPcrDeviceTiming [cuda|cuda-emulated|vector|scalar]
 * [smoke]}: {@code smoke} runs three tiny points (for the emulated driver and CI); the default grid is for a GPU.
 * Exit code 2 when the backend is unavailable.
 */
public final class DeepPcrDeviceTiming {
  private static final double TOLERANCE = 1e-5;
  private static final int MAX_ITERATIONS = 64;
  /** Points whose dense-PCR work per Newton iteration (≈ 2·w³·L·batch·log₂L flops) exceeds this are skipped. */
  private static final double WORK_CAP_FLOPS = 6e11;

  private DeepPcrDeviceTiming() {}

  record Point(int layers, int width, int batch) {}

  record Timing(Point point, double seqForward, double pcrForward, int iterations, boolean converged,
      double seqBackward, double pcrBackward) {
    double forwardSpeedup() {
      return seqForward / pcrForward;
    }

    double backwardSpeedup() {
      return seqBackward / pcrBackward;
    }
  }

  public static void main(String[] args) {
    String backendName = args.length > 0 ? args[0] : "cuda";
    boolean smoke = args.length > 1 && args[1].equals("smoke");
    KernelBackend backend;
    if (backendName.equals("cuda-emulated")) {
      if (EmulatedCuda.unavailabilityCause().isPresent()) {
        System.out.println("emulated CUDA off: " + EmulatedCuda.unavailabilityCause().get());
        System.exit(2);
      }
      backend = EmulatedCuda.openBackend();
    } else {
      BackendProvider provider = Backends.provider(backendName);
      if (provider.unavailabilityCause().isPresent()) {
        System.out.println(backendName + " backend off: " + provider.unavailabilityCause().get());
        System.exit(2);
      }
      backend = provider.create();
    }
    List<Point> points = new ArrayList<>();
    if (smoke) {
      points.add(new Point(8, 4, 2));
      points.add(new Point(33, 3, 1));
      points.add(new Point(16, 9, 3));
    } else {
      for (int width : new int[] {4, 16, 64}) {
        for (int batch : new int[] {1, 32}) {
          for (int layers : new int[] {64, 512, 4096}) {
            points.add(new Point(layers, width, batch));
          }
        }
      }
    }
    int reps = smoke ? 1 : 3;
    try (KernelBackend b = backend) {
      System.out.println("device: " + b.description());
      System.out.println("tanh MLP, weights N(0, 0.5²/w): Newton tolerance " + TOLERANCE + " (max |x − f(x)|), at "
          + "most " + MAX_ITERATIONS + " iterations; best of " + reps + " after a warm-up; times in ms");
      System.out.println();
      System.out.println("| L | width | batch | sequential fwd | DeepPCR fwd | Newton its | fwd speedup "
          + "| sequential bwd | DeepPCR bwd | bwd speedup |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      List<Timing> timings = new ArrayList<>();
      for (Point p : points) {
        double work = 2.0 * p.width * p.width * p.width * p.layers * p.batch * (32 - Integer.numberOfLeadingZeros(
            p.layers));
        if (work > WORK_CAP_FLOPS) {
          System.out.printf(Locale.ROOT, "| %d | %d | %d | skipped: %.1e flops per Newton iteration |%n", p.layers,
              p.width, p.batch, work);
          continue;
        }
        Timing t = measure(b, p, reps);
        timings.add(t);
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %d%s | %.2f× | %.3f | %.3f | %.2f× |%n",
            p.layers, p.width, p.batch, t.seqForward * 1e3, t.pcrForward * 1e3, t.iterations,
            t.converged ? "" : " (not converged)", t.forwardSpeedup(), t.seqBackward * 1e3, t.pcrBackward * 1e3,
            t.backwardSpeedup());
      }
      System.out.println();
      crossovers(timings);
    }
  }

  /** Per (width, batch): the layer counts where DeepPCR wins and where it loses, in words. */
  private static void crossovers(List<Timing> timings) {
    List<String> seen = new ArrayList<>();
    for (Timing t : timings) {
      String key = t.point.width + "/" + t.point.batch;
      if (seen.contains(key)) {
        continue;
      }
      seen.add(key);
      StringBuilder fwd = new StringBuilder();
      StringBuilder bwd = new StringBuilder();
      for (Timing u : timings) {
        if (u.point.width == t.point.width && u.point.batch == t.point.batch) {
          fwd.append(verdict(u.point.layers, u.forwardSpeedup()));
          bwd.append(verdict(u.point.layers, u.backwardSpeedup()));
        }
      }
      System.out.printf(Locale.ROOT, "- width %d, batch %d: forward%s; backward%s%n", t.point.width, t.point.batch,
          fwd, bwd);
    }
  }

  private static String verdict(int layers, double speedup) {
    return String.format(Locale.ROOT, " L=%d %s (%.2f×)", layers, speedup > 1 ? "wins" : "loses", speedup);
  }

  private static Timing measure(KernelBackend backend, Point p, int reps) {
    int l = p.layers;
    int w = p.width;
    int batch = p.batch;
    SplittableRandom random = new SplittableRandom(l * 31L + w * 7L + batch);
    float[] weights = new float[l * w * w];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) (gaussian(random) * 0.5 / Math.sqrt(w));
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
      double seqF = Double.MAX_VALUE;
      double pcrF = Double.MAX_VALUE;
      double seqB = Double.MAX_VALUE;
      double pcrB = Double.MAX_VALUE;
      DeepPcrSolver.Outcome outcome = null;
      for (int rep = 0; rep <= reps; rep++) { // rep 0 warms up (module load, allocations, JIT)
        long t0 = System.nanoTime();
        backend.pcr().mlpForward(ActivationKind.TANH, dw, dc, din, states, l, batch, w, false);
        long t1 = System.nanoTime();
        outcome = DeepPcrSolver.forward(backend, net, din, newtonStates, batch, TOLERANCE, MAX_ITERATIONS);
        long t2 = System.nanoTime();
        DeepPcrSolver.sequentialBackward(backend, net, din, states, dg, batch, dInputs, dWeights, dBiases);
        long t3 = System.nanoTime();
        DeepPcrSolver.backward(backend, net, din, states, dg, batch, dInputs, dWeights, dBiases);
        long t4 = System.nanoTime();
        if (rep > 0) {
          seqF = Math.min(seqF, (t1 - t0) / 1e9);
          pcrF = Math.min(pcrF, (t2 - t1) / 1e9);
          seqB = Math.min(seqB, (t3 - t2) / 1e9);
          pcrB = Math.min(pcrB, (t4 - t3) / 1e9);
        }
      }
      return new Timing(p, seqF, pcrF, outcome.iterations(), outcome.converged(), seqB, pcrB);
    }
  }

  private static float[] uniform(SplittableRandom random, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-bound, bound);
    }
    return v;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }
}
