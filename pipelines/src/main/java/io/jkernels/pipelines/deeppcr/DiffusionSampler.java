package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Arrays;
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
 * {@code act(W x + c)} form of {@link io.jkernels.pcr.Mlp}, so the Newton iteration lives here and uses the public
 * dense recurrence solver: with the current guess X, each iteration evaluates every step at once,
 * {@code f_k = F_k(x_{k−1})}, forms the Jacobians {@code J_k = (α + β√(1 − ā)) I + β V diag(1 − h_k²) U}, and
 * solves the linearised chain {@code x_k = J_k x_{k−1} + (f_k − J_k x_{k−1})} by {@link Pcr#solveDenseRecurrence}
 * (PCR on the GPU: O(T w³ log T) work in O(log T) parallel steps; a sweep on the CPU backends). It stops when
 * {@code max |x_k − F_k(x_{k−1})| ≤ tolerance · max(1, max |x|)} (relative to the states' scale, which depends on
 * the schedule) or after the iteration cap; a non-finite value stops it unconverged. Each sample is its own chain.
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

    /**
     * Tolerance 1e-6 relative to the states' scale (a residual of 1e-5 per step still adds up to ~1e-5 relative
     * error over the chain; 1e-6 sits a decade above float32 evaluation noise), at most steps + 1 iterations
     * (Newton on a chain of T maps is exact after T iterations in exact arithmetic).
     */
    public static NewtonOptions defaultNewton(int steps) {
      return new NewtonOptions(1e-6, steps + 1);
    }
  }

  /**
   * Wall times (s, the fastest run, {@link Timing}), Newton's iterations (most and total over the samples), the
   * worst final residual (relative, as the stopping rule), whether every sample converged or hit a non-finite value, the
   * agreement of the whole trajectories (batch×T×width) and of the final samples x_0 (batch×width).
   */
  public record Result(Config config, double sequentialSeconds, double newtonSeconds, int maxIterations,
      int totalIterations, double residual, boolean converged, boolean nonFinite, Agreement trajectories,
      Agreement samples) {}

  /** Draws the denoiser, the start and the noise from the seed, then samples both ways. */
  public static Result run(Pcr pcr, Config c) {
    Model model = Model.random(c, new Random(c.seed()));
    BestOf<float[]> sequential = BestOf.run(c.timing(), model::sampleSequentially);
    BestOf<Newton> newton = BestOf.run(c.timing(), () -> model.sampleByNewton(pcr, c.newton()));
    Newton n = newton.result();
    return new Result(c, sequential.seconds(), newton.seconds(), n.maxIterations, n.totalIterations, n.residual,
        n.converged, n.nonFinite, Agreement.of(n.trajectories, sequential.result()),
        Agreement.of(model.finalSamples(n.trajectories), model.finalSamples(sequential.result())));
  }

  /** The outcome of Newton-PCR over all samples. */
  record Newton(float[] trajectories, int maxIterations, int totalIterations, double residual, boolean converged,
      boolean nonFinite) {}

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

    /** The plain sampler: step after step; trajectories batch×steps×width (step k holds x_{T−1−k}). */
    float[] sampleSequentially() {
      float[] x = new float[batch * steps * width];
      for (int s = 0; s < batch; s++) {
        int base = s * steps * width;
        step(s, 0, start, s * width, x, base, null);
        for (int k = 1; k < steps; k++) {
          step(s, k, x, base + (k - 1) * width, x, base + k * width, null);
        }
      }
      return x;
    }

    /** Newton-PCR, one sample at a time (each sample is its own chain and converges on its own). */
    Newton sampleByNewton(Pcr pcr, NewtonOptions options) {
      float[] all = new float[batch * steps * width];
      int maxIterations = 0;
      int totalIterations = 0;
      double worstResidual = 0;
      boolean converged = true;
      boolean nonFinite = false;
      for (int s = 0; s < batch; s++) {
        float[] x0 = Arrays.copyOfRange(start, s * width, (s + 1) * width);
        float[] x = new float[steps * width];
        for (int k = 0; k < steps; k++) {
          System.arraycopy(x0, 0, x, k * width, width);   // the cheap guess: every state = x_T
        }
        float[] f = new float[steps * width];
        float[] acts = new float[steps * hidden];
        int iterations = 0;
        double residual;
        boolean sampleNonFinite;
        while (true) {
          // Evaluate every step at its current input at once (the parallel part of Newton-PCR).
          double maxDiff = 0;
          double maxAbs = 1;
          sampleNonFinite = false;
          float[] h = new float[hidden];
          for (int k = 0; k < steps; k++) {
            step(s, k, k == 0 ? x0 : x, k == 0 ? 0 : (k - 1) * width, f, k * width, h);
            System.arraycopy(h, 0, acts, k * hidden, hidden);
            for (int j = 0; j < width; j++) {
              float xi = x[k * width + j];
              float fi = f[k * width + j];
              if (!Float.isFinite(xi) || !Float.isFinite(fi)) {
                sampleNonFinite = true;
              }
              maxDiff = Math.max(maxDiff, Math.abs((double) xi - fi));
              maxAbs = Math.max(maxAbs, Math.abs(xi));
            }
          }
          residual = sampleNonFinite ? Double.POSITIVE_INFINITY : maxDiff / maxAbs;
          if (sampleNonFinite || residual <= options.tolerance() || iterations >= options.maxIterations()) {
            break;
          }
          float[][] system = linearise(x0, x, f, acts);
          x = pcr.solveDenseRecurrence(system[0], system[1], x0, steps, width);
          iterations++;
        }
        System.arraycopy(x, 0, all, s * steps * width, steps * width);
        maxIterations = Math.max(maxIterations, iterations);
        totalIterations += iterations;
        worstResidual = Math.max(worstResidual, residual);
        nonFinite |= sampleNonFinite;
        converged &= !sampleNonFinite && residual <= options.tolerance();
      }
      return new Newton(all, maxIterations, totalIterations, worstResidual, converged, nonFinite);
    }

    /**
     * The Newton system about the current guess: {@code A_k = J_k = (α_k + β_k √(1 − ā)) I + β_k V diag(1 − h_k²) U},
     * {@code b_k = f_k − J_k x_{k−1}} (x_{−1} = x_T), so that {@code x_k = A_k x_{k−1} + b_k}.
     */
    private float[][] linearise(float[] x0, float[] x, float[] f, float[] acts) {
      float[] a = new float[steps * width * width];
      float[] b = new float[steps * width];
      double[] m = new double[hidden * width];
      for (int k = 0; k < steps; k++) {
        float[] prev = k == 0 ? x0 : x;
        int prevOff = k == 0 ? 0 : (k - 1) * width;
        for (int i = 0; i < hidden; i++) {
          double g = 1 - (double) acts[k * hidden + i] * acts[k * hidden + i];
          for (int j = 0; j < width; j++) {
            m[i * width + j] = g * u[i * width + j];
          }
        }
        double diagonal = alpha[k] + (double) beta[k] * skip[k];
        int ak = k * width * width;
        for (int r = 0; r < width; r++) {
          double jx = 0;
          for (int col = 0; col < width; col++) {
            double sum = 0;
            for (int i = 0; i < hidden; i++) {
              sum += v[r * hidden + i] * m[i * width + col];
            }
            double jrc = beta[k] * sum + (r == col ? diagonal : 0);
            a[ak + r * width + col] = (float) jrc;
            jx += jrc * prev[prevOff + col];
          }
          b[k * width + r] = (float) (f[k * width + r] - jx);
        }
      }
      return new float[][] {a, b};
    }

    /** The final samples x_0 (the last step of each trajectory): batch×width. */
    float[] finalSamples(float[] trajectories) {
      float[] out = new float[batch * width];
      for (int s = 0; s < batch; s++) {
        System.arraycopy(trajectories, (s * steps + steps - 1) * width, out, s * width, width);
      }
      return out;
    }
  }
}
