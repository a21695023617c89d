package io.jkernels.validation.room;

import java.util.function.BiFunction;
import io.jkernels.validation.Check;
import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.room.Directivity;
import io.jkernels.ambisonics.room.MicrophoneArrays;
import io.jkernels.ambisonics.room.RoomSimulation;
import io.jkernels.ambisonics.room.ShoeboxRoom;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.RoomReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The room family's conformance cases: the synthesis kernel on random images of awkward counts and lengths against
 * the direct sum of sincs, and whole simulations (omni, ambisonic of orders 1 and 3, arrays, batches, source
 * directivity) against {@link RoomReference}'s Allen–Berkley loops; plus W = omni.
 */
public final class RoomChecks {
  static final double SYNTH_TOLERANCE = 1e-5;
  static final String SYNTH_REASON = "each tap is a float32 product of sin and cos values (a few ulp of the"
      + " sinc's peak, 1e-7), summed in float32 over at most 2W·density images; the inputs are the reference's"
      + " own; measured against Σ|gain·weight| of the images reaching each output (the taps' scale)";
  static final double SIM_TOLERANCE = 1e-4;
  static final String SIM_REASON = "the contract carries delays in float32: rounding a delay of D samples moves"
      + " its taps by up to π·2⁻²⁴·D of the peak (7e-5 at the ≤ 400 samples of these cases; measured 4e-6 to 7e-6"
      + " over whole responses), plus the gains' float rounding (6e-8)";
  static final String EXACT_REASON = "the same float32 sums: W's weight is exactly 1, so W and omni differ only"
      + " by the order of additions a backend may choose (1e-6)";

  private RoomChecks() {}

  /** A case of this family on the one {@link Check} record. */
  private static Check check(String operation, String caseName, double tolerance, String toleranceReason,
      boolean large, BiFunction<KernelContext, SplittableRandom, Double> body) {
    return new Check("room", operation, caseName, tolerance, toleranceReason, large, body);
  }

  public static List<ConformanceCheck> all() {
    List<ConformanceCheck> checks = new ArrayList<>();
    int[][] shapes = { // rooms, images, bands, channels, samples, halfWidth
        {1, 1, 1, 1, 1, 4}, {1, 7, 1, 4, 17, 4}, {1, 31, 3, 1, 100, 8}, {3, 40, 2, 4, 257, 16},
        {1, 257, 1, 9, 2049, 32}, {2, 5000, 1, 4, 4097, 32}};
    for (int[] s : shapes) {
      boolean large = (long) s[1] * s[4] > 5_000_000L;
      checks.add(check("synthesize", "rooms=" + s[0] + " images=" + s[1] + " bands=" + s[2] + " channels="
          + s[3] + " samples=" + s[4] + " W=" + s[5], SYNTH_TOLERANCE, SYNTH_REASON, large,
          (ctx, rnd) -> synthesizeRandom(ctx, rnd, s[0], s[1], s[2], s[3], s[4], s[5])));
    }
    checks.add(check("omni", "order ≤ 4, 8 kHz, 60 ms, random room", SIM_TOLERANCE, SIM_REASON, false,
        (ctx, rnd) -> simulation(ctx, rnd, -1, Normalization.SN3D, 1.0, 4)));
    checks.add(check("ambisonic", "FOA SN3D, cardioid source, order ≤ 4", SIM_TOLERANCE, SIM_REASON, false,
        (ctx, rnd) -> simulation(ctx, rnd, 1, Normalization.SN3D, 0.5, 4)));
    checks.add(check("ambisonic", "order 3 N3D, hypercardioid source, order ≤ 3", SIM_TOLERANCE,
        SIM_REASON, false, (ctx, rnd) -> simulation(ctx, rnd, 3, Normalization.N3D, 0.25, 3)));
    checks.add(check("ambisonic", "FOA FUMA, omni source, order ≤ 12 (large)", SIM_TOLERANCE * 4,
        "as the other simulations, with delays up to ~1600 samples (4× the delay rounding)", true,
        (ctx, rnd) -> simulation(ctx, rnd, 1, Normalization.FUMA, 1.0, 12)));
    checks.add(check("array", "default 19 capsules, order ≤ 3", SIM_TOLERANCE, SIM_REASON, false,
        RoomChecks::array));
    checks.add(check("ambisonicBatch", "3 rooms, FOA SN3D, order ≤ 3", SIM_TOLERANCE, SIM_REASON, false,
        RoomChecks::batch));
    checks.add(check("ambisonic", "W of SN3D FOA equals omni (speech directivity, octave bands)", 1e-6,
        EXACT_REASON, false, RoomChecks::wEqualsOmni));
    return checks;
  }

  static double synthesizeRandom(KernelContext context, SplittableRandom random, int rooms, int images, int bands,
      int channels, int samples, int halfWidth) {
    int[] start = new int[rooms + 1];
    for (int r = 0; r < rooms; r++) {
      // Uneven rooms, one possibly empty: the kernel must find each room's run on its own.
      start[r + 1] = start[r] + (rooms == 1 ? images : random.nextInt(images + 1));
    }
    int total = start[rooms];
    float[] delays = new float[total];
    float[] gains = new float[bands * total];
    float[] weights = new float[total * channels];
    for (int r = 0; r < rooms; r++) {
      for (int i = start[r]; i < start[r + 1]; i++) {
        // Images before t = 0 (taps cut), inside, and past the end (reaching it with their precursor only).
        delays[i] = (float) random.nextDouble(0, samples + halfWidth + 3);
        if (random.nextInt(8) == 0) {
          delays[i] = (float) Math.floor(delays[i]); // integer delays: the sinc's exact zeros
        }
      }
      Arrays.sort(delays, start[r], start[r + 1]);
    }
    for (int k = 0; k < gains.length; k++) {
      gains[k] = (float) random.nextDouble(-1, 1);
    }
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) random.nextDouble(-1, 1);
    }
    float[] out = new float[rooms * bands * channels * samples];
    Arrays.fill(out, Float.NaN); // every element must be written
    KernelBackend kernels = ((BackendContext) context).kernels();
    try (Buffer d = kernels.bindArray(delays);
        Buffer g = kernels.bindArray(gains);
        Buffer w = kernels.bindArray(weights);
        Buffer o = kernels.bindArray(out)) {
      kernels.kernels(Families.ROOM).synthesize(d, g, w, start, bands, channels, samples, halfWidth, o);
      kernels.readBack(o, out);
    }
    double[] ref = new double[out.length];
    for (int r = 0; r < rooms; r++) {
      int n = start[r + 1] - start[r];
      float[] rd = Arrays.copyOfRange(delays, start[r], start[r + 1]);
      float[] rg = new float[bands * n];
      for (int b = 0; b < bands; b++) {
        System.arraycopy(gains, b * total + start[r], rg, b * n, n);
      }
      float[] rw = Arrays.copyOfRange(weights, start[r] * channels, start[r + 1] * channels);
      double[] one = RoomReference.synthesize(rd, rg, rw, n, bands, channels, samples, halfWidth);
      System.arraycopy(one, 0, ref, r * bands * channels * samples, one.length);
    }
    // Against the terms' magnitude, not ‖ref‖: a float32 tap carries an absolute error of a few ulp of the sinc's
    // peak, so an output whose taps all sit at the sinc's zeros (integer delays) is ≈ 1e-17 in the reference and
    // ≈ 1e-9 from any float kernel; ‖ref‖ would call that a relative error of 1e8 (seen with one image, one sample).
    double[] scale = new double[ref.length];
    for (int r = 0; r < rooms; r++) {
      for (int i = start[r]; i < start[r + 1]; i++) {
        int from = Math.max(0, (int) Math.floor(delays[i]) - halfWidth);
        int to = Math.min(samples, (int) Math.ceil(delays[i]) + halfWidth + 1);
        for (int b = 0; b < bands; b++) {
          for (int c = 0; c < channels; c++) {
            double term = Math.abs((double) gains[b * total + i] * weights[i * channels + c]);
            int base = ((r * bands + b) * channels + c) * samples;
            for (int t = from; t < to; t++) {
              scale[base + t] += term;
            }
          }
        }
      }
    }
    return Errors.relativeToScale(out, ref, scale);
  }

  /** A random room with random walls and a source and receiver at least 0.4 m from every wall. */
  record Scene(double[] size, double[] alpha, double[] source, double[] receiver, double[] speaking) {
    static Scene random(SplittableRandom random) {
      double[] size = {random.nextDouble(2.5, 6), random.nextDouble(2.5, 5), random.nextDouble(2.2, 3.5)};
      double[] alpha = new double[6];
      for (int w = 0; w < 6; w++) {
        alpha[w] = random.nextDouble(0.02, 0.7);
      }
      double[] s = new double[3];
      double[] r = new double[3];
      for (int k = 0; k < 3; k++) {
        s[k] = random.nextDouble(0.4, size[k] - 0.4);
        r[k] = random.nextDouble(0.4, size[k] - 0.4);
      }
      double az = random.nextDouble(-Math.PI, Math.PI);
      double el = random.nextDouble(-0.5, 0.5);
      double[] speaking = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
      return new Scene(size, alpha, s, r, new double[] {az, el, 0, speaking[0], speaking[1], speaking[2]});
    }

    ShoeboxRoom room() {
      return new ShoeboxRoom(size[0], size[1], size[2], alpha);
    }

    double[] unitSpeaking() {
      return new double[] {speaking[3], speaking[4], speaking[5]};
    }

    RoomSimulation simulation(int sampleRate, double seconds, double a, int maxOrder) {
      RoomSimulation sim = RoomSimulation.of(room(), source, receiver, sampleRate, seconds).withHighPass(0)
          .withMaxOrder(maxOrder);
      return a == 1.0 ? sim : sim.withSourceDirectivity(Directivity.cardioidFamily(a), speaking[0], speaking[1]);
    }
  }

  static double simulation(KernelContext context, SplittableRandom random, int order, Normalization normalization,
      double a, int maxOrder) {
    Scene scene = Scene.random(random);
    int fs = 8000;
    // Long enough that every image of order ≤ maxOrder lands inside (the reference has no time limit).
    double seconds = (maxOrder + 1) * 2 * 6.5 / 343.0 + 0.01;
    RoomSimulation sim = scene.simulation(fs, seconds, a, maxOrder);
    float[] out = order < 0 ? sim.omni(context) : sim.ambisonic(context, order, normalization);
    double[] ref = RoomReference.response(scene.size(), scene.alpha(), scene.source(), scene.receiver(), a,
        scene.unitSpeaking(), order, normalization, fs, sim.samples(), sim.sincHalfWidth(), maxOrder);
    return Errors.relative(out, ref);
  }

  static double array(KernelContext context, SplittableRandom random) {
    Scene scene = Scene.random(random);
    int fs = 8000;
    RoomSimulation sim = scene.simulation(fs, 0.12, 1.0, 3);
    double[][] offsets = MicrophoneArrays.default19();
    float[][] mics = sim.array(context, offsets);
    double worst = 0;
    for (int m = 0; m < offsets.length; m++) {
      double[] p = {scene.receiver()[0] + offsets[m][0], scene.receiver()[1] + offsets[m][1],
          scene.receiver()[2] + offsets[m][2]};
      double[] ref = RoomReference.response(scene.size(), scene.alpha(), scene.source(), p, 1.0,
          scene.unitSpeaking(), -1, Normalization.SN3D, fs, sim.samples(), sim.sincHalfWidth(), 3);
      worst = Math.max(worst, Errors.relative(mics[m], ref));
    }
    return worst;
  }

  static double batch(KernelContext context, SplittableRandom random) {
    List<Scene> scenes = List.of(Scene.random(random), Scene.random(random), Scene.random(random));
    List<RoomSimulation> sims = new ArrayList<>();
    for (Scene s : scenes) {
      sims.add(s.simulation(8000, 0.12, 0.5, 3));
    }
    List<float[]> out = RoomSimulation.ambisonicBatch(context, sims, 1, Normalization.SN3D);
    double worst = 0;
    for (int k = 0; k < scenes.size(); k++) {
      Scene s = scenes.get(k);
      double[] ref = RoomReference.response(s.size(), s.alpha(), s.source(), s.receiver(), 0.5, s.unitSpeaking(),
          1, Normalization.SN3D, 8000, sims.get(k).samples(), sims.get(k).sincHalfWidth(), 3);
      worst = Math.max(worst, Errors.relative(out.get(k), ref));
    }
    return worst;
  }

  static double wEqualsOmni(KernelContext context, SplittableRandom random) {
    Scene scene = Scene.random(random);
    double[][] bands = new double[ShoeboxRoom.BANDS][6];
    for (double[] band : bands) {
      for (int w = 0; w < 6; w++) {
        band[w] = random.nextDouble(0.05, 0.6);
      }
    }
    ShoeboxRoom room = ShoeboxRoom.withBandAbsorption(scene.size()[0], scene.size()[1], scene.size()[2], bands)
        .withAirAbsorption(20, 50);
    RoomSimulation sim = RoomSimulation.of(room, scene.source(), scene.receiver(), 8000, 0.1).withMaxOrder(5)
        .withSourceDirectivity(Directivity.SPEECH, scene.speaking()[0], scene.speaking()[1]);
    float[] omni = sim.omni(context);
    float[] foa = sim.ambisonic(context, 1, Normalization.SN3D);
    double[] ref = new double[omni.length];
    for (int t = 0; t < omni.length; t++) {
      ref[t] = omni[t];
    }
    return Errors.relative(Arrays.copyOf(foa, omni.length), ref);
  }
}
