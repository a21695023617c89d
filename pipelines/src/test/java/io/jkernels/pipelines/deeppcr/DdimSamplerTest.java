package io.jkernels.pipelines.deeppcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.cuda.EmulatedCuda;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DdimSamplerTest {
  /**
   * Both samplers are float32 states from the same double-accumulated step; they differ by rounding (~1e-7 relative
   * per step) and by Newton's stop at 1e-6 relative per step. The chain amplifies a perturbation by at most
   * exp(θ_T Lip(m)) (class comment of DdimSampler; ‖∂m/∂x‖ ≤ 0.75 measured at random points, so ≲ 3): measured
   * agreement is 4e-8 (S = 1) to 1e-5 (x_0 at S = 1000), so 1e-4 leaves a decade of margin, while one Newton
   * iteration too few leaves 2e-2 (checked below).
   */
  private static final double TOLERANCE = 1e-4;

  static Stream<Arguments> backendsAndSizes() {
    // S = 1 (one map, one solve), 2, 7 (prime), 33 (past a power of two), 100 (the CLI's default); widths 1 (a
    // scalar chain), primes and 16; hidden widths odd, prime and >= 64 (the "larger denoiser").
    return CpuPcrs.all().flatMap(pcr -> Stream.of(Arguments.of(pcr, 1, 5, 64), Arguments.of(pcr, 2, 1, 7),
        Arguments.of(pcr, 7, 3, 67), Arguments.of(pcr, 33, 8, 64), Arguments.of(pcr, 100, 16, 64)));
  }

  @ParameterizedTest
  @MethodSource("backendsAndSizes")
  void newtonPcrMatchesTheSequentialDdimSampler(Pcr pcr, int steps, int width, int hidden) {
    DdimSampler.Result r = DdimSampler.run(pcr, DdimSampler.Config.of(steps, width, hidden, 2, 11));
    assertAgrees(r);
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void stochasticDdimWithNoiseDrawnUpFrontAlsoMatches(Pcr pcr) {
    // η = 1 (DDPM's variance) and a short training schedule T = 40 that S = 13 does not divide.
    DdimSampler.Result r = DdimSampler.run(pcr, new DdimSampler.Config(13, 40, 6, 65, 3, 1.0, 5, Timing.once(),
        NewtonChain.defaultOptions(13)));
    assertAgrees(r);
  }

  @Test
  void emulatedCudaAtASmallSize() {
    Assumptions.assumeTrue(EmulatedCuda.unavailabilityCause().isEmpty(), "emulated CUDA driver not built");
    try (KernelContext ctx = new BackendContext(Backend.CUDA, EmulatedCuda.openBackend())) {
      // PCR proper runs here (the CPU backends sweep): S = 9 (not a power of two), width 3, hidden 64.
      assertAgrees(DdimSampler.run(ctx.pcr(), DdimSampler.Config.of(9, 3, 64, 1, 2)));
    }
  }

  private static void assertAgrees(DdimSampler.Result r) {
    int steps = r.config().steps();
    assertTrue(r.converged(), "converged: " + r);
    assertFalse(r.nonFinite());
    assertTrue(r.maxIterations() >= 1 && r.maxIterations() <= steps + 1, "iterations " + r.maxIterations());
    assertTrue(r.totalIterations() >= r.maxIterations()
        && r.totalIterations() <= r.config().batch() * r.maxIterations(), "total " + r.totalIterations());
    assertTrue(r.residual() <= r.config().newton().tolerance(), "residual " + r.residual());
    assertTrue(r.samples().within(TOLERANCE), "x_0 " + r.samples());
    assertTrue(r.trajectories().within(TOLERANCE), "trajectories " + r.trajectories());
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void oneStepIsSolvedByTheFirstNewtonIteration(Pcr pcr) {
    DdimSampler.Result r = DdimSampler.run(pcr, DdimSampler.Config.of(1, 4, 64, 3, 1));
    assertEquals(1, r.maxIterations());
    assertEquals(3, r.totalIterations());
    assertTrue(r.converged());
  }

  @ParameterizedTest
  @MethodSource("io.jkernels.pipelines.deeppcr.TrainingExampleTest#backends")
  void aCapOfOneIterationIsReportedUnconvergedNeverWrongAndConverged(Pcr pcr) {
    for (int cap = 1; cap <= 4; cap++) {
      DdimSampler.Result r = DdimSampler.run(pcr, new DdimSampler.Config(40, 1000, 8, 64, 2, 0, 3, Timing.once(),
          new NewtonOptions(1e-6, cap)));
      assertTrue(r.maxIterations() <= cap);
      assertTrue(!r.converged() || r.samples().within(TOLERANCE), "converged yet wrong at cap " + cap + ": " + r);
      if (cap == 1) {
        // One Newton step leaves the nonlinear chain far from solved: the flag must say so, and it is true.
        assertFalse(r.converged(), "cap 1 " + r);
        assertTrue(r.residual() > 1e-6, "residual " + r.residual());
        assertFalse(r.samples().within(TOLERANCE), "one iteration cannot already match: " + r.samples());
      }
    }
  }

  @Test
  void theStepIsTheTextbookDdimUpdate() {
    // x̂_0 = (x − √(1−ᾱ_t) ε)/√ᾱ_t, x_p = √ᾱ_p x̂_0 + √(1 − ᾱ_p − σ²) ε + σ z, ε = √(1−ᾱ_t) x + √ᾱ_t m, in double.
    for (double eta : new double[] {0, 0.5, 1}) {
      DdimSampler.Problem p = DdimSampler.problem(new DdimSampler.Config(10, 1000, 5, 16, 1, eta, 9, Timing.once(),
          NewtonChain.defaultOptions(10)));
      Random random = new Random(4);
      for (int k = 0; k < 10; k++) {
        float[] x = new float[5];
        double[] xd = new double[5];
        for (int j = 0; j < 5; j++) {
          x[j] = (float) random.nextGaussian();
          xd[j] = x[j];
        }
        float[] out = new float[5];
        p.step(0, k, x, 0, out, 0);
        double[] m = new double[5];
        p.denoiser.evaluate(k, xd, m, new double[16], new double[16]);
        double at = p.schedule.alphaBarFrom[k];
        double ap = p.schedule.alphaBarTo[k];
        double sigma = eta * Math.sqrt((1 - ap) / (1 - at)) * Math.sqrt(1 - at / ap);
        assertEquals(sigma, p.schedule.sigma[k], 1e-15);
        if (k == 9) {
          assertEquals(1.0, ap, "the last step lands on t = 0");
          assertEquals(0.0, sigma, "and adds no noise");
        }
        for (int j = 0; j < 5; j++) {
          double eps = Math.sqrt(1 - at) * xd[j] + Math.sqrt(at) * m[j];
          double x0 = (xd[j] - Math.sqrt(1 - at) * eps) / Math.sqrt(at);
          double want = Math.sqrt(ap) * x0 + Math.sqrt(Math.max(0, 1 - ap - sigma * sigma)) * eps
              + sigma * p.noise[k * 5 + j];
          // out is the double value rounded to float32 once (6e-8 relative); the textbook form divides by
          // √ᾱ_t ≥ 0.006, losing at most ~1e-13: 1e-6 of the state's scale is safe and would catch any wrong term.
          assertEquals(want, out[j], 1e-6 * Math.max(1, Math.abs(want)), "step " + k + " eta " + eta);
        }
      }
    }
  }

  @Test
  void theScheduleIsDdimsSubSequence() {
    DdimSchedule s = new DdimSchedule(4, 1000, 0);
    assertEquals(1000, s.time[0]);
    assertEquals(750, s.time[1]);
    assertEquals(250, s.time[3]);
    // Deterministic DDIM: x_p = cos Δ x − sin Δ m with ᾱ = cos²θ.
    for (int k = 0; k < 4; k++) {
      double delta = Math.acos(Math.sqrt(s.alphaBarFrom[k])) - Math.acos(Math.sqrt(s.alphaBarTo[k]));
      assertTrue(delta > 0);
      assertEquals(Math.cos(delta), s.xCoefficient[k], 1e-12);
      assertEquals(-Math.sin(delta), s.netCoefficient[k], 1e-12);
    }
    assertTrue(DdimSchedule.alphaBars(1000)[1000] < 1e-4, "x_T is (almost) pure noise");
  }

  @Test
  void denoiserJacobianMatchesCentralDifferences() {
    // In double: central differences with h = 1e-5 have truncation error ~h²·|m'''| ≈ 1e-10 and rounding
    // ~1e-16/h ≈ 1e-11, so 1e-7 of the largest entry checks every term of W3 D2 W2 D1 W1.
    int w = 7;
    int h = 65;
    DdimDenoiser d = new DdimDenoiser(w, h, new int[] {1000, 500, 3}, new Random(8));
    Random random = new Random(2);
    for (int k = 0; k < 3; k++) {
      double[] x = new double[w];
      for (int j = 0; j < w; j++) {
        x[j] = random.nextGaussian();
      }
      double[] h1 = new double[h];
      double[] h2 = new double[h];
      d.evaluate(k, x, new double[w], h1, h2);
      double[] jac = new double[w * w];
      d.jacobian(h1, h2, jac);
      double max = 0;
      for (double v : jac) {
        max = Math.max(max, Math.abs(v));
      }
      assertTrue(max > 1e-2, "a Jacobian that is not trivially zero");
      for (int c = 0; c < w; c++) {
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[c] += 1e-5;
        minus[c] -= 1e-5;
        double[] mp = new double[w];
        double[] mm = new double[w];
        d.evaluate(k, plus, mp, new double[h], new double[h]);
        d.evaluate(k, minus, mm, new double[h], new double[h]);
        for (int r = 0; r < w; r++) {
          assertEquals((mp[r] - mm[r]) / 2e-5, jac[r * w + c], 1e-7 * max, "d m_" + r + "/d x_" + c);
        }
      }
    }
  }

  @Test
  void stepJacobianMatchesFiniteDifferencesOfTheFloatStep() {
    // Deterministic and stochastic (the noise term is constant in x, so J is the same); S = 5 covers the last step.
    for (double eta : new double[] {0, 1}) {
      DdimSampler.Problem p = DdimSampler.problem(new DdimSampler.Config(5, 1000, 6, 64, 1, eta, 6, Timing.once(),
          NewtonChain.defaultOptions(5)));
      ChainJacobians.assertMatchFiniteDifferences(p.chain(0), 3);
    }
  }

  @Test
  void badConfigsAreClearIllegalArguments() {
    Timing once = Timing.once();
    NewtonOptions n = NewtonChain.defaultOptions(4);
    assertMessage(() -> new DdimSampler.Config(0, 1000, 4, 64, 1, 0, 1, once, n), "steps");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 0, 1, 0, 1, once, n), "hidden");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 0, 64, 1, 0, 1, once, n), "width");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 64, 0, 0, 1, once, n), "batch");
    assertMessage(() -> new DdimSampler.Config(4, 3, 4, 64, 1, 0, 1, once, n), "trainingSteps");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 64, 1, Double.NaN, 1, once, n), "eta");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 64, 1, Double.POSITIVE_INFINITY, 1, once, n), "eta");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 64, 1, -0.1, 1, once, n), "eta");
    assertMessage(() -> new DdimSampler.Config(4, Integer.MAX_VALUE, 4, 64, 1, 0, 1, once, n), "trainingSteps");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 100_000, 64, 1, 0, 1, once, n), "fit");
    assertMessage(() -> new DdimSampler.Config(4, 1000, 4, 50_000, 1, 0, 1, once, n), "fit");
    assertMessage(() -> NewtonChain.defaultOptions(0), "steps");
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new DdimSampler.Config(4, 1000, 4, 64, 1, 0, 1, null, n));
    assertEquals("timing", e.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String mention) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }
}
