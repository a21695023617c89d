package io.jkernels.transport;

import io.jkernels.internal.Arguments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A per-channel affine transport map T_c(x) = ω_c·x + β_c with its support [supportMin_c, supportMax_c] (AcT,
 * Rodriguez et al. 2024, arXiv:2410.23054). Immutable; every accessor returns a copy.
 *
 * <p>Made by {@link LinearTransport#fit} (Linear-AcT) or by the factories below, which are the special cases the
 * paper lists in its Table 1 as linear maps, so that one kernel ({@link Transport#apply}) serves them all. Note that
 * with AcT's strength λ the applied map is x + λ(ω x + β − x) (Eq. 1): for the additive methods λ scales the shift.
 *
 * <p>Stored as safetensors ({@link #save}/{@link #load}): F32 tensors {@code omega}, {@code beta},
 * {@code support_min}, {@code support_max} of shape [channels]; a fitted map also F32 {@code source_quantiles} of
 * shape [18, channels] (row k = the source quantile at level k of {@link QuantileBand}'s 18 levels, listed in the
 * metadata as {@code source_quantile_levels}); the degenerate channels go in the header's
 * {@code __metadata__} as {@code degenerate_channels} (comma-separated indices, ascending).
 *
 * <p>Every factory throws {@link NullPointerException} naming a {@code null} argument and
 * {@link IllegalArgumentException} naming the argument and the expected shape for any other bad one.
 */
public final class TransportMap {
  private final float[] omega;
  private final float[] beta;
  private final float[] supportMin;
  private final float[] supportMax;
  private final int[] degenerate;
  /** Source quantiles level-major (levels of {@link QuantileBand}, [18][channels] flattened), or null. */
  private final float[] quantiles;

  private TransportMap(float[] omega, float[] beta, float[] supportMin, float[] supportMax, int[] degenerate,
      float[] quantiles) {
    present(omega, "omega");
    present(beta, "beta");
    present(supportMin, "supportMin");
    present(supportMax, "supportMax");
    int channels = omega.length;
    if (channels == 0) {
      throw new IllegalArgumentException("omega must have at least one channel, got length 0");
    }
    requireLength("beta", beta, channels);
    requireLength("supportMin", supportMin, channels);
    requireLength("supportMax", supportMax, channels);
    for (int c = 0; c < channels; c++) {
      if (!Float.isFinite(omega[c]) || !Float.isFinite(beta[c])) {
        throw new IllegalArgumentException("omega and beta must be finite; channel " + c + " has omega=" + omega[c]
            + ", beta=" + beta[c]);
      }
      if (Float.isNaN(supportMin[c]) || Float.isNaN(supportMax[c])) {
        throw new IllegalArgumentException("supportMin and supportMax must not be NaN; channel " + c
            + " has [" + supportMin[c] + ", " + supportMax[c] + "]");
      }
    }
    present(degenerate, "degenerateChannels");
    for (int k = 0; k < degenerate.length; k++) {
      int c = degenerate[k];
      if (c < 0 || c >= channels) {
        throw new IllegalArgumentException("degenerate channel " + c + " outside [0, " + channels + ")");
      }
      if (k > 0 && c <= degenerate[k - 1]) {
        throw new IllegalArgumentException("degenerateChannels must be strictly ascending channel indices, got "
            + Arrays.toString(degenerate));
      }
    }
    this.omega = omega.clone();
    this.beta = beta.clone();
    this.supportMin = supportMin.clone();
    this.supportMax = supportMax.clone();
    this.degenerate = degenerate.clone();
    if (quantiles != null) {
      if (quantiles.length != (long) QuantileBand.LEVELS.length * channels) {
        throw new IllegalArgumentException("sourceQuantiles must have length " + QuantileBand.LEVELS.length
            + "×channels = " + (long) QuantileBand.LEVELS.length * channels + " (level-major), got "
            + quantiles.length);
      }
      for (int i = 0; i < quantiles.length; i++) {
        if (Float.isNaN(quantiles[i])) {
          throw new IllegalArgumentException("sourceQuantiles must not be NaN; level " + QuantileBand.LEVELS[
              i / channels] + ", channel " + i % channels + " is");
        }
      }
      for (int level = 1; level < QuantileBand.LEVELS.length; level++) {
        for (int c = 0; c < channels; c++) {
          if (quantiles[(level - 1) * channels + c] > quantiles[level * channels + c]) {
            throw new IllegalArgumentException("sourceQuantiles must be ascending in the level; channel " + c
                + " has " + quantiles[(level - 1) * channels + c] + " at level " + QuantileBand.LEVELS[level - 1]
                + " above " + quantiles[level * channels + c] + " at level " + QuantileBand.LEVELS[level]);
          }
        }
      }
    }
    this.quantiles = quantiles == null ? null : quantiles.clone();
  }

  private static void requireLength(String name, float[] array, int channels) {
    if (array.length != channels) {
      throw new IllegalArgumentException(name + " must have length channels=" + channels + " (as omega), got "
          + array.length);
    }
  }

  // ---- factories ----------------------------------------------------------------------------------------------

  /**
   * The general form: T_c(x) = ω_c·x + β_c on [supportMin_c, supportMax_c]. ω, β finite; min and max not NaN (±∞ allowed; min &gt; max is an
   * empty support: nothing is transported in that channel).
   *
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException if the lengths differ, are 0, or a value breaks the rules above
   */
  public static TransportMap of(float[] omega, float[] beta, float[] supportMin, float[] supportMax) {
    return new TransportMap(omega, beta, supportMin, supportMax, new int[0], null);
  }

  /**
   * As {@link #of(float[], float[], float[], float[])} with the channels a fit found degenerate (zero source
   * variance), strictly ascending indices in [0, channels): how a fit or {@link #load} makes its map.
   *
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException as the four-argument form, or if {@code degenerateChannels} is not strictly
   *     ascending inside [0, channels)
   */
  public static TransportMap of(float[] omega, float[] beta, float[] supportMin, float[] supportMax,
      int[] degenerateChannels) {
    return new TransportMap(omega, beta, supportMin, supportMax, degenerateChannels, null);
  }

  /**
   * As {@link #of(float[], float[], float[], float[], int[])} with the source quantiles a fit keeps: level-major
   * ({@code sourceQuantiles[level·channels + c]}) at the 18 levels of the {@link QuantileBand}s (0, 0.005, 0.01,
   * 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1), ascending in the level, no NaN.
   *
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException as the five-argument form, or if the quantiles have another length, a NaN or
   *     descend
   */
  public static TransportMap of(float[] omega, float[] beta, float[] supportMin, float[] supportMax,
      int[] degenerateChannels, float[] sourceQuantiles) {
    present(sourceQuantiles, "sourceQuantiles");
    return new TransportMap(omega, beta, supportMin, supportMax, degenerateChannels, sourceQuantiles);
  }

  /**
   * Per-channel affine map from given ω and β, supported on the whole real line.
   *
   * @param omega ω per channel, finite, at least one channel
   * @param beta β per channel (same units as the activations), finite, as many as omega
   * @throws NullPointerException if {@code omega} or {@code beta} is null (named)
   * @throws IllegalArgumentException if {@code omega} is empty, the lengths differ, or a value is NaN or ±∞
   */
  public static TransportMap affine(float[] omega, float[] beta) {
    present(omega, "omega");
    return of(omega, beta, filled(omega.length, Float.NEGATIVE_INFINITY), filled(omega.length,
        Float.POSITIVE_INFINITY));
  }

  /**
   * The identity on {@code channels} channels (ω = 1, β = 0): applying it changes nothing.
   *
   * @throws IllegalArgumentException if {@code channels < 1}
   */
  public static TransportMap identity(int channels) {
    requireChannels(channels);
    return affine(filled(channels, 1), new float[channels]);
  }

  /**
   * Mean-AcT (the paper's mean-transport special case): ω = 1, β = m_target − m_source per channel, on the whole
   * real line. With λ = 1 it moves the source mean onto the target mean.
   *
   * @param sourceMean per-channel source means, finite, at least one channel
   * @param targetMean per-channel target means, as many as sourceMean
   * @throws NullPointerException if {@code sourceMean} or {@code targetMean} is null (named)
   * @throws IllegalArgumentException if the lengths differ or are 0, or a difference is NaN or ±∞ in float32
   */
  public static TransportMap meanShift(float[] sourceMean, float[] targetMean) {
    present(sourceMean, "sourceMean");
    present(targetMean, "targetMean");
    if (targetMean.length != sourceMean.length) {
      throw new IllegalArgumentException("targetMean must have length channels=" + sourceMean.length
          + " (as sourceMean), got " + targetMean.length);
    }
    float[] shift = new float[sourceMean.length];
    for (int c = 0; c < shift.length; c++) {
      shift[c] = targetMean[c] - sourceMean[c];
    }
    return shift(shift);
  }

  /**
   * A constant additive steering vector: ω = 1, β = δ, on the whole real line. This is the form of ActAdd
   * (Turner et al. 2023: δ = difference of activations of a contrastive prompt pair) and ITI-c (Li et al. 2024:
   * δ along a probe's direction) in the paper's Table 1; λ scales δ.
   *
   * @param delta δ per channel, finite, at least one channel
   * @throws NullPointerException if {@code delta} is null (named)
   * @throws IllegalArgumentException if {@code delta} is empty or holds NaN or ±∞
   */
  public static TransportMap shift(float[] delta) {
    present(delta, "delta");
    return affine(filled(delta.length, 1), delta);
  }

  /**
   * AurA (Suau et al. 2024, "Whispering Experts"): each unit dampened by a factor, ω_c = factor_c (the paper uses
   * 1 − Gini(AUROC_c), 1 for units that do not fire for the concept), β = 0, on the whole real line.
   *
   * @param factors ω per channel, finite, at least one channel
   * @throws NullPointerException if {@code factors} is null (named)
   * @throws IllegalArgumentException if {@code factors} is empty or holds NaN or ±∞
   */
  public static TransportMap dampen(float[] factors) {
    present(factors, "factors");
    return affine(factors, new float[factors.length]);
  }

  /**
   * Det0 (Suau et al. 2022, "Self-conditioning pre-trained language models"): the listed expert units are set to 0
   * (ω = 0, β = 0), every other unit is the identity; on the whole real line.
   *
   * @param channels channels of the map, ≥ 1
   * @param units the channel indices to zero, each in [0, channels) (repeats allowed)
   * @throws NullPointerException if {@code units} is null (named)
   * @throws IllegalArgumentException if {@code channels < 1} or a unit is outside [0, channels)
   */
  public static TransportMap detZero(int channels, int[] units) {
    requireChannels(channels);
    present(units, "units");
    float[] omega = filled(channels, 1);
    for (int u : units) {
      if (u < 0 || u >= channels) {
        throw new IllegalArgumentException("units must be channel indices in [0, " + channels + "), got " + u);
      }
      omega[u] = 0;
    }
    return affine(omega, new float[channels]);
  }

  private static float[] filled(int length, float value) {
    float[] a = new float[length];
    Arrays.fill(a, value);
    return a;
  }

  private static <T> T present(T value, String name) {
    return Arguments.notNull(value, name);
  }

  private static void requireChannels(int channels) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be > 0, got " + channels);
    }
  }

  // ---- accessors ----------------------------------------------------------------------------------------------

  /** The number of channels the map transports (the length of every per-channel array). */
  public int channels() {
    return omega.length;
  }

  /** ω per channel (a copy). */
  public float[] omega() {
    return omega.clone();
  }

  /** β per channel (a copy). */
  public float[] beta() {
    return beta.clone();
  }

  /** Lower end of the support per channel (a copy): the source minimum for a fitted map, −∞ for affine maps. */
  public float[] supportMin() {
    return supportMin.clone();
  }

  /** Upper end of the support per channel (a copy): the source maximum for a fitted map, +∞ for affine maps. */
  public float[] supportMax() {
    return supportMax.clone();
  }

  /** Channels whose source had zero variance in the fit (ω = 1, β = m_b − m_a there), ascending; a copy. */
  public int[] degenerateChannels() {
    return degenerate.clone();
  }

  /** Whether the map keeps the source quantiles of a fit (a fitted or loaded fitted map), so bands can be chosen. */
  public boolean hasSourceQuantiles() {
    return quantiles != null;
  }

  /**
   * The source quantile at one of the 18 stored levels, per channel (a copy); {@code level} is a {@link QuantileBand}
   * end, e.g. {@code QuantileBand.Q_1_99.lower()}.
   *
   * @throws IllegalStateException if the map keeps no quantiles
   * @throws IllegalArgumentException if {@code level} is not one of the stored levels
   */
  public float[] sourceQuantile(double level) {
    requireQuantiles();
    for (int row = 0; row < QuantileBand.LEVELS.length; row++) {
      if (QuantileBand.LEVELS[row] == level) {
        return Arrays.copyOfRange(quantiles, row * channels(), (row + 1) * channels());
      }
    }
    throw new IllegalArgumentException("level must be one of " + Arrays.toString(QuantileBand.LEVELS) + ", got "
        + level);
  }

  /** All stored source quantiles, level-major (a copy); null if the map keeps none. */
  public float[] sourceQuantiles() {
    return quantiles == null ? null : quantiles.clone();
  }

  /**
   * This map with its support set to a source-quantile band (ml-act's {@code quantiles_src}); the quantiles are kept.
   * With {@link Boundary#STRICT} (ml-act's {@code lo < x < hi}) the stored support is [nextUp(lo), nextDown(hi)],
   * exactly the same test on float32 data; a band with lo = hi is then empty (nothing is transported there).
   * Apply it with {@link Support#SOURCE_RANGE}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the map keeps no quantiles (not fitted by this library)
   */
  public TransportMap withSupport(QuantileBand band, Boundary boundary) {
    present(band, "band");
    present(boundary, "boundary");
    requireQuantiles();
    return withSupport(sourceQuantile(band.lower()), sourceQuantile(band.upper()), boundary);
  }

  /**
   * This map with the support [lo_c, hi_c] per channel under {@code boundary} (see
   * {@link #withSupport(QuantileBand, Boundary)}); lo &gt; hi is an empty support. This is how ml-act's own quantile
   * tensors (from its hook state dicts) and its {@code q_all} rule (−10⁶ &lt; x &lt; 10⁶) are reproduced.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a length is not channels or a value is NaN
   */
  public TransportMap withSupport(float[] lo, float[] hi, Boundary boundary) {
    present(lo, "lo");
    present(hi, "hi");
    present(boundary, "boundary");
    requireLength("lo", lo, channels());
    requireLength("hi", hi, channels());
    float[] min = lo.clone();
    float[] max = hi.clone();
    if (boundary == Boundary.STRICT) {
      for (int c = 0; c < min.length; c++) {
        // x > lo ⇔ x ≥ nextUp(lo) for float x (also for lo = −∞: every finite x; ±∞ is never transported).
        min[c] = Math.nextUp(min[c]);
        max[c] = Math.nextDown(max[c]);
      }
    }
    return new TransportMap(omega, beta, min, max, degenerate, quantiles);
  }

  /**
   * This map with ml-act's support rule {@code quantilesSrc}: {@code "q_all"} (its default for Gaussian, Mean and
   * AurA hooks: −10⁶ &lt; x &lt; 10⁶) or a band name such as {@code "q_0_100"} (Linear-AcT's default), always
   * strict, as ml-act tests it.
   *
   * @throws NullPointerException if {@code quantilesSrc} is null
   * @throws IllegalArgumentException if the name is unknown
   * @throws IllegalStateException if a band is named and the map keeps no quantiles
   */
  public TransportMap withMlActSupport(String quantilesSrc) {
    present(quantilesSrc, "quantilesSrc");
    if (quantilesSrc.equals("q_all")) {
      return withSupport(filled(channels(), -1e6f), filled(channels(), 1e6f), Boundary.STRICT);
    }
    return withSupport(QuantileBand.ofMlActName(quantilesSrc), Boundary.STRICT);
  }

  private void requireQuantiles() {
    if (quantiles == null) {
      throw new IllegalStateException("this map keeps no source quantiles (only maps fitted by LinearTransport,"
          + " or loaded from a file with the tensor source_quantiles, do)");
    }
  }

  // ---- files --------------------------------------------------------------------------------------------------

  /**
   * Writes the map as a safetensors file (see the class comment), atomically: a temporary file beside
   * {@code path} moved into place, so a reader never sees half a map; an existing file is replaced, missing parent
   * folders are created.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IOException if the file cannot be written
   */
  public void save(Path path) throws IOException {
    present(path, "path");
    TransportMapFile.write(this, path);
  }

  /**
   * Reads a map written by {@link #save} or by any safetensors writer with the four F32 tensors of equal shape
   * [channels] (other tensors are ignored). The file is read defensively: only its bounded header is parsed before
   * the four tensors are read, and a file that breaks the safetensors rules (a tensor named twice, data offsets that
   * do not tile the data section exactly, a shape that does not match its span) or the map's own rules (see
   * {@link #of(float[], float[], float[], float[], int[])}) is refused.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IOException naming the file and what is wrong with it, or if it cannot be read
   */
  public static TransportMap load(Path path) throws IOException {
    present(path, "path");
    return TransportMapFile.read(path);
  }

  /**
   * Writes several maps into one safetensors file, one tensor group per module: {@code <module>/omega},
   * {@code <module>/beta}, {@code <module>/support_min}, {@code <module>/support_max} and, for fitted maps,
   * {@code <module>/source_quantiles}, with the module names as the model names them (e.g.
   * {@code transformer.h.0.mlp.c_proj:0}, no '/'); atomically, in the map's iteration order.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a module name is empty or contains '/'
   * @throws IOException if the file cannot be written
   */
  public static void saveAll(java.util.Map<String, TransportMap> maps, Path path) throws IOException {
    present(maps, "maps");
    present(path, "path");
    TransportMapFile.writeAll(maps, path);
  }

  /**
   * Every module's map of a file written by {@link #saveAll}, in the file's order.
   *
   * @throws NullPointerException if {@code path} is null
   * @throws IOException naming the file and what is wrong with it
   */
  public static java.util.Map<String, TransportMap> loadAll(Path path) throws IOException {
    present(path, "path");
    return TransportMapFile.readAll(path);
  }

  /**
   * One module's map of a file written by {@link #saveAll}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IOException if the file is bad or has no such module (the message lists the modules it has)
   */
  public static TransportMap load(Path path, String module) throws IOException {
    present(module, "module");
    java.util.Map<String, TransportMap> all = loadAll(path);
    TransportMap map = all.get(module);
    if (map == null) {
      throw new IOException(path + ": no module '" + module + "'; it has " + all.keySet());
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportMap m && Arrays.equals(omega, m.omega) && Arrays.equals(beta, m.beta)
        && Arrays.equals(supportMin, m.supportMin) && Arrays.equals(supportMax, m.supportMax)
        && Arrays.equals(degenerate, m.degenerate) && Arrays.equals(quantiles, m.quantiles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(omega), Arrays.hashCode(beta), Arrays.hashCode(supportMin),
        Arrays.hashCode(supportMax), Arrays.hashCode(degenerate));
  }

  @Override
  public String toString() {
    return "TransportMap[channels=" + channels() + ", degenerate=" + degenerate.length + "]";
  }
}
