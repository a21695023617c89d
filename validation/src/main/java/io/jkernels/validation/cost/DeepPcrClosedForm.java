package io.jkernels.validation.cost;

import io.jkernels.internal.pcr.DeepPcrSolver;
import io.jkernels.kernels.cuda.GpuRoofline;
import java.util.Objects;

/**
 * DeepPCR's four passes (sequential and Newton–PCR forward, backpropagation and the adjoint solve) predicted for a
 * GPU of {@link GpuRoofline} in closed form, for the (layers, width, batch) points the instrumented emulation
 * ({@link DeepPcrPrediction}) cannot afford: it counts every lane access, about 2·10⁶ a second here, and dense PCR
 * asks for L·B·w³·log₂ L of them per Newton iteration (10¹⁰ at L = 256, w = 64, B = 16).
 *
 * <p>The launches are the ones {@link DeepPcrSolver} and the CUDA backend make, counted from their structure: the
 * sequential forward pass is L layer launches; backpropagation a linearisation, L − 1 adjoint layers and the two
 * gradient kernels; Newton–PCR forward, per iteration, a linearisation, a residual, the correction's two additions, the
 * Jacobians, the map initialisation, ⌈log₂ L⌉ composition rounds and the extraction, plus the final linearisation and residual; the
 * adjoint solve one linearisation, the Jacobians and one PCR solve, then the gradients. Batches whose Jacobians
 * exceed {@link DeepPcrSolver#JACOBIAN_BUDGET_FLOATS} are solved in chunks, as the solver does (the device-to-device
 * copies of the chunking are not charged). Each launch costs what {@link GpuRoofline#seconds} charges a counted one,
 * the launch cost plus the largest of its DRAM, L2 and shared-memory times (each roof scaled by the fraction of SMs
 * its grid occupies), with the counts written out from each kernel's access pattern in {@code cuda-src/pcr.cu}
 * instead of counted: distinct bytes for DRAM; for L2 the sectors its warps request (a lane reading with a stride
 * of s bytes pays min(32, s) bytes, a coalesced one 4); for the shared-memory compositions two wavefronts per warp
 * and k step. Beyond the emulated model it adds a fourth roof, FP32 flops at the device's peak
 * ({@link #fp32FlopsPerSecond}), so dense PCR's 2·w²·(w + 1) flops per composed map are charged at the widths where
 * they dominate. {@code DeepPcrClosedFormTest} holds it to the emulated model at points both can run.
 *
 * <p>Read it as a floor, as the emulated model: no latency, occupancy or instruction costs, and nominal bandwidths.
 */
public final class DeepPcrClosedForm {
  private static final int THREADS = 256;
  /** FP32 lanes per SM on Hopper (GH100): 128, each one fused multiply-add (2 flops) per clock. */
  private static final int FP32_LANES_PER_SM = 128;

  private DeepPcrClosedForm() {}

  /**
   * Predicted seconds of the four passes at one point.
   *
   * @param sequentialForward the layer-by-layer forward pass
   * @param deepPcrForward Newton–PCR's forward pass with the iterations it was given
   * @param sequentialBackward backpropagation
   * @param deepPcrBackward the adjoint PCR solve and the gradients
   */
  public record Passes(double sequentialForward, double deepPcrForward, double sequentialBackward,
      double deepPcrBackward) {
    /** Sequential time over Newton–PCR time, forward. */
    public double forwardSpeedup() {
      return sequentialForward / deepPcrForward;
    }

    /** Backpropagation time over the adjoint solve's, backward. */
    public double backwardSpeedup() {
      return sequentialBackward / deepPcrBackward;
    }
  }

  /** FP32 peak of a Hopper device: 2 flops × 128 lanes × SMs × clock (66.9 TFLOP/s for the H100 and H200 SXM). */
  public static double fp32FlopsPerSecond(GpuRoofline device) {
    return 2.0 * FP32_LANES_PER_SM * device.multiprocessors() * device.clockHz();
  }

  /**
   * The four passes of a tanh (or any elementwise-activation) MLP of {@code layers} square layers of
   * {@code width} units on {@code batch} inputs, Newton–PCR taking {@code iterations} Newton steps.
   *
   * @throws NullPointerException if device is null
   * @throws IllegalArgumentException if layers, width or batch is below 1 or iterations below 0
   */
  public static Passes predict(GpuRoofline device, int layers, int width, int batch, int iterations) {
    Objects.requireNonNull(device, "device");
    if (layers < 1 || width < 1 || batch < 1 || iterations < 0) {
      throw new IllegalArgumentException("layers, width and batch must be >= 1 and iterations >= 0, got "
          + layers + ", " + width + ", " + batch + ", " + iterations);
    }
    Model m = new Model(device, layers, width);
    double seqF = layers * m.forwardLayer(batch);
    double seqB = m.linearize(batch) + (layers - 1) * m.adjointLayer(batch) + m.gradients(batch);
    int chunk = chunk(layers, batch, width);
    double pcrF = 0;
    double pcrB = m.linearize(batch) + m.gradients(batch);
    for (int s0 = 0; s0 < batch; s0 += chunk) {
      int c = Math.min(chunk, batch - s0);
      double evaluate = m.linearize(c) + m.residual(c);
      // The correction form of each step: two pcr_add_scaled around the Jacobians and the PCR solve.
      pcrF += (iterations + 1) * evaluate
          + iterations * (2 * m.addScaled(c) + m.jacobians(c) + m.densePcr(c, false));
      pcrB += m.jacobians(c) + m.densePcr(c, true);
    }
    return new Passes(seqF, pcrF, seqB, pcrB);
  }

  /** Batch elements per Newton or adjoint solve, as {@link DeepPcrSolver} chunks them. */
  static int chunk(int layers, int batch, int width) {
    long perElement = (long) layers * width * width;
    return (int) Math.max(1, Math.min(batch, DeepPcrSolver.JACOBIAN_BUDGET_FLOATS / perElement));
  }

  /** The per-launch costs at one (layers, width); each method returns the seconds of its launches. */
  private record Model(GpuRoofline d, long layers, long w) {
    /** One launch: threads (for the grid), DRAM and L2 bytes, shared wavefronts, flops. */
    double launch(long blocks, double dram, double l2, double wavefronts, double flops) {
      double busy = Math.min(1.0, blocks / (double) d.multiprocessors());
      double memory = Math.max(dram / d.hbmBytesPerSecond(), Math.max(l2 / d.l2BytesPerSecond(),
          wavefronts / (d.multiprocessors() * d.clockHz())));
      return d.launchSeconds() + Math.max(memory, flops / fp32FlopsPerSecond(d)) / busy;
    }

    /** Grid of a grid-stride kernel over {@code work} items (CudaPcrKernels.gridFor: at most 16 blocks per SM). */
    long grid(long work) {
      return Math.max(1, Math.min((work + THREADS - 1) / THREADS, 16L * d.multiprocessors()));
    }

    /** Bytes a lane pays per 4-byte read when neighbouring lanes read {@code stride} bytes apart. */
    static double lane(long stride) {
      return Math.min(32, Math.max(4, stride));
    }

    /** pcr_mlp_forward_layer: thread per (s, i) walks row i of W_l (lanes 4w bytes apart) and x_{l−1,s}. */
    double forwardLayer(long batch) {
      long t = batch * w;
      return launch(grid(t), 4.0 * (w * w + w + 2 * t), t * (w * (lane(4 * w) + 4) + 8), 0, 2.0 * t * w);
    }

    /** pcr_mlp_adjoint_layer: thread per (s, j) walks column j of W_l (coalesced); slopes and y broadcast. */
    double adjointLayer(long batch) {
      long t = batch * w;
      return launch(grid(t), 4.0 * (w * w + 3 * t), t * (4.0 * w + 4) + 8.0 * w * batch, 0, 3.0 * t * w);
    }

    /** pcr_mlp_linearize: every layer at once, the forward layer's pattern with three outputs. */
    double linearize(long batch) {
      long n = layers * batch * w;
      return launch(grid(n), 4.0 * (layers * w * w + layers * w + 4 * n), n * (w * (lane(4 * w) + 4) + 16), 0,
          2.0 * n * w);
    }

    /** pcr_max_abs_diff over the states and the values. */
    double residual(long batch) {
      long n = layers * batch * w;
      return launch(grid(n), 8.0 * n, 8.0 * n, 0, n);
    }

    /** pcr_add_scaled over the states: out = x + α·y, two coalesced reads and one write per element. */
    double addScaled(long batch) {
      long n = layers * batch * w;
      return launch(grid(n), 12.0 * n, 12.0 * n, 0, 2.0 * n);
    }

    /** pcr_mlp_jacobians: J = diag(slopes) W, one coalesced entry per thread. */
    double jacobians(long batch) {
      long n = layers * batch * w;
      return launch(grid(n * w), 4.0 * (layers * w * w + n + n * w), 12.0 * n * w, 0, n * w);
    }

    /** pcr_mlp_parameter_gradients (batch loop per weight, coalesced over j) and pcr_mlp_input_gradients. */
    double gradients(long batch) {
      long n = layers * batch * w;
      long params = layers * w * (w + 1);
      double parameters = launch(grid(params), 4.0 * (3 * n + batch * w + params), params * (batch * 6.0 + 4), 0,
          3.0 * batch * params);
      long t = batch * w;
      double inputs = launch(grid(t), 4.0 * (w * w + 3 * t), t * (4.0 * w + 4) + 8.0 * w * batch, 0, 3.0 * t * w);
      return parameters + inputs;
    }

    /**
     * densePcr of CudaPcrKernels: pcr_dense_init, ⌈log₂ L⌉ rounds of pcr_dense_compose(_small), pcr_dense_extract.
     * In the round of distance d, layers below d are copied, those in [d, 2d) have a partner that already reaches
     * the start (only the v column is computed), the rest compose two full maps.
     */
    double densePcr(long batch, boolean adjoint) {
      long items = layers * batch;
      long entries = w * (w + 1);
      long maps = items * entries;
      // The adjoint reads A_{l+1} transposed (lanes w floats apart); the forward reads it in order.
      double init = launch(grid(maps), 4.0 * (items * w * w + items * w + maps),
          maps * ((adjoint ? lane(4 * w) : 4) + 8), 0, 0);
      double rounds = 0;
      long warps = (entries + 31) / 32;
      for (long dist = 1; dist < layers; dist *= 2) {
        long copied = Math.min(dist, layers) * batch;
        long partial = (Math.min(2 * dist, layers) - Math.min(dist, layers)) * batch;
        long full = items - copied - partial;
        double bytes = 4.0 * (copied * 2 * entries + partial * (w * w + 2 * w + entries) + full * 3 * entries);
        double wavefronts = 2.0 * w * (partial * Math.min(w, warps) + full * warps);
        double flops = partial * 2.0 * w * w + full * 2.0 * w * w * (w + 1);
        rounds += launch(items, bytes, bytes, wavefronts, flops);
      }
      long rows = items * w;
      double extract = launch(grid(rows), rows * (lane(4 * (w + 1)) + 4), rows * (lane(4 * (w + 1)) + 4), 0, 0);
      return init + rounds + extract;
    }
  }
}
