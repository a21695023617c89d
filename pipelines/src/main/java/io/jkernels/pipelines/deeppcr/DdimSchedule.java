package io.jkernels.pipelines.deeppcr;

/**
 * DDIM's sub-sequence of S steps out of a DDPM training schedule of T steps and each step's coefficients (the
 * formulas are in {@link DdimSampler}'s class comment). Training schedule: linear β_t from 1e-4·1000/T to
 * 0.02·1000/T (capped at 0.999; T = 1000 is DDPM's), {@code ᾱ_t = ∏_{i ≤ t}(1 − β_i)}, ᾱ_0 = 1. Sub-sequence:
 * {@code τ_i = ⌊i·T/S⌋}, i = 0..S (τ_0 = 0, τ_S = T, strictly increasing since S ≤ T). Step k = 0..S−1 goes from
 * {@code t = τ_{S−k}} to {@code p = τ_{S−k−1}}. Everything in double; the sampler rounds each state to float32 once.
 */
final class DdimSchedule {
  final int steps;
  final int trainingSteps;
  /** Per step k: the timestep t the step starts from (the denoiser's time input). */
  final int[] time;
  /** Per step k: ᾱ_t and ᾱ_p. */
  final double[] alphaBarFrom;
  final double[] alphaBarTo;
  /** Per step k: √ᾱ_t and √(1 − ᾱ_t), the denoiser's scales. */
  final double[] signal;
  final double[] noiseLevel;
  /** Per step k: x_p = xCoefficient·x + netCoefficient·m(x, t) + sigma·z. */
  final double[] xCoefficient;
  final double[] netCoefficient;
  final double[] sigma;

  DdimSchedule(int steps, int trainingSteps, double eta) {
    this.steps = steps;
    this.trainingSteps = trainingSteps;
    double[] alphaBar = alphaBars(trainingSteps);
    time = new int[steps];
    alphaBarFrom = new double[steps];
    alphaBarTo = new double[steps];
    signal = new double[steps];
    noiseLevel = new double[steps];
    xCoefficient = new double[steps];
    netCoefficient = new double[steps];
    sigma = new double[steps];
    for (int k = 0; k < steps; k++) {
      int t = tau(steps - k, steps, trainingSteps);
      int p = tau(steps - k - 1, steps, trainingSteps);
      double at = alphaBar[t];
      double ap = alphaBar[p];
      time[k] = t;
      alphaBarFrom[k] = at;
      alphaBarTo[k] = ap;
      double a = Math.sqrt(at);
      double s = Math.sqrt(1 - at);
      double aTo = Math.sqrt(ap);
      double sig = eta * Math.sqrt((1 - ap) / (1 - at)) * Math.sqrt(1 - at / ap);
      double c = Math.sqrt(Math.max(0, 1 - ap - sig * sig));
      signal[k] = a;
      noiseLevel[k] = s;
      xCoefficient[k] = aTo * a + c * s;
      netCoefficient[k] = c * a - aTo * s;
      sigma[k] = sig;
    }
  }

  /** τ_i = ⌊i·T/S⌋. */
  static int tau(int i, int steps, int trainingSteps) {
    return (int) ((long) i * trainingSteps / steps);
  }

  /** ᾱ_0..ᾱ_T of the linear training schedule. */
  static double[] alphaBars(int trainingSteps) {
    double scale = 1000.0 / trainingSteps;
    double[] alphaBar = new double[trainingSteps + 1];
    alphaBar[0] = 1;
    for (int t = 1; t <= trainingSteps; t++) {
      double frac = trainingSteps == 1 ? 0 : (t - 1) / (double) (trainingSteps - 1);
      double beta = Math.min(0.999, scale * (1e-4 + frac * (0.02 - 1e-4)));
      alphaBar[t] = alphaBar[t - 1] * (1 - beta);
    }
    return alphaBar;
  }
}
