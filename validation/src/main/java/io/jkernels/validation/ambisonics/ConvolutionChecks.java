package io.jkernels.validation.ambisonics;

import java.util.function.BiFunction;
import io.jkernels.validation.Check;
import io.jkernels.KernelContext;
import io.jkernels.ambisonics.BinauralDecoder;
import io.jkernels.ambisonics.Hrtf;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.ConvolutionReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Conformance cases of {@code Ambisonics.convolve} and {@code Ambisonics.binaural}: random signals and responses
 * of awkward lengths (1, primes, lengths that fill no partition) against the float64 direct sums of
 * {@link ConvolutionReference}, the impulse identity, responses of different lengths in one call, bad input, the
 * symmetric-head identity of binaural rendering on a synthetic mirror-symmetric HRTF, the binaural result against
 * the direct sums of its own filters, and the ITD/ILD sign of a source on the left with the MIT KEMAR set.
 */
public final class ConvolutionChecks {
  /** The MIT KEMAR set of Debian's libmysofa-dev (.ci/run installs it); -Djkernels.kemar= points elsewhere. */
  public static final Path KEMAR = Path.of(System.getProperty("jkernels.kemar",
      "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa"));

  static final double CONVOLVE_TOLERANCE = 1e-5;
  static final String CONVOLVE_REASON = "float32 FFTs of 2B points round each bin log₂(2B) ≤ 17 times (ε = 6e-8),"
      + " relative to the output's norm: ~1e-6 expected, 10× margin";
  static final double IDENTITY_TOLERANCE = 1e-6;
  static final String IDENTITY_REASON = "exact in real arithmetic; the transforms' float32 rounding leaves ~1e-7";
  static final String EXACT = "exact semantics: the check throws on any difference";

  private ConvolutionChecks() {}

  /** A case of this family on the one {@link Check} record. */
  private static Check check(String operation, String caseName, double tolerance, String toleranceReason,
      boolean large, BiFunction<KernelContext, SplittableRandom, Double> body) {
    return new Check("ambisonics", operation, caseName, tolerance, toleranceReason, large, body);
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    int[][] shapes = {{1, 1, 1}, {1, 5, 2}, {7, 1, 3}, {2, 2, 4}, {13, 97, 2}, {101, 33, 4}, {257, 61, 1},
        {1009, 127, 3}, {4099, 250, 2}, {509, 1021, 19}};
    for (int[] s : shapes) {
      checks.add(check("convolve", "n=" + s[0] + " m=" + s[1] + " responses=" + s[2] + " random",
          CONVOLVE_TOLERANCE, CONVOLVE_REASON, false, (ctx, rnd) -> convolveRandom(ctx, rnd, s[0], s[1], s[2])));
    }
    checks.add(check("convolve", "n=16001 m=1601 responses=4 random (1 s at 16 kHz / 10)",
        CONVOLVE_TOLERANCE, CONVOLVE_REASON, true, (ctx, rnd) -> convolveRandom(ctx, rnd, 16001, 1601, 4)));
    checks.add(check("convolve", "n=40009 m=3001 responses=19 random", CONVOLVE_TOLERANCE,
        CONVOLVE_REASON, true, (ctx, rnd) -> convolveRandom(ctx, rnd, 40009, 3001, 19)));
    checks.add(check("convolve", "unit impulse and delayed impulse give the signal back",
        IDENTITY_TOLERANCE, IDENTITY_REASON, false, ConvolutionChecks::impulseIdentity));
    checks.add(check("convolve", "responses of lengths 1, 17, 40 and 3 in one call",
        CONVOLVE_TOLERANCE, CONVOLVE_REASON, false, ConvolutionChecks::mixedLengths));
    checks.add(check("convolve", "bad input: null, empty, NaN, ∞ → exceptions naming the argument", 0,
        EXACT, false, (ctx, rnd) -> BadInput.convolve(ctx)));
    checks.add(check("binaural", "bad input: null, wrong B-format length, NaN, order too high", 0,
        EXACT, false, (ctx, rnd) -> BadInput.binaural(ctx, SymmetricHead.hrtf())));
    for (int order : new int[] {1, 2}) {
      checks.add(check("binaural", "order " + order + " MagLS on a symmetric head: left(+φ) = right(−φ)",
          1e-5, "the two renders differ only in float32 rounding of mirrored filters (≤ 1e-6 of the output)",
          false, (ctx, rnd) -> symmetricIdentity(ctx, rnd, order, true)));
      checks.add(check("binaural", "order " + order + " least squares on a symmetric head:"
          + " left(+φ) = right(−φ)", 1e-5, "as the MagLS case", false,
          (ctx, rnd) -> symmetricIdentity(ctx, rnd, order, false)));
    }
    checks.add(check("binaural", "order 2 random B-format, 301 samples, against direct sums of the"
        + " decoder's filters", CONVOLVE_TOLERANCE, CONVOLVE_REASON + "; 9 channels summed per ear", false,
        ConvolutionChecks::binauralAgainstReference));
    checks.add(check("binaural", "KEMAR, order 3 MagLS: a source at +90° is louder and earlier in"
        + " the left ear", 0, EXACT, false, (ctx, rnd) -> KemarSides.check(ctx, rnd, hrtfOrFail())));
    return checks;
  }

  static double convolveRandom(KernelContext ctx, SplittableRandom rnd, int n, int m, int count) {
    float[] x = random(rnd, n);
    float[][] h = new float[count][];
    for (int k = 0; k < count; k++) {
      h[k] = random(rnd, m);
    }
    float[][] y = ctx.ambisonics().convolve(x, h);
    return worst(y, x, h);
  }

  static double impulseIdentity(KernelContext ctx, SplittableRandom rnd) {
    float[] x = random(rnd, 331);
    float[] delayed = new float[18];
    delayed[17] = 1f;
    float[][] y = ctx.ambisonics().convolve(x, new float[][] {{1f}, delayed});
    if (y[0].length != 331 || y[1].length != 348) {
      throw new AssertionError("output lengths " + y[0].length + ", " + y[1].length + ", expected 331, 348");
    }
    double[] shifted = new double[348];
    double[] same = new double[331];
    for (int t = 0; t < 331; t++) {
      same[t] = x[t];
      shifted[t + 17] = x[t];
    }
    return Math.max(Errors.relative(y[0], same), Errors.relative(y[1], shifted));
  }

  static double mixedLengths(KernelContext ctx, SplittableRandom rnd) {
    float[] x = random(rnd, 50);
    float[][] h = {random(rnd, 1), random(rnd, 17), random(rnd, 40), random(rnd, 3)};
    return worst(ctx.ambisonics().convolve(x, h), x, h);
  }

  static double symmetricIdentity(KernelContext ctx, SplittableRandom rnd, int order, boolean magLs) {
    Hrtf head = SymmetricHead.hrtf();
    BinauralDecoder decoder = magLs ? BinauralDecoder.magLs(head, order, 2000)
        : BinauralDecoder.leastSquares(head, order);
    float[] s = random(rnd, 97);
    double phi = rnd.nextDouble(0.1, 3.0);
    double theta = rnd.nextDouble(-1, 1);
    float[][] plus = ctx.ambisonics().binaural(decoder, encode(s, order, phi, theta));
    float[][] minus = ctx.ambisonics().binaural(decoder, encode(s, order, -phi, theta));
    if (plus[0].length != 97 + SymmetricHead.TAPS - 1) {
      throw new AssertionError("binaural output length " + plus[0].length + ", expected T + L − 1 = "
          + (97 + SymmetricHead.TAPS - 1));
    }
    double e1 = Errors.relative(plus[0], toDouble(minus[1]));
    double e2 = Errors.relative(plus[1], toDouble(minus[0]));
    // and the head is not trivially symmetric: the two ears of one source differ
    if (Errors.relative(plus[0], toDouble(plus[1])) < 1e-2) {
      throw new AssertionError("left and right of a source at φ = " + phi + " are the same: the check is void");
    }
    return Math.max(e1, e2);
  }

  static double binauralAgainstReference(KernelContext ctx, SplittableRandom rnd) {
    int order = 2;
    BinauralDecoder decoder = BinauralDecoder.magLs(SymmetricHead.hrtf(), order, 1500);
    float[] b = random(rnd, 9 * 301);
    float[][] out = ctx.ambisonics().binaural(decoder, b);
    float[][][] filters = new float[2][9][];
    for (int c = 0; c < 9; c++) {
      filters[0][c] = decoder.left(c);
      filters[1][c] = decoder.right(c);
    }
    double[][] ref = ConvolutionReference.binaural(filters, b);
    return Math.max(Errors.relative(out[0], ref[0]), Errors.relative(out[1], ref[1]));
  }

  /** B-format of one source, SN3D gains of (φ, θ), planar. */
  static float[] encode(float[] s, int order, double azimuth, double elevation) {
    double[] y = SphericalHarmonics.real(order, azimuth, elevation, Normalization.SN3D);
    float[] b = new float[y.length * s.length];
    for (int c = 0; c < y.length; c++) {
      for (int t = 0; t < s.length; t++) {
        b[c * s.length + t] = (float) (y[c] * s[t]);
      }
    }
    return b;
  }

  /** KEMAR, read once per JVM (it is immutable); a missing file fails the check, it never skips it. */
  static Hrtf hrtfOrFail() {
    if (!Files.isRegularFile(KEMAR)) {
      throw new AssertionError(KEMAR + " is missing (apt-get install libmysofa-dev, as .ci/run does)");
    }
    return Kemar.SET;
  }

  private static final class Kemar {
    static final Hrtf SET = load();

    private static Hrtf load() {
      try {
        return Hrtf.loadSofa(KEMAR);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static double worst(float[][] y, float[] x, float[][] h) {
    double worst = 0;
    for (int k = 0; k < h.length; k++) {
      worst = Math.max(worst, Errors.relative(y[k], ConvolutionReference.convolve(x, h[k])));
    }
    return worst;
  }

  static float[] random(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
