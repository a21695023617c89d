package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Random;

/**
 * A DDPM-style ancestral sampler (Ho et al., 2020, Algorithm 2) whose T denoising steps
 * {@code x_{t−1} = α_t x_t + β_t ε(x_t, t) + σ_t z_t} are solved all at once by Newton-PCR and compared with the
 * step-by-step sampler. The noise z_t (and the start x_T) is drawn up front, so the trajectory is a deterministic
 * chain of T maps. Schedule: linear β_t from 1e-4·1000/T to 0.02·1000/T (capped at 0.999), a_t = 1 − β_t,
 * {@code α_t = 1/√a_t}, {@code β_t = −(1 − a_t)/(√a_t √(1 − ā_t))}, {@code σ_t = √(1 − a_t)} (0 at t = 1).
 *
 * <p>The denoiser is the exact noise predictor for unit-Gaussian data, {@code √(1 − ā_t) x}, plus a small MLP
 * shared by all steps and conditioned on t by a sinusoidal embedding e_t:
 * {@code ε(x, t) = √(1 − ā_t) x + V tanh(U x + c + e_t) + d} (U hidden×width, V width×hidden). The skip term makes
 * each step contract (its linear part is √a_t x), as a trained denoiser's does, so float32 rounding is not
 * amplified along the chain; a purely random MLP would make the chain expand by up to 1/√ā_T. The step is not of the
 * {@code act(W x + c)} form of {@link io.jkernels.pcr.Mlp}, so the chain is solved by {@link NewtonChain} (Newton's
 * iteration over the public {@link Pcr#solveDenseRecurrence}, stopping rule relative to the states' scale) with the
 * Jacobians {@code J_k = (α + β√(1 − ā)) I + β V diag(1 − h_k²) U}. Each sample is its own chain. The DDIM sampler
 * with a larger denoiser, the paper's setting, is {@link DdimSampler}.
 */
public final class DiffusionSampler {
  private DiffusionSampler() {}

  /** T steps, state width, denoiser hidden width, number of samples, seed, timing, Newton's rule. */
  public record Config(int steps, int width, int hidden, int batch, long seed, Timing timing, NewtonOptions newton) {
    public Config {
      if (timing == null || newton == null) {
        throw new IllegalArgumentException("timing and newton must not be null");
      }
      if (steps < 1 || width < 1 || hidden < 1 || batch < 1) {
        throw new IllegalArgumentException("steps, width, hidden and batch must be >= 1, got " + steps
            + ", " + width + ", " + hidden + ", " + batch);
      }
    }

    /** {@link NewtonChain#defaultOptions(int)}: tolerance 1e-6 relative, at most steps + 1 iterations. */
    public static NewtonOptions defaultNewton(int steps) {
      return NewtonChain.defaultOptions(steps);
    }
  }

  /**
   * Wall times (s, the fastest run, {@link Timing}), Newton's iterations (most and total over the samples), the
   * worst final residual (relative, as the stopping rule), whether every sample converged or hit a non-finite value, the
   * agreement of the whole trajectories (batch×T×width) and of the final samples x_0 (batch×width).
   */
  public record Result(Config config, double sequentialSeconds, double newtonSeconds, int maxIterations,
      int totalIterations, double residual, boolean converged, boolean nonFinite, Agreement trajectories,
      Agreement samples) implements SamplerComparison {
    @Override
    public String setting() {
      return String.format(java.util.Locale.ROOT, "ddpm T=%d, width %d, denoiser 1 x %d tanh, %d samples",
          config.steps(), config.width(), config.hidden(), config.batch());
    }
  }

  /** Draws the denoiser, the start and the noise from the seed, then samples both ways. */
  public static Result run(Pcr pcr, Config c) {
    Model model = Model.random(c, new Random(c.seed()));
    NewtonChain.Compared r = NewtonChain.compareEach(pcr, model::chain, c.batch(), model.start, c.newton(),
        c.timing());
    NewtonChain.Batch n = r.newton();
    return new Result(c, r.sequentialSeconds(), r.newtonSeconds(), n.maxIterations(), n.totalIterations(),
        n.residual(), n.converged(), n.nonFinite(), r.trajectories(), r.samples());
  }

  /** The schedule, the denoiser, the start x_T and the noise z: everything that fixes the trajectories. */
  static final class Model {
    final int steps;
    final int width;
    final int hidden;
    final int batch;
    final float[] alpha;   // per step k = T − t, k = 0..T−1
    final float[] beta;
    final float[] sigma;
    final float[] skip;    // per step k: √(1 − ā_t), the denoiser's linear part
    final float[] u;       // hidden×width
    final float[] c;       // hidden
    final float[] embed;   // steps×hidden, e_t by step k
    final float[] v;       // width×hidden
    final float[] d;       // width
    final float[] start;   // batch×width, x_T
    final float[] noise;   // batch×steps×width, z by step k

    private Model(Config cfg, Random random) {
      steps = cfg.steps();
      width = cfg.width();
      hidden = cfg.hidden();
      batch = cfg.batch();
      alpha = new float[steps];
      beta = new float[steps];
      sigma = new float[steps];
      skip = new float[steps];
      double scale = 1000.0 / steps;
      double alphaBar = 1;
      double[] betas = new double[steps + 1];
      double[] alphaBars = new double[steps + 1];
      for (int t = 1; t <= steps; t++) {
        double frac = steps == 1 ? 0 : (t - 1) / (double) (steps - 1);
        betas[t] = Math.min(0.999, scale * (1e-4 + frac * (0.02 - 1e-4)));
        alphaBar *= 1 - betas[t];
        alphaBars[t] = alphaBar;
      }
      for (int k = 0; k < steps; k++) {
        int t = steps - k;
        double a = 1 - betas[t];
        alpha[k] = (float) (1 / Math.sqrt(a));
        beta[k] = (float) (-betas[t] / (Math.sqrt(a) * Math.sqrt(1 - alphaBars[t])));
        sigma[k] = t == 1 ? 0f : (float) Math.sqrt(betas[t]);
        skip[k] = (float) Math.sqrt(1 - alphaBars[t]);
      }
      u = gaussian(random, hidden * width, 1 / Math.sqrt(width));
      c = gaussian(random, hidden, 0.1);
      v = gaussian(random, width * hidden, 1 / Math.sqrt(hidden));
      d = gaussian(random, width, 0.1);
      embed = new float[steps * hidden];
      for (int j = 0; j < hidden; j++) {
        double frequency = Math.pow(1e-3, j / (double) hidden);
        double phase = random.nextDouble() * 2 * Math.PI;
        for (int k = 0; k < steps; k++) {
          embed[k * hidden + j] = (float) (0.5 * Math.sin((steps - k) * frequency + phase));
        }
      }
      start = gaussian(random, batch * width, 1);
      noise = gaussian(random, batch * steps * width, 1);
    }

    static Model random(Config cfg, Random random) {
      return new Model(cfg, random);
    }

    private static float[] gaussian(Random random, int n, double sd) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (sd * random.nextGaussian());
      }
      return x;
    }

    /**
     * One denoising step k of sample s from {@code prev} (at {@code prevOff}) into {@code out} (at {@code outOff}):
     * {@code α p + β (√(1 − ā) p + V tanh(U p + c + e) + d) + σ z}, dot products accumulated in double. When {@code act} is
     * not null it receives tanh(U p + c + e) (hidden), for the Jacobian.
     */
    void step(int s, int k, float[] prev, int prevOff, float[] out, int outOff, float[] act) {
      float[] h = act != null ? act : new float[hidden];
      for (int i = 0; i < hidden; i++) {
        double pre = c[i] + embed[k * hidden + i];
        for (int j = 0; j < width; j++) {
          pre += (double) u[i * width + j] * prev[prevOff + j];
        }
        h[i] = (float) Math.tanh(pre);
      }
      int z = (s * steps + k) * width;
      for (int j = 0; j < width; j++) {
        double eps = d[j] + skip[k] * (double) prev[prevOff + j];
        for (int i = 0; i < hidden; i++) {
          eps += (double) v[j * hidden + i] * h[i];
        }
        out[outOff + j] = (float) (alpha[k] * (double) prev[prevOff + j] + beta[k] * eps
            + sigma[k] * (double) noise[z + j]);
      }
    }

    /** Sample s's chain of T steps (for {@link NewtonChain}). */
    NewtonChain.Chain chain(int s) {
      return new NewtonChain.Chain() {
        @Override
        public int steps() {
          return steps;
        }

        @Override
        public int width() {
          return width;
        }

        @Override
        public void evaluate(int k, float[] prev, int prevOff, float[] out, int outOff) {
          step(s, k, prev, prevOff, out, outOff, null);
        }

        @Override
        public void jacobian(int k, float[] prev, int prevOff, float[] jacobian, int off) {
          Model.this.jacobian(k, prev, prevOff, jacobian, off);
        }
      };
    }

    /** The plain sampler: step after step; trajectories batch×steps×width (step k holds x_{T−1−k}). */
    float[] sampleSequentially() {
      return NewtonChain.sequentialEach(this::chain, batch, start);
    }

    /** Newton-PCR, one sample at a time (each sample is its own chain and converges on its own). */
    NewtonChain.Batch sampleByNewton(Pcr pcr, NewtonOptions options) {
      return NewtonChain.solveEach(pcr, this::chain, batch, start, options);
    }

    /** Step k's Jacobian {@code J_k = (α_k + β_k √(1 − ā)) I + β_k V diag(1 − h_k²) U} at {@code prev}. */
    private void jacobian(int k, float[] prev, int prevOff, float[] a, int off) {
      float[] h = new float[hidden];
      float[] unused = new float[width];
      step(0, k, prev, prevOff, unused, 0, h);   // the activations h_k (the noise term does not enter J)
      double[] m = new double[hidden * width];
      for (int i = 0; i < hidden; i++) {
        double g = 1 - (double) h[i] * h[i];
        for (int j = 0; j < width; j++) {
          m[i * width + j] = g * u[i * width + j];
        }
      }
      double diagonal = alpha[k] + (double) beta[k] * skip[k];
      for (int r = 0; r < width; r++) {
        for (int col = 0; col < width; col++) {
          double sum = 0;
          for (int i = 0; i < hidden; i++) {
            sum += v[r * hidden + i] * m[i * width + col];
          }
          a[off + r * width + col] = (float) (beta[k] * sum + (r == col ? diagonal : 0));
        }
      }
    }
  }
}
