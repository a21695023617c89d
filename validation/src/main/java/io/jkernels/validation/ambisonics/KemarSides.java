package io.jkernels.validation.ambisonics;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Hrtf;
import java.util.SplittableRandom;

/**
 * The sign of the interaural cues with a measured head: white noise encoded at azimuth +90° (the left, in this
 * package's convention) and rendered binaurally with the MIT KEMAR set must reach the left ear louder (ILD &gt; 6 dB,
 * KEMAR measures about 10–20 dB broadband at 90°) and earlier: below 1 kHz, where the ITD is the cue and where
 * MagLS keeps the HRTF phase, the cross-correlation of the low-passed ears peaks with the left ear leading by 0.3 to
 * 1.2 ms (a sphere of 8.75 cm gives 3a/c ≈ 0.77 ms at low frequencies). The same for −90° with the ears swapped.
 */
final class KemarSides {
  private KemarSides() {}

  static double check(KernelContext ctx, SplittableRandom rnd, Hrtf kemar) {
    int order = 3;
    float[] noise = ConvolutionChecks.random(rnd, 2048);
    for (int side : new int[] {1, -1}) {
      float[] b = ConvolutionChecks.encode(noise, order, side * Math.PI / 2, 0);
      // +90° through the public one-call path, −90° through a decoder built once (the same MagLS design)
      float[][] ears = side > 0 ? ctx.ambisonics().binaural(kemar, b, order)
          : ctx.ambisonics().binaural(io.jkernels.ambisonics.BinauralDecoder.magLs(kemar, order), b);
      float[] near = side > 0 ? ears[0] : ears[1];
      float[] far = side > 0 ? ears[1] : ears[0];
      double ild = 10 * Math.log10(energy(near) / energy(far));
      String where = side > 0 ? "+90° (left)" : "−90° (right)";
      if (!(ild > 6)) {
        throw new AssertionError("source at " + where + ": near ear only " + ild + " dB louder than the far ear");
      }
      int lag = lagOfPeak(lowPass(near, kemar.sampleRate()), lowPass(far, kemar.sampleRate()),
          (int) (0.002 * kemar.sampleRate()));
      double ms = 1000.0 * lag / kemar.sampleRate();
      if (!(ms >= 0.3 && ms <= 1.2)) {
        throw new AssertionError("source at " + where + ": far ear lags the near ear by " + ms + " ms, expected"
            + " 0.3 to 1.2 ms below 1 kHz (ILD " + ild + " dB)");
      }
    }
    return 0;
  }

  /** A linear-phase low-pass at 1 kHz (Hann-windowed sinc, 255 taps): the same delay on both ears. */
  static float[] lowPass(float[] v, double rate) {
    int half = 127;
    double fc = 1000 / rate;
    double[] taps = new double[2 * half + 1];
    for (int i = -half; i <= half; i++) {
      double sinc = i == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * i) / (Math.PI * i);
      taps[i + half] = sinc * (0.5 + 0.5 * Math.cos(Math.PI * i / (half + 1)));
    }
    float[] out = new float[v.length];
    for (int t = 0; t < v.length; t++) {
      double s = 0;
      for (int i = -half; i <= half; i++) {
        int u = t - i;
        if (u >= 0 && u < v.length) {
          s += taps[i + half] * v[u];
        }
      }
      out[t] = (float) s;
    }
    return out;
  }

  private static double energy(float[] v) {
    double e = 0;
    for (float x : v) {
      e += (double) x * x;
    }
    return e;
  }

  /** The lag L in [−max, max] maximising Σ near[t]·far[t + L]: positive when far comes later. */
  private static int lagOfPeak(float[] near, float[] far, int max) {
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int lag = -max; lag <= max; lag++) {
      double s = 0;
      for (int t = Math.max(0, -lag); t < near.length && t + lag < far.length; t++) {
        s += (double) near[t] * far[t + lag];
      }
      if (s > bestValue) {
        bestValue = s;
        best = lag;
      }
    }
    return best;
  }
}
