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
 * {@code support_min}, {@code support_max} of shape [channels]; the degenerate channels go in the header's
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

  private TransportMap(float[] omega, float[] beta, float[] supportMin, float[] supportMax, int[] degenerate) {
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
      if (!(supportMin[c] <= supportMax[c])) {
        throw new IllegalArgumentException("supportMin[c] <= supportMax[c] (neither NaN) required; channel " + c
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
  }

  private static void requireLength(String name, float[] array, int channels) {
    if (array.length != channels) {
      throw new IllegalArgumentException(name + " must have length channels=" + channels + " (as omega), got "
          + array.length);
    }
  }

  // ---- factories ----------------------------------------------------------------------------------------------

  /**
   * The general form: T_c(x) = ω_c·x + β_c on [supportMin_c, supportMax_c]. ω, β finite; min ≤ max (±∞ allowed).
   *
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException if the lengths differ, are 0, or a value breaks the rules above
   */
  public static TransportMap of(float[] omega, float[] beta, float[] supportMin, float[] supportMax) {
    return new TransportMap(omega, beta, supportMin, supportMax, new int[0]);
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
    return new TransportMap(omega, beta, supportMin, supportMax, degenerateChannels);
  }

  /** Per-channel affine map from given ω and β, supported on the whole real line. */
  public static TransportMap affine(float[] omega, float[] beta) {
    present(omega, "omega");
    return of(omega, beta, filled(omega.length, Float.NEGATIVE_INFINITY), filled(omega.length,
        Float.POSITIVE_INFINITY));
  }

  /** The identity on {@code channels} channels (ω = 1, β = 0): applying it changes nothing. */
  public static TransportMap identity(int channels) {
    requireChannels(channels);
    return affine(filled(channels, 1), new float[channels]);
  }

  /**
   * Mean-AcT (the paper's mean-transport special case): ω = 1, β = m_target − m_source per channel, on the whole
   * real line. With λ = 1 it moves the source mean onto the target mean.
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
   */
  public static TransportMap shift(float[] delta) {
    present(delta, "delta");
    return affine(filled(delta.length, 1), delta);
  }

  /**
   * AurA (Suau et al. 2024, "Whispering Experts"): each unit dampened by a factor, ω_c = factor_c (the paper uses
   * 1 − Gini(AUROC_c), 1 for units that do not fire for the concept), β = 0, on the whole real line.
   */
  public static TransportMap dampen(float[] factors) {
    present(factors, "factors");
    return affine(factors, new float[factors.length]);
  }

  /**
   * Det0 (Suau et al. 2022, "Self-conditioning pre-trained language models"): the listed expert units are set to 0
   * (ω = 0, β = 0), every other unit is the identity; on the whole real line.
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

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportMap m && Arrays.equals(omega, m.omega) && Arrays.equals(beta, m.beta)
        && Arrays.equals(supportMin, m.supportMin) && Arrays.equals(supportMax, m.supportMax)
        && Arrays.equals(degenerate, m.degenerate);
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
