package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * DeepPCR's Newton iteration over a chain of maps that is not of the {@code act(W x + c)} form of
 * {@link io.jkernels.pcr.Mlp} (the samplers' denoising steps), solved through the public
 * {@link Pcr#solveDenseRecurrence} (the one copy of this loop; {@link DiffusionSampler} and {@link DdimSampler} use
 * it).
 *
 * <p>The chain is {@code x_k = F_k(x_{k−1})}, k = 0..K−1, {@code x_{−1}} = the start. With the current guess X
 * (every state = the start at first), each iteration evaluates every step at once, {@code f_k = F_k(x_{k−1})}, forms
 * the Jacobians {@code J_k = ∂F_k/∂x (x_{k−1})} and solves the linearised chain
 * {@code x_k = J_k x_{k−1} + (f_k − J_k x_{k−1})} for all k by one dense recurrence solve (PCR on the GPU:
 * O(K w³ log K) work in O(log K) parallel steps; a sweep on the CPU backends). In exact arithmetic iteration i makes
 * states 0..i−1 exact, so K iterations solve any chain; a near-linear chain takes a few. It stops when
 * {@code max_k |x_k − F_k(x_{k−1})| ≤ tolerance · max(1, max |x|)} (relative to the states' scale, which depends on
 * the chain), or after {@code maxIterations} iterations (then not converged); a NaN or ∞ in a state or a step's
 * value stops it at once, not converged and marked non-finite, so a result is never wrong and marked converged.
 */
public final class NewtonChain {
  private NewtonChain() {}

  /** One chain {@code x_k = F_k(x_{k−1})} of {@link #steps()} maps of {@link #width()}-vectors. */
  public interface Chain {
    /** The number of maps K, ≥ 1. */
    int steps();

    /** The state width w, ≥ 1. */
    int width();

    /** {@code out[outOff..+w) = F_k(prev[prevOff..+w))}; must not read {@code out}. */
    void evaluate(int k, float[] prev, int prevOff, float[] out, int outOff);

    /** {@code jacobian[off..+w·w) = ∂F_k/∂x} at {@code prev[prevOff..+w)}, row-major ({@code [i][j] = ∂F_i/∂x_j}). */
    void jacobian(int k, float[] prev, int prevOff, float[] jacobian, int off);
  }

  /**
   * One chain's outcome: the states (K×w, {@code x_k} at k·w), Newton's iterations (linear solves), the final
   * residual (relative, as the stopping rule; +∞ when non-finite), whether it met the tolerance, whether a NaN or ∞
   * stopped it.
   */
  public record Solution(float[] states, int iterations, double residual, boolean converged, boolean nonFinite) {}

  /**
   * Many independent chains' outcomes: all states (count×K×w), the most and the total iterations, the worst residual,
   * whether every chain converged, whether any hit a non-finite value.
   */
  public record Batch(float[] states, int maxIterations, int totalIterations, double residual, boolean converged,
      boolean nonFinite) {}

  /**
   * The samplers' rule: tolerance 1e-6 relative to the states' scale (a residual of 1e-5 per step still adds up to
   * ~1e-5 relative error over the chain; 1e-6 sits a decade above float32 evaluation noise), at most steps + 1
   * iterations (Newton on a chain of K maps is exact after K iterations in exact arithmetic; one more absorbs
   * rounding).
   *
   * @throws IllegalArgumentException if {@code steps < 1} or steps + 1 overflows
   */
  public static NewtonOptions defaultOptions(int steps) {
    if (steps < 1 || steps == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("steps must be in [1, " + (Integer.MAX_VALUE - 1) + "], got " + steps);
    }
    return new NewtonOptions(1e-6, steps + 1);
  }

  /**
   * The sequential pass: step after step from {@code start}; K×w states.
   *
   * @throws NullPointerException if an argument is null (named)
   * @throws IllegalArgumentException if {@code start} does not have the chain's width
   */
  public static float[] sequential(Chain chain, float[] start) {
    check(chain, start);
    int k = chain.steps();
    int w = chain.width();
    float[] x = new float[k * w];
    chain.evaluate(0, start, 0, x, 0);
    for (int i = 1; i < k; i++) {
      chain.evaluate(i, x, (i - 1) * w, x, i * w);
    }
    return x;
  }

  /**
   * Newton-PCR on one chain from {@code start}, as the class comment says.
   *
   * @throws NullPointerException if an argument is null (named)
   * @throws IllegalArgumentException if {@code start} does not have the chain's width
   */
  public static Solution solve(Pcr pcr, Chain chain, float[] start, NewtonOptions options) {
    Objects.requireNonNull(pcr, "pcr");
    Objects.requireNonNull(options, "options");
    check(chain, start);
    int steps = chain.steps();
    int w = chain.width();
    float[] x = new float[steps * w];
    for (int k = 0; k < steps; k++) {
      System.arraycopy(start, 0, x, k * w, w);   // the cheap guess: every state = the start
    }
    float[] f = new float[steps * w];
    float[] a = new float[steps * w * w];
    float[] b = new float[steps * w];
    int iterations = 0;
    while (true) {
      // Evaluate every step at its current input at once (the parallel part of Newton-PCR).
      double maxDiff = 0;
      double maxAbs = 1;
      boolean nonFinite = false;
      for (int k = 0; k < steps; k++) {
        chain.evaluate(k, k == 0 ? start : x, k == 0 ? 0 : (k - 1) * w, f, k * w);
        for (int j = k * w; j < (k + 1) * w; j++) {
          if (!Float.isFinite(x[j]) || !Float.isFinite(f[j])) {
            nonFinite = true;
          }
          maxDiff = Math.max(maxDiff, Math.abs((double) x[j] - f[j]));
          maxAbs = Math.max(maxAbs, Math.abs(x[j]));
        }
      }
      double residual = nonFinite ? Double.POSITIVE_INFINITY : maxDiff / maxAbs;
      boolean converged = !nonFinite && residual <= options.tolerance();
      if (converged || nonFinite || iterations >= options.maxIterations()) {
        return new Solution(x, iterations, residual, converged, nonFinite);
      }
      linearise(chain, start, x, f, a, b);
      x = pcr.solveDenseRecurrence(a, b, start, steps, w);
      iterations++;
    }
  }

  /**
   * {@link #sequential} for {@code count} chains, chain s from {@code starts[s·w..+w)}: count×K×w states.
   *
   * @throws NullPointerException if an argument or a chain is null (named)
   * @throws IllegalArgumentException if {@code count < 1}, {@code starts} is not count×w, or the chains' shapes differ
   */
  public static float[] sequentialEach(IntFunction<? extends Chain> chains, int count, float[] starts) {
    int[] shape = batchShape(chains, count, starts);
    int size = shape[0] * shape[1];
    float[] all = new float[count * size];
    for (int s = 0; s < count; s++) {
      float[] x = sequential(sameShape(chains.apply(s), shape), slice(starts, s, shape[1]));
      System.arraycopy(x, 0, all, s * size, size);
    }
    return all;
  }

  /**
   * {@link #solve} for {@code count} independent chains (each converges on its own), chain s from
   * {@code starts[s·w..+w)}.
   *
   * @throws NullPointerException if an argument or a chain is null (named)
   * @throws IllegalArgumentException if {@code count < 1}, {@code starts} is not count×w, or the chains' shapes differ
   */
  public static Batch solveEach(Pcr pcr, IntFunction<? extends Chain> chains, int count, float[] starts,
      NewtonOptions options) {
    Objects.requireNonNull(pcr, "pcr");
    Objects.requireNonNull(options, "options");
    int[] shape = batchShape(chains, count, starts);
    int size = shape[0] * shape[1];
    float[] all = new float[count * size];
    int maxIterations = 0;
    int totalIterations = 0;
    double worst = 0;
    boolean converged = true;
    boolean nonFinite = false;
    for (int s = 0; s < count; s++) {
      Solution one = solve(pcr, sameShape(chains.apply(s), shape), slice(starts, s, shape[1]), options);
      System.arraycopy(one.states(), 0, all, s * size, size);
      maxIterations = Math.max(maxIterations, one.iterations());
      totalIterations += one.iterations();
      worst = Math.max(worst, one.residual());
      converged &= one.converged();
      nonFinite |= one.nonFinite();
    }
    return new Batch(all, maxIterations, totalIterations, worst, converged, nonFinite);
  }

  /**
   * Both ways, each timed as {@code timing} says: the sequential pass and Newton-PCR over {@code count} chains, and
   * the agreement of their trajectories and of their last states.
   */
  static Compared compareEach(Pcr pcr, IntFunction<? extends Chain> chains, int count, float[] starts,
      NewtonOptions options, Timing timing) {
    BestOf<float[]> sequential = BestOf.run(timing, () -> sequentialEach(chains, count, starts));
    BestOf<Batch> newton = BestOf.run(timing, () -> solveEach(pcr, chains, count, starts, options));
    int steps = chains.apply(0).steps();
    int width = chains.apply(0).width();
    float[] ref = sequential.result();
    float[] got = newton.result().states();
    return new Compared(sequential.seconds(), newton.seconds(), newton.result(), Agreement.of(got, ref),
        Agreement.of(lastStates(got, count, steps, width), lastStates(ref, count, steps, width)));
  }

  /** {@link #compareEach}'s outcome. */
  record Compared(double sequentialSeconds, double newtonSeconds, Batch newton, Agreement trajectories,
      Agreement samples) {}

  /** The last state of each of {@code count} trajectories (count×K×w): count×w. */
  static float[] lastStates(float[] trajectories, int count, int steps, int width) {
    float[] out = new float[count * width];
    for (int s = 0; s < count; s++) {
      System.arraycopy(trajectories, (s * steps + steps - 1) * width, out, s * width, width);
    }
    return out;
  }

  /**
   * The Newton system about the guess x: {@code A_k = J_k(x_{k−1})}, {@code b_k = f_k − A_k x_{k−1}}
   * ({@code x_{−1}} = start), so that {@code x_k = A_k x_{k−1} + b_k}. b uses the float32 A the solve uses, so a fixed
   * point of the iteration is a solution of the chain whatever the Jacobians' rounding.
   */
  private static void linearise(Chain chain, float[] start, float[] x, float[] f, float[] a, float[] b) {
    int steps = chain.steps();
    int w = chain.width();
    for (int k = 0; k < steps; k++) {
      float[] prev = k == 0 ? start : x;
      int prevOff = k == 0 ? 0 : (k - 1) * w;
      int ak = k * w * w;
      chain.jacobian(k, prev, prevOff, a, ak);
      for (int r = 0; r < w; r++) {
        double jx = 0;
        for (int c = 0; c < w; c++) {
          jx += (double) a[ak + r * w + c] * prev[prevOff + c];
        }
        b[k * w + r] = (float) (f[k * w + r] - jx);
      }
    }
  }

  private static void check(Chain chain, float[] start) {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(start, "start");
    if (chain.steps() < 1 || chain.width() < 1) {
      throw new IllegalArgumentException("chain must have steps >= 1 and width >= 1, got " + chain.steps() + " x "
          + chain.width());
    }
    if ((long) chain.steps() * chain.width() * chain.width() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("chain of " + chain.steps() + " steps x width " + chain.width()
          + ": its steps x width x width Jacobians do not fit a Java array");
    }
    if (start.length != chain.width()) {
      throw new IllegalArgumentException("start must have the chain's width " + chain.width() + ", got length "
          + start.length);
    }
  }

  /** {steps, width} of chain 0, after checking count and starts' length. */
  private static int[] batchShape(IntFunction<? extends Chain> chains, int count, float[] starts) {
    Objects.requireNonNull(chains, "chains");
    Objects.requireNonNull(starts, "starts");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    Chain first = Objects.requireNonNull(chains.apply(0), "chain 0");
    int[] shape = {first.steps(), first.width()};
    if ((long) count * shape[0] * shape[1] > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(count + " chains of " + shape[0] + " x " + shape[1]
          + " states do not fit a Java array");
    }
    if (starts.length != (long) count * shape[1]) {
      throw new IllegalArgumentException("starts must be count x width = " + count + " x " + shape[1]
          + ", got length " + starts.length);
    }
    return shape;
  }

  private static Chain sameShape(Chain chain, int[] shape) {
    Objects.requireNonNull(chain, "chain");
    if (chain.steps() != shape[0] || chain.width() != shape[1]) {
      throw new IllegalArgumentException("every chain must be " + shape[0] + " x " + shape[1] + ", got "
          + chain.steps() + " x " + chain.width());
    }
    return chain;
  }

  private static float[] slice(float[] starts, int s, int width) {
    return Arrays.copyOfRange(starts, s * width, (s + 1) * width);
  }
}
