package io.jkernels.validation.ambisonics;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.ShRotation;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.AmbisonicsReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The conformance cases of the ambisonics family (issue 10): every operation against the float64 sequential
 * reference at awkward sizes (1 sample, primes, tails beyond the CPU tile of 2048 and the 256-thread CUDA block),
 * plus the analytic promises in {@link AmbisonicsProperties}: rotation equivariance, composition, transpose and
 * per-degree energy, SAF's published order-4 matrix, decoders on t-designs, max-rE, the moving source's spectrum,
 * NFC filters, and the argument checks.
 */
public final class AmbisonicsChecks {
  private AmbisonicsChecks() {}

  @FunctionalInterface
  interface Measure {
    double measure(Ambisonics ambisonics, SplittableRandom random);
  }

  record Check(String operation, String caseName, double tolerance, String toleranceReason, boolean large,
      Measure body) implements ConformanceCheck {
    @Override
    public String family() {
      return "ambisonics";
    }

    @Override
    public double measure(KernelContext context, SplittableRandom random) {
      return body.measure(context.ambisonics(), random);
    }
  }

  static final String PRODUCT_REASON = "one float32 product per sample of a gain rounded once from float64: "
      + "relative error ≤ 2ε = 1.2e-7";
  static final String SUM_REASON = "a sum of at most (N+1)² or M float32 products (gains rounded once): error "
      + "≤ (terms + 2)·ε relative to Σ|terms| ≈ 4e-6 for 64 terms, measured against Σ|terms|";

  private static final Normalization[] NORMS = {Normalization.SN3D, Normalization.N3D, Normalization.ORTHONORMAL};

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    encode(checks);
    encodeSources(checks);
    encodeMoving(checks);
    rotate(checks);
    decode(checks);
    AmbisonicsProperties.all(checks);
    return checks;
  }

  static float[] signal(SplittableRandom random, int samples) {
    float[] s = new float[samples];
    for (int t = 0; t < samples; t++) {
      s[t] = (float) random.nextDouble(-1, 1);
    }
    return s;
  }

  static double azimuth(SplittableRandom random) {
    return random.nextDouble(-Math.PI, Math.PI);
  }

  static double elevation(SplittableRandom random) {
    return Math.asin(random.nextDouble(-1, 1));
  }

  private static void encode(List<ConformanceCheck> checks) {
    int[][] cases = {{0, 1}, {1, 2}, {1, 31}, {2, 256}, {3, 257}, {5, 4099}, {8, 33}};
    int i = 0;
    for (int[] c : cases) {
      Normalization norm = NORMS[i++ % NORMS.length];
      int order = c[0];
      int samples = c[1];
      checks.add(new Check("encode", "order=" + order + " samples=" + samples + " " + norm, 1e-6, PRODUCT_REASON,
          false, (a, random) -> {
            float[] s = signal(random, samples);
            double az = azimuth(random);
            double el = elevation(random);
            float[] out = a.encode(s, order, az, el, norm);
            return Errors.relative(out, AmbisonicsReference.encodeSources(new float[][] {s}, new double[] {az},
                new double[] {el}, null, order, norm));
          }));
    }
    checks.add(new Check("encode", "order=1 samples=17 FUMA (W,X,Y,Z)", 1e-6, PRODUCT_REASON, false,
        (a, random) -> {
          float[] s = signal(random, 17);
          double az = azimuth(random);
          double el = elevation(random);
          return Errors.relative(a.encode(s, 1, az, el, Normalization.FUMA), AmbisonicsReference.encodeSources(
              new float[][] {s}, new double[] {az}, new double[] {el}, null, 1, Normalization.FUMA));
        }));
  }

  private static void encodeSources(List<ConformanceCheck> checks) {
    int[][] cases = {{1, 1, 1}, {3, 2, 7}, {8, 3, 4099}, {13, 5, 131}, {5, 8, 2053}, {2, 0, 300}, {16, 3, 65537}};
    int i = 0;
    for (int[] c : cases) {
      int sources = c[0];
      int order = c[1];
      int samples = c[2];
      Normalization norm = NORMS[i++ % NORMS.length];
      for (boolean distance : new boolean[] {false, true}) {
        if (distance && sources == 1) {
          continue;
        }
        checks.add(new Check("encodeSources", "sources=" + sources + " order=" + order + " samples=" + samples + " "
            + norm + (distance ? " 1/r" : ""), 2e-6, SUM_REASON, samples > 60000, (a, random) -> {
              float[][] s = new float[sources][];
              double[] az = new double[sources];
              double[] el = new double[sources];
              double[] r = new double[sources];
              for (int m = 0; m < sources; m++) {
                s[m] = signal(random, samples);
                az[m] = azimuth(random);
                el[m] = elevation(random);
                r[m] = random.nextDouble(0.3, 20);
              }
              double[] d = distance ? r : null;
              float[] out = distance ? a.encodeSources(s, az, el, r, order, norm)
                  : a.encodeSources(s, az, el, order, norm);
              return Errors.relativeToScale(out, AmbisonicsReference.encodeSources(s, az, el, d, order, norm),
                  AmbisonicsReference.encodeSourcesScale(s, az, el, d, order, norm));
            }));
      }
    }
  }

  private static void encodeMoving(List<ConformanceCheck> checks) {
    // {order, samples, keyframes, hop}: one keyframe, hop 1, hops crossing the CPU tile and the CUDA block, a tail
    // after the last keyframe.
    int[][] cases = {{1, 1, 1, 1}, {1, 9, 9, 1}, {2, 100, 11, 10}, {3, 4099, 5, 1000}, {4, 513, 40, 13},
        {3, 3001, 2, 2049}};
    for (int[] c : cases) {
      int order = c[0];
      int samples = c[1];
      int frames = c[2];
      int hop = c[3];
      checks.add(new Check("encodeMoving", "order=" + order + " samples=" + samples + " keyframes=" + frames
          + " hop=" + hop, 1e-6, "g0 + (g1 − g0)·w in float32 (w, the difference and the product each rounded): "
          + "≤ 4ε relative to (|g0| + |g1|)·|s|", false, (a, random) -> {
            float[] s = signal(random, samples);
            double[] az = new double[frames];
            double[] el = new double[frames];
            for (int f = 0; f < frames; f++) {
              az[f] = azimuth(random);
              el[f] = elevation(random);
            }
            Normalization norm = Normalization.SN3D;
            float[] out = a.encodeMoving(s, az, el, hop, order, norm);
            double[] ref = AmbisonicsReference.encodeMoving(s, az, el, hop, order, norm);
            int k = (order + 1) * (order + 1);
            double[] scale = new double[ref.length];
            for (int t = 0; t < samples; t++) {
              int f = Math.min(t / hop, frames - 1);
              double[] y0 = AmbisonicsReference.sh(order, az[f], el[f], norm);
              double[] y1 = AmbisonicsReference.sh(order, az[Math.min(f + 1, frames - 1)],
                  el[Math.min(f + 1, frames - 1)], norm);
              for (int ch = 0; ch < k; ch++) {
                scale[ch * samples + t] = (Math.abs(y0[ch]) + Math.abs(y1[ch])) * Math.abs(s[t]);
              }
            }
            return Errors.relativeToScale(out, ref, scale);
          }));
    }
  }

  private static void rotate(List<ConformanceCheck> checks) {
    // The last case is large (many grid-stride passes on a GPU; skipped under emulation).
    int[][] cases = {{0, 5}, {1, 1}, {2, 33}, {3, 4099}, {4, 257}, {6, 1031}, {8, 64}, {4, 131101}};
    for (int[] c : cases) {
      int order = c[0];
      int samples = c[1];
      checks.add(new Check("rotate", "order=" + order + " samples=" + samples, 2e-6, SUM_REASON, samples > 100000,
          (a, random) -> {
            int k = (order + 1) * (order + 1);
            float[] b = signal(random, k * samples);
            double yaw = random.nextDouble(-Math.PI, Math.PI);
            double pitch = random.nextDouble(-Math.PI / 2, Math.PI / 2);
            double roll = random.nextDouble(-Math.PI, Math.PI);
            double[] m = ShRotation.matrix(order, yaw, pitch, roll);
            return Errors.relativeToScale(a.rotate(b, order, yaw, pitch, roll),
                AmbisonicsReference.apply(m, k, k, b, samples), AmbisonicsReference.applyScale(m, k, k, b, samples));
          }));
    }
    checks.add(new Check("rotate", "yaw only order=5 samples=301", 2e-6, SUM_REASON, false, (a, random) -> {
      int k = 36;
      float[] b = signal(random, k * 301);
      double yaw = random.nextDouble(-Math.PI, Math.PI);
      double[] m = ShRotation.matrix(5, yaw, 0, 0);
      return Errors.relativeToScale(a.rotate(b, 5, yaw, 0, 0), AmbisonicsReference.apply(m, k, k, b, 301),
          AmbisonicsReference.applyScale(m, k, k, b, 301));
    }));
    // {order, samples, rotations, block}
    int[][] varying = {{1, 10, 4, 3}, {2, 1000, 7, 128}, {3, 4099, 3, 2048}, {1, 700, 1, 50}};
    for (int[] c : varying) {
      int order = c[0];
      int samples = c[1];
      int frames = c[2];
      int block = c[3];
      checks.add(new Check("rotate (time-varying)", "order=" + order + " samples=" + samples + " rotations="
          + frames + " block=" + block, 2e-6, SUM_REASON + "; the crossfade weight adds ≤ 2ε", false,
          (a, random) -> {
            int k = (order + 1) * (order + 1);
            float[] b = signal(random, k * samples);
            double[] yaws = new double[frames];
            double[] pitches = new double[frames];
            double[] rolls = new double[frames];
            double[][] matrices = new double[frames][];
            for (int f = 0; f < frames; f++) {
              yaws[f] = random.nextDouble(-Math.PI, Math.PI);
              pitches[f] = random.nextDouble(-1.5, 1.5);
              rolls[f] = random.nextDouble(-Math.PI, Math.PI);
              matrices[f] = ShRotation.matrix(order, yaws[f], pitches[f], rolls[f]);
            }
            float[] out = a.rotate(b, order, yaws, pitches, rolls, block);
            double[] ref = AmbisonicsReference.rotateVarying(matrices, k, b, block);
            double[] scale = new double[ref.length];
            for (int f = 0; f < frames; f++) {
              double[] both = new double[k * k];
              for (int e = 0; e < both.length; e++) {
                both[e] = Math.abs(matrices[f][e]) + Math.abs(matrices[Math.min(f + 1, frames - 1)][e]);
              }
              double[] s = AmbisonicsReference.applyScale(both, k, k, b, samples);
              int from = f * block;
              int to = f == frames - 1 ? samples : Math.min(samples, (f + 1) * block);
              for (int ch = 0; ch < k; ch++) {
                for (int t = from; t < to; t++) {
                  scale[ch * samples + t] = s[ch * samples + t];
                }
              }
            }
            return Errors.relativeToScale(out, ref, scale);
          }));
    }
  }

  private static void decode(List<ConformanceCheck> checks) {
    record Case(String name, int order, int samples, java.util.function.Supplier<Decoder> decoder) {}
    List<Case> cases = List.of(
        new Case("stereo sampling", 1, 1, () -> Decoder.sampling(SpeakerLayout.stereo(), 1)),
        new Case("quad AllRAD", 2, 37, () -> Decoder.allRad(SpeakerLayout.quad(), 2)),
        new Case("5.1 AllRAD max-rE", 3, 2053, () -> Decoder.allRad(SpeakerLayout.surround51(), 3).withMaxRe()),
        new Case("7.1.4 AllRAD", 3, 257, () -> Decoder.allRad(SpeakerLayout.surround714(), 3)),
        new Case("cube mode matching", 1, 4099, () -> Decoder.modeMatching(SpeakerLayout.cube(), 1)),
        new Case("cube energy-preserving", 1, 31, () -> Decoder.energyPreserving(SpeakerLayout.cube(), 1)),
        new Case("cube sampling", 3, 500, () -> Decoder.sampling(SpeakerLayout.cube(), 3)),
        new Case("t-design 7 mode matching N3D", 3, 129,
            () -> Decoder.modeMatching(SpeakerLayout.tDesign(7), 3, Normalization.N3D)),
        new Case("cube sampling FUMA", 1, 63, () -> Decoder.sampling(SpeakerLayout.cube(), 1, Normalization.FUMA)));
    for (Case c : cases) {
      checks.add(new Check("decode", c.name() + " order=" + c.order() + " samples=" + c.samples(), 2e-6, SUM_REASON,
          false, (a, random) -> {
            Decoder d = c.decoder().get();
            int k = d.channels();
            float[] b = signal(random, k * c.samples());
            float[][] feeds = a.decode(d, b, c.order());
            float[] flat = new float[d.speakers() * c.samples()];
            for (int l = 0; l < feeds.length; l++) {
              System.arraycopy(feeds[l], 0, flat, l * c.samples(), c.samples());
            }
            return Errors.relativeToScale(flat, AmbisonicsReference.apply(d.matrix(), d.speakers(), k, b,
                c.samples()), AmbisonicsReference.applyScale(d.matrix(), d.speakers(), k, b, c.samples()));
          }));
    }
  }
}
