package io.jkernels.validation.ambisonics;

import static io.jkernels.validation.ambisonics.AmbisonicsChecks.azimuth;
import static io.jkernels.validation.ambisonics.AmbisonicsChecks.elevation;
import static io.jkernels.validation.ambisonics.AmbisonicsChecks.signal;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.NearFieldFilter;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.ShRotation;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.ambisonics.AmbisonicsChecks.Check;
import io.jkernels.validation.reference.AmbisonicsReference;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The analytic promises of the ambisonics API, each measured through the backend's kernels: rotation equivariance
 * M(R)·y(u) = y(R·u) against the reference harmonics, composition M(AB) = M(A)M(B), M(Rᵀ) = M(R)ᵀ, per-degree
 * energy, SAF's golden matrix, decoders on t-designs, max-rE, the moving source's spectrum (no zipper), NFC filters,
 * and bad input.
 */
final class AmbisonicsProperties {
  private AmbisonicsProperties() {}

  private static final String FLOAT_REASON = "float32 feeds from gains rounded once: a few ε of the unit-size terms";

  static void all(List<ConformanceCheck> checks) {
    rotation(checks);
    decoders(checks);
    checks.add(new Check("encodeMoving", "sweep spectrum: no zipper noise", 1e-7,
        "out-of-band energy (beyond ±117 Hz of a 1 kHz carrier) below −70 dB: linear interpolation between "
            + "keyframes 256 samples apart deviates from the smooth sweep by ≤ g''·hop²/8 ≈ 3e-4 (about −75 dB), "
            + "float32 rounding is near −140 dB; gains stepped per keyframe (zipper) measure about −40 dB, and the "
            + "check fails unless they measure ≥ 1000× worse", false, AmbisonicsProperties::zipper));
    nearField(checks);
    checks.add(new Check("arguments", "bad input is rejected before anything is written", 0, "exact",
        false, AmbisonicsProperties::badInput));
  }

  // ---- rotation ------------------------------------------------------------------------------------------------

  /** Identity B-format: T = K samples, B[c][t] = δ_ct, so rotate() returns the matrix itself (one term each). */
  static float[] identity(int k) {
    float[] b = new float[k * k];
    for (int c = 0; c < k; c++) {
      b[c * k + c] = 1;
    }
    return b;
  }

  static double[] applyR(double[] r, double[] u) {
    double[] v = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        v[i] += r[i * 3 + j] * u[j];
      }
    }
    return v;
  }

  static double[] unit(double az, double el) {
    return new double[] {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
  }

  /** {yaw, pitch, roll} of a rotation matrix R = Rz(yaw)Ry(pitch)Rx(roll) (away from pitch = ±π/2). */
  static double[] angles(double[] r) {
    return new double[] {Math.atan2(r[3], r[0]), -Math.asin(Math.max(-1, Math.min(1, r[6]))),
        Math.atan2(r[7], r[8])};
  }

  static double[] multiply3(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
        }
      }
    }
    return c;
  }

  static double[] randomAngles(SplittableRandom random) {
    return new double[] {random.nextDouble(-Math.PI, Math.PI), random.nextDouble(-1.4, 1.4),
        random.nextDouble(-Math.PI, Math.PI)};
  }

  private static void rotation(List<ConformanceCheck> checks) {
    for (int order : new int[] {1, 4, 8}) {
      checks.add(new Check("rotate", "equivariance M(R)·y(u) = y(R·u) order=" + order, 1e-5,
          "max abs error over 16 directions of unit-size float32 terms; the reference harmonics come from the "
              + "explicit Legendre sum, not the library's recurrence", false, (a, random) -> {
            double worst = 0;
            for (int it = 0; it < 16; it++) {
              double az = azimuth(random);
              double el = elevation(random);
              double[] ang = randomAngles(random);
              double[] y = AmbisonicsReference.sh(order, az, el, Normalization.N3D);
              float[] b = new float[y.length];
              for (int c = 0; c < y.length; c++) {
                b[c] = (float) y[c];
              }
              float[] rotated = a.rotate(b, order, ang[0], ang[1], ang[2]);
              double[] v = applyR(ShRotation.rotation3(ang[0], ang[1], ang[2]), unit(az, el));
              double[] expected = AmbisonicsReference.sh(order, Math.atan2(v[1], v[0]),
                  Math.asin(Math.max(-1, Math.min(1, v[2]))), Normalization.N3D);
              for (int c = 0; c < y.length; c++) {
                worst = Math.max(worst, Math.abs(rotated[c] - expected[c]));
              }
            }
            return worst;
          }));
    }
    checks.add(new Check("rotate", "pure yaw moves azimuth φ to φ + yaw (order 6)", 1e-5, FLOAT_REASON, false,
        (a, random) -> {
          double az = azimuth(random);
          double el = elevation(random);
          double yaw = random.nextDouble(-Math.PI, Math.PI);
          float[] b = a.encode(new float[] {1}, 6, az, el, Normalization.SN3D);
          float[] rotated = a.rotate(b, 6, yaw, 0, 0);
          double[] expected = AmbisonicsReference.sh(6, az + yaw, el, Normalization.SN3D);
          return Errors.relative(rotated, expected);
        }));
    checks.add(new Check("rotate", "SAF golden matrix order 4, yaw/pitch/roll 0.04/0.54/-0.4", 1e-5,
        "SAF's own tolerance for this matrix (its reference printed to 15 digits; float32 rounding adds 6e-8)",
        false, (a, random) -> {
          int k = 25;
          float[] m = a.rotate(identity(k), 4, SafRotationGolden.YAW, SafRotationGolden.PITCH, SafRotationGolden.ROLL);
          double worst = 0;
          for (int o = 0; o < k; o++) {
            for (int i = 0; i < k; i++) {
              // SAF rotates the frame: its matrix is the transpose of the field rotation (class comment there).
              worst = Math.max(worst, Math.abs(m[o * k + i] - SafRotationGolden.MATRIX[i][o]));
            }
          }
          return worst;
        }));
    checks.add(new Check("rotate", "composition M(AB) = M(A)·M(B) order 5", 1e-5, FLOAT_REASON + ", twice",
        false, (a, random) -> {
          int order = 5;
          int k = 36;
          double[] x = randomAngles(random);
          double[] y = randomAngles(random);
          double[] ab = angles(multiply3(ShRotation.rotation3(x[0], x[1], x[2]), ShRotation.rotation3(y[0], y[1], y[2])));
          float[] b = signal(random, k * 7);
          float[] twice = a.rotate(a.rotate(b, order, y[0], y[1], y[2]), order, x[0], x[1], x[2]);
          float[] once = a.rotate(b, order, ab[0], ab[1], ab[2]);
          double[] ref = new double[once.length];
          for (int i = 0; i < once.length; i++) {
            ref[i] = once[i];
          }
          return Errors.relative(twice, ref);
        }));
    checks.add(new Check("rotate", "M(Rᵀ) = M(R)ᵀ order 6", 1e-6, "each element is one float32-rounded matrix "
        + "entry", false, (a, random) -> {
          int order = 6;
          int k = 49;
          double[] ang = randomAngles(random);
          double[] r = ShRotation.rotation3(ang[0], ang[1], ang[2]);
          double[] rt = {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
          double[] back = angles(rt);
          float[] m = a.rotate(identity(k), order, ang[0], ang[1], ang[2]);
          float[] mt = a.rotate(identity(k), order, back[0], back[1], back[2]);
          double worst = 0;
          for (int o = 0; o < k; o++) {
            for (int i = 0; i < k; i++) {
              worst = Math.max(worst, Math.abs(mt[o * k + i] - m[i * k + o]));
            }
          }
          return worst;
        }));
    checks.add(new Check("rotate", "energy per degree preserved order 7", 1e-5, FLOAT_REASON, false,
        (a, random) -> {
          int order = 7;
          int k = 64;
          int samples = 97;
          float[] b = signal(random, k * samples);
          double[] ang = randomAngles(random);
          float[] out = a.rotate(b, order, ang[0], ang[1], ang[2]);
          double worst = 0;
          for (int n = 0; n <= order; n++) {
            double before = 0;
            double after = 0;
            for (int c = n * n; c < (n + 1) * (n + 1); c++) {
              for (int t = 0; t < samples; t++) {
                before += (double) b[c * samples + t] * b[c * samples + t];
                after += (double) out[c * samples + t] * out[c * samples + t];
              }
            }
            worst = Math.max(worst, Math.abs(after - before) / before);
          }
          return worst;
        }));
  }

  // ---- decoders ------------------------------------------------------------------------------------------------

  private static void decoders(List<ConformanceCheck> checks) {
    for (int order = 1; order <= 5; order++) {
      int n = order;
      int degree = 2 * n;
      checks.add(new Check("decode", "t-design " + degree + ": SAD = MMD = EPAD, Σg = 1, Σg² = (N+1)²/L, order " + n,
          1e-5, "design in float64 (agreement to 1e-9 asserted), feeds in float32 from unit-size terms", false,
          (a, random) -> {
            SpeakerLayout layout = SpeakerLayout.tDesign(degree);
            Decoder sad = Decoder.sampling(layout, n);
            Decoder mmd = Decoder.modeMatching(layout, n);
            Decoder epad = Decoder.energyPreserving(layout, n);
            double[] s = sad.matrix();
            double[] m = mmd.matrix();
            double[] e = epad.matrix();
            for (int i = 0; i < s.length; i++) {
              if (Math.abs(s[i] - m[i]) > 1e-9 || Math.abs(s[i] - e[i]) > 1e-9) {
                throw new AssertionError("decoders differ on the t-design at element " + i + ": SAD " + s[i]
                    + ", MMD " + m[i] + ", EPAD " + e[i]);
              }
            }
            double worst = 0;
            for (int it = 0; it < 4; it++) {
              float[] b = a.encode(new float[] {1}, n, azimuth(random), elevation(random), Normalization.SN3D);
              for (Decoder d : new Decoder[] {sad, mmd, epad}) {
                float[][] g = a.decode(d, b, n);
                double sum = 0;
                double sq = 0;
                for (float[] f : g) {
                  sum += f[0];
                  sq += (double) f[0] * f[0];
                }
                double expected = (n + 1.0) * (n + 1) / layout.size();
                worst = Math.max(worst, Math.max(Math.abs(sum - 1), Math.abs(sq - expected) / expected));
              }
            }
            return worst;
          }));
      int rDegree = 2 * n + 1;
      checks.add(new Check("decode", "max-rE on t-design " + rDegree + ": |r_E| = largest root of P_" + (n + 1),
          1e-5, "r_E = Σg²u/Σg² is a degree-(2N+1) polynomial average, exact on a (2N+1)-design; float32 feeds",
          false, (a, random) -> {
            SpeakerLayout layout = SpeakerLayout.tDesign(rDegree);
            Decoder d = Decoder.sampling(layout, n).withMaxRe();
            float[] b = a.encode(new float[] {1}, n, azimuth(random), elevation(random), Normalization.SN3D);
            float[][] g = a.decode(d, b, n);
            double energy = 0;
            double[] v = new double[3];
            for (int l = 0; l < g.length; l++) {
              double[] u = layout.unitVector(l);
              double e = (double) g[l][0] * g[l][0];
              energy += e;
              for (int c = 0; c < 3; c++) {
                v[c] += e * u[c];
              }
            }
            double re = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / energy;
            return Math.abs(re - largestLegendreRoot(n + 1));
          }));
    }
  }

  /** The largest root of P_n by bisection on [cos(π/(n+1)) ... 1) — independent of the library's Newton. */
  static double largestLegendreRoot(int n) {
    double lo = Math.cos(Math.PI / (n + 0.5)) - 0.05;
    double hi = 1;
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      double p0 = 1;
      double p1 = mid;
      for (int l = 2; l <= n; l++) {
        double p2 = ((2 * l - 1) * mid * p1 - (l - 1) * p0) / l;
        p0 = p1;
        p1 = p2;
      }
      // P_n(1) = 1 > 0 and P_n changes sign at its largest root.
      if (p1 > 0) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  // ---- moving source spectrum ----------------------------------------------------------------------------------

  /** Out-of-band energy of a 1 kHz carrier swept from front to back by keyframes, over its in-band energy. */
  static double zipper(Ambisonics a, SplittableRandom random) {
    int samples = 1 << 14;
    int hop = 256;
    int frames = samples / hop + 1;
    int bin = 341; // ≈ 999 Hz at 48 kHz: an exact bin, no leakage of the carrier itself
    float[] s = new float[samples];
    for (int t = 0; t < samples; t++) {
      s[t] = (float) Math.sin(2 * Math.PI * bin * t / samples);
    }
    double[] az = new double[frames];
    double[] el = new double[frames];
    double start = random.nextDouble(-0.3, 0.3);
    for (int f = 0; f < frames; f++) {
      az[f] = start + Math.PI * f / (frames - 1);
    }
    float[] b = a.encodeMoving(s, az, el, hop, 1, Normalization.SN3D);
    double[] x = new double[samples];
    double[] stepped = new double[samples];
    for (int t = 0; t < samples; t++) {
      x[t] = b[3 * samples + t]; // X = cos(az)·s
      stepped[t] = Math.cos(az[t / hop]) * s[t];
    }
    double interpolated = outOfBand(x, bin, 40);
    double zipper = outOfBand(stepped, bin, 40);
    if (!(zipper > 1000 * interpolated)) {
      throw new AssertionError("the spectrum metric does not separate stepped gains (" + zipper
          + ") from interpolated ones (" + interpolated + ")");
    }
    return interpolated;
  }

  /** Hann-windowed power outside bins [bin − guard, bin + guard] over the power inside. */
  static double outOfBand(double[] x, int bin, int guard) {
    int n = x.length;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int t = 0; t < n; t++) {
      re[t] = x[t] * 0.5 * (1 - Math.cos(2 * Math.PI * t / n));
    }
    fft(re, im);
    double in = 0;
    double out = 0;
    for (int k = 0; k <= n / 2; k++) {
      double p = re[k] * re[k] + im[k] * im[k];
      if (Math.abs(k - bin) <= guard) {
        in += p;
      } else {
        out += p;
      }
    }
    return out / in;
  }

  /** In-place forward FFT (n a power of two): the library's double FFT (JTransforms), a peer, not the code tested. */
  static void fft(double[] re, double[] im) {
    io.jkernels.internal.room.Fft.transform(re, im, -1);
  }

  // ---- near field ----------------------------------------------------------------------------------------------

  private static void nearField(List<ConformanceCheck> checks) {
    checks.add(new Check("nearFieldCompensation", "H_n(0) = (R/ρ)^n, H_n(∞) = 1, digital ≈ analog below 200 Hz",
        1e-3, "the bilinear transform is exact at DC and Nyquist; below fs/240 its frequency warping moves the "
            + "response by < 1e-3 relative", false, (a, random) -> {
          double fs = 48000;
          double worst = 0;
          for (int n = 0; n <= 6; n++) {
            double radius = random.nextDouble(1, 3);
            double distance = random.nextDouble(0.4, 5);
            NearFieldFilter f = NearFieldFilter.design(n, radius, distance, fs);
            double dc = f.digitalMagnitude(0, fs);
            if (Math.abs(dc - Math.pow(radius / distance, n)) > 1e-9 * Math.pow(radius / distance, n)
                || Math.abs(f.digitalMagnitude(fs / 2, fs) - 1) > 1e-9) {
              throw new AssertionError("degree " + n + ": DC gain " + dc + " (expected (R/ρ)^n = "
                  + Math.pow(radius / distance, n) + "), Nyquist gain " + f.digitalMagnitude(fs / 2, fs));
            }
            for (double hz : new double[] {20, 80, 200}) {
              worst = Math.max(worst, Math.abs(f.digitalMagnitude(hz, fs) / f.analogMagnitude(hz) - 1));
            }
          }
          return worst;
        }));
    checks.add(new Check("nearFieldCompensation", "order=3 samples=4099 against the float64 cascade", 1e-5,
        "float32 rounding between sections of a filter whose gain is at most (R/ρ)^3 = 8 here", false,
        (a, random) -> {
          int order = 3;
          int samples = 4099;
          int k = 16;
          float[] b = signal(random, k * samples);
          double radius = 2;
          double distance = 1;
          float[] out = a.nearFieldCompensation(b, order, radius, distance, 48000);
          double[] ref = new double[out.length];
          for (int c = 0; c < k; c++) {
            int n = (int) Math.sqrt(c);
            double[] y = AmbisonicsReference.filterCascade(NearFieldFilter.design(n, radius, distance, 48000)
                .sections(), b, c * samples, samples);
            System.arraycopy(y, 0, ref, c * samples, samples);
          }
          return Errors.relative(out, ref);
        }));
    checks.add(new Check("nearFieldCompensation", "stable: impulse response decays (order 8, ρ = 0.3 m, R = 2 m)",
        1e-9, "poles at c·z_q/R in the left half plane: the last quarter second carries < 1e-9 of the energy",
        false, (a, random) -> {
          int order = 8;
          int k = 81;
          int samples = 48000;
          float[] b = new float[k * samples];
          for (int c = 0; c < k; c++) {
            b[c * samples] = 1;
          }
          float[] out = a.nearFieldCompensation(b, order, 2, 0.3, 48000);
          double total = 0;
          double tail = 0;
          for (int t = 0; t < samples; t++) {
            double v = out[64 * samples + t]; // a degree-8 channel
            total += v * v;
            if (t >= 3 * samples / 4) {
              tail += v * v;
            }
          }
          if (!(total > 0) || !Double.isFinite(total)) {
            throw new AssertionError("degree-8 impulse response energy is " + total);
          }
          return tail / total;
        }));
  }

  // ---- bad input -----------------------------------------------------------------------------------------------

  static double badInput(Ambisonics a, SplittableRandom random) {
    float[] s = signal(random, 8);
    float[] b1 = signal(random, 4 * 8);
    float[] b1copy = b1.clone();
    rejects("order < 0", IllegalArgumentException.class, () -> a.encode(s, -1, 0, 0, Normalization.SN3D));
    rejects("FuMa above order 1", IllegalArgumentException.class, () -> a.encode(s, 2, 0, 0, Normalization.FUMA));
    rejects("NaN azimuth", IllegalArgumentException.class, () -> a.encode(s, 1, Double.NaN, 0, Normalization.SN3D));
    rejects("infinite elevation", IllegalArgumentException.class,
        () -> a.encode(s, 1, 0, Double.POSITIVE_INFINITY, Normalization.SN3D));
    rejects("B-format length not (N+1)²·T", IllegalArgumentException.class,
        () -> a.rotate(Arrays.copyOf(b1, 31), 1, 0.1, 0, 0));
    rejects("NaN yaw", IllegalArgumentException.class, () -> a.rotate(b1, 1, Double.NaN, 0, 0));
    rejects("decode order differs from the decoder's", IllegalArgumentException.class,
        () -> a.decode(Decoder.sampling(SpeakerLayout.cube(), 2), b1, 1));
    rejects("B-format length for decode", IllegalArgumentException.class,
        () -> a.decode(Decoder.sampling(SpeakerLayout.cube(), 1), Arrays.copyOf(b1, 30), 1));
    rejects("empty layout", IllegalArgumentException.class, () -> SpeakerLayout.of(new double[0], new double[0]));
    rejects("layout that cannot be decoded at that order (5.1, mode matching, order 1)",
        IllegalArgumentException.class, () -> Decoder.modeMatching(SpeakerLayout.surround51(), 1));
    rejects("too few speakers for EPAD at order 3", IllegalArgumentException.class,
        () -> Decoder.energyPreserving(SpeakerLayout.cube(), 3));
    rejects("signals of different lengths", IllegalArgumentException.class, () -> a.encodeSources(
        new float[][] {s, new float[7]}, new double[2], new double[2], 1, Normalization.SN3D));
    rejects("no sources", IllegalArgumentException.class,
        () -> a.encodeSources(new float[0][], new double[0], new double[0], 1, Normalization.SN3D));
    rejects("distance 0", IllegalArgumentException.class, () -> a.encodeSources(new float[][] {s},
        new double[1], new double[1], new double[] {0}, 1, Normalization.SN3D));
    rejects("hop 0", IllegalArgumentException.class,
        () -> a.encodeMoving(s, new double[2], new double[2], 0, 1, Normalization.SN3D));
    rejects("rotation arrays of different lengths", IllegalArgumentException.class,
        () -> a.rotate(b1, 1, new double[2], new double[1], new double[2], 4));
    rejects("NFC radius 0", IllegalArgumentException.class, () -> a.nearFieldCompensation(b1, 1, 0, 1, 48000));
    rejects("null signal", NullPointerException.class, () -> a.encode(null, 1, 0, 0, Normalization.SN3D));
    rejects("null normalization", NullPointerException.class, () -> a.encode(s, 1, 0, 0, null));
    rejects("null decoder", NullPointerException.class, () -> a.decode(null, b1, 1));
    rejects("null bformat", NullPointerException.class, () -> a.rotate(null, 1, 0, 0, 0));
    if (!Arrays.equals(b1, b1copy)) {
      throw new AssertionError("a rejected call modified its input B-format");
    }
    return 0;
  }

  private static void rejects(String what, Class<? extends RuntimeException> type, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!type.isInstance(e)) {
        throw new AssertionError(what + ": expected " + type.getSimpleName() + ", got " + e);
      }
      return;
    }
    throw new AssertionError(what + ": expected " + type.getSimpleName() + ", the call returned normally");
  }
}
