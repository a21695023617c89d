package io.jkernels.internal.room;

import io.jkernels.KernelContext;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SphericalHarmonics;
import io.jkernels.ambisonics.room.RoomSimulation;
import io.jkernels.ambisonics.room.ShoeboxRoom;
import io.jkernels.internal.Arguments;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders {@link RoomSimulation}s: enumerates each job's images ({@link ImageSet}), computes the receiver's
 * per-image channel weights, synthesises every job's band responses in one backend call
 * ({@code ImageSourceKernels.synthesize}), then per job adds the diffuse tail, sums the bands
 * ({@link BandCombiner}) and high-passes ({@link HighPass}). Not API.
 */
public final class RoomRenderer {
  /** Closest source–receiver distance accepted, metres (the direct path's 1/d grows without bound). */
  public static final double MIN_DISTANCE = 0.01;
  /** Most image sources one job may enumerate (about 100 bytes each while they are collected). */
  public static final long MAX_IMAGES = 1L << 24;

  private RoomRenderer() {}

  /** What the receiver records of each image: per-channel weights from its direction of arrival. */
  public interface Receiver {
    int channels();

    /** count × channels weights, image-major. */
    float[] weights(ImageSet images);

    /** Mean square of channel c's weight over all directions (its share of an isotropic diffuse field). */
    double diffuseMeanSquare(int channel);

    static Receiver omni() {
      return new Receiver() {
        @Override
        public int channels() {
          return 1;
        }

        @Override
        public float[] weights(ImageSet images) {
          float[] w = new float[images.count];
          java.util.Arrays.fill(w, 1f);
          return w;
        }

        @Override
        public double diffuseMeanSquare(int channel) {
          return 1;
        }
      };
    }

    static Receiver ambisonic(int order, Normalization normalization) {
      Arguments.notNull(normalization, "normalization");
      int channels = SphericalHarmonics.channels(order);
      if (normalization == Normalization.FUMA && order != 1) {
        throw new IllegalArgumentException("FUMA is defined for order 1 only, got order " + order);
      }
      return new Receiver() {
        @Override
        public int channels() {
          return channels;
        }

        @Override
        public float[] weights(ImageSet images) {
          double[] az = new double[images.count];
          double[] el = new double[images.count];
          for (int i = 0; i < images.count; i++) {
            az[i] = Math.atan2(images.uy[i], images.ux[i]);
            el[i] = Math.atan2(images.uz[i], Math.hypot(images.ux[i], images.uy[i]));
          }
          double[] sh = SphericalHarmonics.real(order, az, el, normalization);
          float[] w = new float[sh.length];
          for (int k = 0; k < sh.length; k++) {
            w[k] = (float) sh[k];
          }
          return w;
        }

        @Override
        public double diffuseMeanSquare(int channel) {
          int degree = normalization == Normalization.FUMA ? (channel == 0 ? 0 : 1)
              : (int) Math.floor(Math.sqrt(channel));
          return switch (normalization) {
            case N3D -> 1;
            case SN3D -> 1.0 / (2 * degree + 1);
            case ORTHONORMAL -> 1 / (4 * Math.PI);
            case FUMA -> degree == 0 ? 0.5 : 1.0 / 3;
          };
        }
      };
    }
  }

  /** Images {@code s} enumerates for a receiver at {@code position} (see {@link #render}). */
  public static int imageCount(RoomSimulation s, double[] position) {
    return enumerate(s, position, 1).count;
  }

  private static ImageSet enumerate(RoomSimulation s, double[] position, int bands) {
    double maxDelay = s.samples() + s.sincHalfWidth();
    if (!Double.isNaN(s.diffuseTailSeconds())) {
      maxDelay = Math.min(maxDelay, s.diffuseTailSeconds() * s.sampleRate());
    }
    // Images fill space at one per room volume: refuse before enumerating what could not be held.
    double radius = maxDelay * ShoeboxRoom.SPEED_OF_SOUND / s.sampleRate();
    double estimate = 4 * Math.PI / 3 * radius * radius * radius / s.room().volume();
    if (s.maxOrder() >= 0) {
      estimate = Math.min(estimate, ImageSet.countUpToOrder(s.maxOrder()));
    }
    if (estimate > MAX_IMAGES) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the simulation would need about"
          + " %.3g image sources (more than %d): shorten it, limit the order (withMaxOrder) or use withDiffuseTail",
          estimate, MAX_IMAGES));
    }
    return ImageSet.enumerate(s.room(), s.source(), position, s.directivity(),
        s.directivity().isOmni() ? null : s.speakingDirection(), s.sampleRate(), maxDelay, s.maxOrder(), bands);
  }

  /** Job k is {@code sims.get(k)} heard at {@code positions.get(k)}; returns channels·samples floats per job. */
  public static List<float[]> render(KernelContext context, List<RoomSimulation> sims, List<double[]> positions,
      Receiver receiver) {
    Arguments.notNull(context, "context");
    if (!(context instanceof BackendContext backendContext)) {
      throw new IllegalArgumentException("context must come from Kernels.open(), got " + context.getClass());
    }
    if (sims.isEmpty()) {
      return List.of();
    }
    int samples = sims.get(0).samples();
    int halfWidth = sims.get(0).sincHalfWidth();
    int bands = 1;
    for (int k = 0; k < sims.size(); k++) {
      RoomSimulation s = sims.get(k);
      if (s.samples() != samples || s.sincHalfWidth() != halfWidth) {
        throw new IllegalArgumentException("sims[" + k + "] has " + s.samples() + " samples and sinc half-width "
            + s.sincHalfWidth() + "; a batch must share sims[0]'s " + samples + " and " + halfWidth);
      }
      if (needsBands(s)) {
        bands = ShoeboxRoom.BANDS;
      }
    }
    int channels = receiver.channels();
    int jobs = sims.size();
    Arguments.arrayProduct("jobs×bands×channels×samples", (long) jobs * bands * channels, samples);
    List<ImageSet> sets = new ArrayList<>(jobs);
    int[] imageStart = new int[jobs + 1];
    for (int k = 0; k < jobs; k++) {
      double[] src = sims.get(k).source();
      double[] pos = positions.get(k);
      double gap = Math.sqrt((src[0] - pos[0]) * (src[0] - pos[0]) + (src[1] - pos[1]) * (src[1] - pos[1])
          + (src[2] - pos[2]) * (src[2] - pos[2]));
      if (gap < MIN_DISTANCE) {
        throw new IllegalArgumentException("the source and the receiver" + (jobs > 1 ? " of job " + k : "")
            + " are " + gap + " m apart; the point-source model needs at least " + MIN_DISTANCE + " m");
      }
      RoomSimulation s = sims.get(k);
      if (!Double.isNaN(s.diffuseTailSeconds())) {
        double needed = gap / ShoeboxRoom.SPEED_OF_SOUND + DiffuseTail.MATCH_SECONDS
            + 2.0 * s.sincHalfWidth() / s.sampleRate();
        if (s.diffuseTailSeconds() < needed) {
          throw new IllegalArgumentException("withDiffuseTail(fromSeconds = " + s.diffuseTailSeconds() + ") must"
              + " leave 10 ms of image response after the direct path (at " + gap / ShoeboxRoom.SPEED_OF_SOUND
              + " s" + (jobs > 1 ? " for job " + k : "") + ") for the level match: at least " + needed + " s");
        }
      }
    }
    for (int k = 0; k < jobs; k++) {
      ImageSet set = enumerate(sims.get(k), positions.get(k), bands);
      sets.add(set);
      long next = (long) imageStart[k] + set.count;
      if (next * Math.max(bands, channels) > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("the simulation needs " + next + " image sources, too many to hold;"
            + " shorten it, limit the order (withMaxOrder) or use withDiffuseTail");
      }
      imageStart[k + 1] = (int) next;
    }
    int total = imageStart[jobs];
    float[] delays = new float[total];
    float[] gains = new float[bands * total];
    float[] weights = new float[total * channels];
    for (int k = 0; k < jobs; k++) {
      ImageSet set = sets.get(k);
      int at = imageStart[k];
      System.arraycopy(set.delays, 0, delays, at, set.count);
      for (int b = 0; b < bands; b++) {
        System.arraycopy(set.gains, b * set.count, gains, b * total + at, set.count);
      }
      System.arraycopy(receiver.weights(set), 0, weights, at * channels, set.count * channels);
    }
    float[] raw = new float[jobs * bands * channels * samples];
    KernelBackend kernels = backendContext.kernels();
    try (Buffer d = kernels.bindArray(delays);
        Buffer g = kernels.bindArray(gains);
        Buffer w = kernels.bindArray(weights);
        Buffer o = kernels.bindArray(raw)) {
      kernels.kernels(Families.ROOM).synthesize(d, g, w, imageStart, bands, channels, samples, halfWidth, o);
      kernels.readBack(o, raw);
    }
    List<float[]> results = new ArrayList<>(jobs);
    for (int k = 0; k < jobs; k++) {
      RoomSimulation s = sims.get(k);
      long jobBase = (long) k * bands * channels * samples;
      if (!Double.isNaN(s.diffuseTailSeconds())) {
        DiffuseTail.add(raw, jobBase, s, bands, channels, samples, receiver, k);
      }
      float[] out = new float[channels * samples];
      for (int c = 0; c < channels; c++) {
        if (bands == 1) {
          System.arraycopy(raw, (int) (jobBase + (long) c * samples), out, c * samples, samples);
        } else {
          BandCombiner.combine(raw, jobBase + (long) c * samples, (long) channels * samples, bands, samples,
              s.sampleRate(), out, c * samples);
        }
        if (s.highPassHz() > 0) {
          HighPass.apply(out, c * samples, samples, s.highPassHz(), s.sampleRate());
        }
      }
      results.add(out);
    }
    return results;
  }

  /** Per-band synthesis is needed unless one broadband pass gives the same response. */
  static boolean needsBands(RoomSimulation s) {
    return !s.room().broadband() || (!s.directivity().isOmni() && s.directivity().frequencyDependent());
  }

  /** The diffuse tail of {@link RoomSimulation#withDiffuseTail}. */
  static final class DiffuseTail {
    private static final double MATCH_SECONDS = 0.010;

    private DiffuseTail() {}

    static void add(float[] raw, long jobBase, RoomSimulation s, int bands, int channels, int samples,
        Receiver receiver, int job) {
      int fs = s.sampleRate();
      int start = (int) Math.min(samples, Math.ceil(s.diffuseTailSeconds() * fs));
      int matchFrom = Math.max(0, start - (int) Math.round(MATCH_SECONDS * fs) - s.sincHalfWidth());
      int matchTo = Math.max(matchFrom, start - s.sincHalfWidth()); // past the taps cut at the boundary
      if (start >= samples || matchTo <= matchFrom) {
        return;
      }
      for (int b = 0; b < bands; b++) {
        double rt = s.room().eyringRt60(bands == 1 ? 3 : b);
        double decay = 3 * Math.log(10) / (rt * fs); // amplitude exp(−decay·(t − start)): 60 dB per T60
        long row0 = jobBase + (long) b * channels * samples; // channel 0: W or omni
        double energy = 0;
        double envelope = 0;
        for (int t = matchFrom; t < matchTo; t++) {
          double v = raw[(int) (row0 + t)];
          energy += v * v;
          double e = Math.exp(-decay * (t - start));
          envelope += e * e;
        }
        double omniAmplitude = Math.sqrt(energy / (envelope * receiver.diffuseMeanSquare(0)));
        for (int c = 0; c < channels; c++) {
          SplittableRandom random = new SplittableRandom(s.tailSeed() * 1_000_003L + (long) job * 7919 + b * 131 + c);
          double amplitude = omniAmplitude * Math.sqrt(receiver.diffuseMeanSquare(c));
          long row = jobBase + ((long) b * channels + c) * samples;
          for (int t = start; t < samples; t++) {
            raw[(int) (row + t)] += (float) (amplitude * Math.exp(-decay * (t - start)) * random.nextGaussian());
          }
        }
      }
    }
  }
}
