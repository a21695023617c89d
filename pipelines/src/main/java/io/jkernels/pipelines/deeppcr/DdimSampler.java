package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A DDIM sampler (Song, Meng and Ermon, ICLR 2021) with a 2-hidden-layer denoiser, its S denoising steps solved all
 * at once by Newton-PCR ({@link NewtonChain}, the setting of DeepPCR's diffusion experiment, which reports 11×
 * faster generation on a GPU) and compared with the step-by-step sampler.
 *
 * <p><b>Schedule</b> ({@link DdimSchedule}): DDPM's linear training schedule of T steps gives ᾱ_t; DDIM samples on
 * the sub-sequence {@code τ_i = ⌊i·T/S⌋}, i = S..0. A step from t = τ_i to p = τ_{i−1} is (Song et al., eq. 12)
 * <pre>
 *   x̂_0 = (x_t − √(1−ᾱ_t) ε(x_t, t)) / √ᾱ_t
 *   x_p = √ᾱ_p x̂_0 + √(1 − ᾱ_p − σ²) ε(x_t, t) + σ z,   σ = η √((1−ᾱ_p)/(1−ᾱ_t)) √(1 − ᾱ_t/ᾱ_p)
 * </pre>
 * η = 0 (the default) is deterministic DDIM; η &gt; 0 adds noise z, drawn up front with the start x_T ~ N(0, I), so
 * the trajectory is still a deterministic chain of S maps (η = 1 is DDPM's ancestral variance).
 *
 * <p><b>Denoiser.</b> {@code ε(x, t) = √(1−ᾱ_t) x + √ᾱ_t m(x, t)}, m the shared MLP of {@link DdimDenoiser}
 * (2 tanh hidden layers of width {@code hidden}, sinusoidal time embedding). The skip term √(1−ᾱ_t) x is the exact
 * noise prediction for unit-Gaussian data; the network's part is scaled by √ᾱ_t so that
 * {@code x̂_0 = √ᾱ_t x − √(1−ᾱ_t) m} stays bounded as ᾱ_t → 0, as a trained denoiser's does (its x̂_0 is a posterior
 * mean of the data). Then, with c = √(1 − ᾱ_p − σ²), every step is
 * <pre>
 *   x_p = (√ᾱ_p √ᾱ_t + c √(1−ᾱ_t)) x_t + (c √ᾱ_t − √ᾱ_p √(1−ᾱ_t)) m(x_t, t) + σ z,
 * </pre>
 * computed in that form (the division by √ᾱ_T ≈ 0.006 would amplify rounding 160×; the tests check it equals the
 * textbook form). Writing ᾱ = cos²θ, at η = 0 this is {@code x_p = cos Δ x_t − sin Δ m(x_t, t)} with
 * Δ = θ_t − θ_p &gt; 0, so the step's Jacobian {@code J = cos Δ I − sin Δ ∂m/∂x} is a contraction plus the network's
 * part of norm ≤ sin Δ·Lip(m), and as ΣΔ = θ_T &lt; π/2 a perturbation grows along the whole chain by at most
 * exp(θ_T Lip(m)) whatever S: float32 rounding is not amplified along the chain, and Newton converges in a few
 * iterations. (A raw random ε, without the skip and the √ᾱ_t scale, would amplify by up to 1/√ᾱ_t per step.)
 *
 * <p><b>Newton-PCR</b>: {@link NewtonChain} with the exact Jacobians
 * {@code J_k = (√ᾱ_p √ᾱ_t + c √(1−ᾱ_t)) I + (c √ᾱ_t − √ᾱ_p √(1−ᾱ_t)) W3 diag(1 − h2²) W2 diag(1 − h1²) W1}
 * (checked against finite differences in the tests). Each sample is its own chain.
 */
public final class DdimSampler {
  private DdimSampler() {}

  /** The default training schedule length T (DDPM's). */
  public static final int DEFAULT_TRAINING_STEPS = 1000;

  /** The longest training schedule accepted (its ᾱ table is T + 1 doubles). */
  public static final int MAX_TRAINING_STEPS = 10_000_000;

  /**
   * S sampling steps out of a training schedule of T, state width, the denoiser's hidden width (both layers), number
   * of samples, η, seed, timing, Newton's rule.
   */
  public record Config(int steps, int trainingSteps, int width, int hidden, int batch, double eta, long seed,
      Timing timing, NewtonOptions newton) {
    /**
     * @throws NullPointerException if {@code timing} or {@code newton} is null (named)
     * @throws IllegalArgumentException if steps, width, hidden or batch &lt; 1, trainingSteps is not in
     *     [steps, {@link #MAX_TRAINING_STEPS}], η is not finite in [0, 1], or the trajectories, Jacobians or weights
     *     do not fit a Java array
     */
    public Config {
      Objects.requireNonNull(timing, "timing");
      Objects.requireNonNull(newton, "newton");
      if (steps < 1 || width < 1 || hidden < 1 || batch < 1) {
        throw new IllegalArgumentException("steps, width, hidden and batch must be >= 1, got " + steps + ", " + width
            + ", " + hidden + ", " + batch);
      }
      if (trainingSteps < steps || trainingSteps > MAX_TRAINING_STEPS) {
        throw new IllegalArgumentException("trainingSteps must be in [steps, " + MAX_TRAINING_STEPS
            + "] (DDIM samples a sub-sequence of it), got " + trainingSteps + " with steps " + steps);
      }
      if (!(eta >= 0 && eta <= 1)) {
        throw new IllegalArgumentException("eta must be finite in [0, 1], got " + eta);
      }
      if ((long) steps * width * Math.max(width, batch) > Integer.MAX_VALUE - 8
          || (long) hidden * Math.max(Math.max(width, hidden), steps) > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("steps " + steps + " x width " + width + " x batch " + batch
            + " (hidden " + hidden + ") do not fit Java arrays");
      }
    }

    /** Deterministic DDIM (η = 0), T = 1000, one timed run, {@link NewtonChain#defaultOptions(int)}. */
    public static Config of(int steps, int width, int hidden, int batch, long seed) {
      return new Config(steps, DEFAULT_TRAINING_STEPS, width, hidden, batch, 0, seed, Timing.once(),
          NewtonChain.defaultOptions(steps));
    }
  }

  /**
   * Wall times (s, the fastest run), Newton's iterations (most and total over the samples), the worst final residual,
   * whether every sample converged or any hit a non-finite value, the agreement of the trajectories (batch×S×width)
   * and of the final samples x_0 (batch×width).
   */
  public record Result(Config config, double sequentialSeconds, double newtonSeconds, int maxIterations,
      int totalIterations, double residual, boolean converged, boolean nonFinite, Agreement trajectories,
      Agreement samples) implements SamplerComparison {
    @Override
    public String setting() {
      return String.format(Locale.ROOT, "ddim S=%d of T=%d, eta %s, width %d, denoiser 2 x %d tanh, %d samples",
          config.steps(), config.trainingSteps(), config.eta(), config.width(), config.hidden(), config.batch());
    }
  }

  /**
   * Draws the denoiser, the start and the noise from the seed, then samples both ways.
   *
   * @throws NullPointerException if an argument is null (named)
   */
  public static Result run(Pcr pcr, Config c) {
    Objects.requireNonNull(pcr, "pcr");
    Problem p = problem(c);
    NewtonChain.Compared r = NewtonChain.compareEach(pcr, p::chain, c.batch(), p.start, c.newton(), c.timing());
    NewtonChain.Batch n = r.newton();
    return new Result(c, r.sequentialSeconds(), r.newtonSeconds(), n.maxIterations(), n.totalIterations(),
        n.residual(), n.converged(), n.nonFinite(), r.trajectories(), r.samples());
  }

  /**
   * The schedule, the denoiser, the start x_T and the noise of {@code c}, drawn from its seed (for benchmarks).
   *
   * @throws NullPointerException if {@code c} is null
   */
  public static Problem problem(Config c) {
    return new Problem(Objects.requireNonNull(c, "c"));
  }

  /** Everything that fixes the trajectories; sample it step by step or by Newton-PCR. */
  public static final class Problem {
    final Config config;
    final DdimSchedule schedule;
    final DdimDenoiser denoiser;
    final float[] start;   // batch×width, x_T
    final float[] noise;   // batch×steps×width, z by step k (all zero at η = 0)

    private Problem(Config c) {
      config = c;
      Random random = new Random(c.seed());
      schedule = new DdimSchedule(c.steps(), c.trainingSteps(), c.eta());
      denoiser = new DdimDenoiser(c.width(), c.hidden(), schedule.time, random);
      start = floats(DdimDenoiser.gaussian(random, c.batch() * c.width(), 1));
      noise = c.eta() == 0 ? new float[c.batch() * c.steps() * c.width()]
          : floats(DdimDenoiser.gaussian(random, c.batch() * c.steps() * c.width(), 1));
    }

    private static float[] floats(double[] x) {
      float[] f = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        f[i] = (float) x[i];
      }
      return f;
    }

    /** The step-by-step sampler: trajectories batch×S×width (step k holds x at τ_{S−1−k}; the last is x_0). */
    public float[] sampleSequentially() {
      return NewtonChain.sequentialEach(this::chain, config.batch(), start);
    }

    /**
     * Newton-PCR on every sample's chain.
     *
     * @throws NullPointerException if {@code pcr} is null
     */
    public NewtonChain.Batch sampleByNewton(Pcr pcr) {
      return NewtonChain.solveEach(pcr, this::chain, config.batch(), start, config.newton());
    }

    /** Sample s's chain of S steps. */
    NewtonChain.Chain chain(int s) {
      return new NewtonChain.Chain() {
        @Override
        public int steps() {
          return config.steps();
        }

        @Override
        public int width() {
          return config.width();
        }

        @Override
        public void evaluate(int k, float[] prev, int prevOff, float[] out, int outOff) {
          step(s, k, prev, prevOff, out, outOff);
        }

        @Override
        public void jacobian(int k, float[] prev, int prevOff, float[] jacobian, int off) {
          stepJacobian(k, prev, prevOff, jacobian, off);
        }
      };
    }

    /** Step k of sample s: {@code x_p = α_k x + β_k m(x, t_k) + σ_k z}, in double, rounded once. */
    void step(int s, int k, float[] prev, int prevOff, float[] out, int outOff) {
      int w = config.width();
      double[] x = new double[w];
      for (int j = 0; j < w; j++) {
        x[j] = prev[prevOff + j];
      }
      double[] m = new double[w];
      denoiser.evaluate(k, x, m, new double[config.hidden()], new double[config.hidden()]);
      double alpha = schedule.xCoefficient[k];
      double beta = schedule.netCoefficient[k];
      double sigma = schedule.sigma[k];
      int z = (s * config.steps() + k) * w;
      for (int j = 0; j < w; j++) {
        out[outOff + j] = (float) (alpha * x[j] + beta * m[j] + sigma * noise[z + j]);
      }
    }

    /** Step k's Jacobian {@code α_k I + β_k ∂m/∂x} at {@code prev} (the noise does not enter it). */
    void stepJacobian(int k, float[] prev, int prevOff, float[] out, int off) {
      int w = config.width();
      int h = config.hidden();
      double[] x = new double[w];
      for (int j = 0; j < w; j++) {
        x[j] = prev[prevOff + j];
      }
      double[] h1 = new double[h];
      double[] h2 = new double[h];
      denoiser.evaluate(k, x, new double[w], h1, h2);
      double[] dm = new double[w * w];
      denoiser.jacobian(h1, h2, dm);
      double alpha = schedule.xCoefficient[k];
      double beta = schedule.netCoefficient[k];
      for (int r = 0; r < w; r++) {
        for (int c = 0; c < w; c++) {
          out[off + r * w + c] = (float) (beta * dm[r * w + c] + (r == c ? alpha : 0));
        }
      }
    }
  }
}
