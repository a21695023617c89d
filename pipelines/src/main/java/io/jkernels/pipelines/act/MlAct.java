package io.jkernels.pipelines.act;

import io.jkernels.pipelines.torch.TorchFile;
import io.jkernels.pipelines.torch.TorchTensor;
import io.jkernels.transport.Boundary;
import io.jkernels.transport.GaussianTransport;
import io.jkernels.transport.QuantileBand;
import io.jkernels.transport.TransportMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What users of Apple's ml-act (the AcT paper's code) already have, read from Java: folders of pooled responses
 * (one torch {@code .pt} file per sentence, a dict with a {@code responses} tensor of one row, as its
 * PostprocessAndSaveHook writes them) and fitted hook state dicts ({@code <module>.statedict}), turned into
 * jkernels' {@link TransportMap}. Torch files are read by {@link TorchFile}, which never runs pickled code.
 */
public final class MlAct {
  /** The hook kinds whose state dicts convert to a map. */
  public enum Hook { LINEAR_OT, GAUSSIAN_OT, MEAN_OT, AURA }

  private MlAct() {}

  /**
   * Every {@code .pt} file under {@code folder} (recursively, in path order) as one row of a rows×channels array;
   * each must hold a dict with a {@code responses} tensor of one row (shape [C] or [1, C]), all with the same C.
   *
   * @throws IOException naming the file that is unreadable, refused or of another width
   */
  public static Responses responses(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(p -> p.toString().endsWith(".pt") && Files.isRegularFile(p)).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException(folder + ": no .pt files (ml-act saves one per sentence under <module>/<pooling>/)");
    }
    float[] rows = null;
    int channels = -1;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (!(TorchFile.read(file) instanceof Map<?, ?> dict) || !(dict.get("responses") instanceof TorchTensor t)) {
        throw new IOException(file + ": expected a dict with a 'responses' tensor, as ml-act saves them");
      }
      long[] shape = t.shape();
      boolean oneRow = shape.length == 1 || (shape.length == 2 && shape[0] == 1);
      if (!oneRow || t.size() < 1) {
        throw new IOException(file + ": 'responses' has shape " + Arrays.toString(shape) + ", expected one pooled"
            + " row [C] or [1, C]");
      }
      if (channels < 0) {
        channels = (int) t.size();
        rows = new float[Math.multiplyExact(files.size(), channels)];
      } else if (t.size() != channels) {
        throw new IOException(file + ": 'responses' has " + t.size() + " channels, the first file " + channels);
      }
      System.arraycopy(t.toFloats(), 0, rows, i * channels, channels);
    }
    return new Responses(rows, files.size(), channels);
  }

  /** Pooled responses: {@code rows}×{@code channels} floats, row-major. */
  public record Responses(float[] data, int rows, int channels) {}

  /** The kind of an ml-act hook state dict from its keys (Gaussian and Mean hooks save the same buffers). */
  public static Hook kindOf(Map<?, ?> state, boolean meanOnly) {
    if (state.containsKey("net.w1")) {
      return Hook.LINEAR_OT;
    }
    if (state.containsKey("auroc") || state.containsKey("alpha")) {
      return Hook.AURA;
    }
    if (state.containsKey("mu1") && state.containsKey("std1")) {
      return meanOnly ? Hook.MEAN_OT : Hook.GAUSSIAN_OT;
    }
    throw new IllegalArgumentException("not an ml-act hook state dict this reader knows (keys " + state.keySet()
        + "; expected net.w1/net.b1, mu1/mu2/std1/std2, auroc or alpha)");
  }

  /**
   * The map of an ml-act hook state dict file, reproducing the hook: Linear-AcT ω = net.w1, β = net.b1; Gaussian
   * ω = std2/std1 (float32, as the hook), β = mu2 − ω·mu1; Mean ω = 1, β = mu2 − mu1; both with the hook's mask
   * (std1, std2 &gt; {@code stdEps}, masked units untouched); AurA ω = 1 − 2(auroc − ½) where auroc &gt; ½, β = 0,
   * everywhere. The support is the hook's own {@code quantiles_src} rule, strict (ml-act's {@code lo < x < hi}),
   * from its stored quantile tensors; when all nine bands are stored they become the map's source quantiles, so
   * another band can be chosen later.
   */
  public static TransportMap convert(Path stateDict, boolean meanOnly, double stdEps) throws IOException {
    if (!(TorchFile.read(stateDict) instanceof Map<?, ?> state)) {
      throw new IOException(stateDict + ": not a state dict (a dict at the top of the pickle)");
    }
    try {
      return convert(state, meanOnly, stdEps);
    } catch (IllegalArgumentException e) {
      throw new IOException(stateDict + ": " + e.getMessage(), e);
    }
  }

  static TransportMap convert(Map<?, ?> state, boolean meanOnly, double stdEps) {
    Hook kind = kindOf(state, meanOnly);
    if (kind == Hook.AURA && state.containsKey("alpha")) {
      // Older AurA hooks (as in ml-act's own test data) save the dampening factors themselves.
      float[] alpha = tensor(state, "alpha").toFloats();
      return TransportMap.affine(alpha, new float[alpha.length]);
    }
    if (kind == Hook.AURA) {
      float[] auroc = tensor(state, "auroc").toFloats();
      float[] omega = new float[auroc.length];
      for (int c = 0; c < auroc.length; c++) {
        omega[c] = auroc[c] > 0.5f ? 1 - 2 * (auroc[c] - 0.5f) : 1; // float32, as the hook's _post_load
      }
      return TransportMap.affine(omega, new float[auroc.length]);
    }
    float[] omega;
    float[] beta;
    boolean[] masked;
    if (kind == Hook.LINEAR_OT) {
      omega = tensor(state, "net.w1").toFloats();
      beta = tensor(state, "net.b1").toFloats();
      masked = new boolean[omega.length];
    } else {
      float[] mu1 = tensor(state, "mu1").toFloats();
      float[] mu2 = tensor(state, "mu2").toFloats();
      float[] std1 = tensor(state, "std1").toFloats();
      float[] std2 = tensor(state, "std2").toFloats();
      omega = new float[mu1.length];
      beta = new float[mu1.length];
      masked = new boolean[mu1.length];
      for (int c = 0; c < mu1.length; c++) {
        masked[c] = !(std1[c] > stdEps && std2[c] > stdEps);
        omega[c] = masked[c] || kind == Hook.MEAN_OT ? 1 : std2[c] / std1[c];
        beta[c] = masked[c] ? 0 : mu2[c] - omega[c] * mu1[c];
      }
    }
    int channels = omega.length;
    float[] inf = new float[channels];
    Arrays.fill(inf, Float.POSITIVE_INFINITY);
    float[] minusInf = new float[channels];
    Arrays.fill(minusInf, Float.NEGATIVE_INFINITY);
    float[] quantiles = quantiles(state, channels);
    TransportMap map = quantiles == null ? TransportMap.of(omega, beta, minusInf, inf)
        : TransportMap.of(omega, beta, minusInf, inf, new int[0], quantiles);
    Object rule = state.get("quantiles_src");
    String name = rule instanceof String s ? s : "q_all";
    TransportMap supported;
    if (name.equals("q_all")) {
      supported = map.withMlActSupport("q_all");
    } else {
      float[][] band = band(state, name, channels);
      supported = map.withSupport(band[0], band[1], Boundary.STRICT);
    }
    if (!hasMasked(masked)) {
      return supported;
    }
    float[] min = supported.supportMin();
    float[] max = supported.supportMax();
    for (int c = 0; c < channels; c++) {
      if (masked[c]) {
        min[c] = Float.POSITIVE_INFINITY; // the hook leaves masked units alone: an empty support
        max[c] = Float.NEGATIVE_INFINITY;
      }
    }
    return supported.withSupport(min, max, Boundary.INCLUSIVE);
  }

  private static boolean hasMasked(boolean[] masked) {
    for (boolean m : masked) {
      if (m) {
        return true;
      }
    }
    return false;
  }

  /** ml-act's band {@code name} from {@code quantiles_dict_src} as [lo, hi] float arrays. */
  private static float[][] band(Map<?, ?> state, String name, int channels) {
    if (!(state.get("quantiles_dict_src") instanceof Map<?, ?> dict) || !(dict.get(name) instanceof List<?> pair)
        || pair.size() != 2 || !(pair.get(0) instanceof TorchTensor lo) || !(pair.get(1) instanceof TorchTensor hi)
        || lo.size() != channels || hi.size() != channels) {
      throw new IllegalArgumentException("quantiles_src is '" + name + "' but quantiles_dict_src has no pair of "
          + channels + "-channel tensors under that name");
    }
    return new float[][] {bound(lo, true), bound(hi, false)};
  }

  /**
   * A stored quantile as a float32 bound with the same strict test: a float64 quantile q (the Gaussian hooks keep
   * them in float64, and torch compares float32 activations against them in float64) becomes the largest float
   * ≤ q for a lower end (x &gt; that float ⇔ x &gt; q for float x) and the smallest float ≥ q for an upper end.
   */
  private static float[] bound(TorchTensor t, boolean lower) {
    float[] out = new float[(int) t.size()];
    for (int c = 0; c < out.length; c++) {
      double q = t.values()[c];
      float f = (float) q;
      if (lower && f > q) {
        f = Math.nextDown(f);
      } else if (!lower && f < q) {
        f = Math.nextUp(f);
      }
      out[c] = f;
    }
    return out;
  }

  /** All nine bands as the map's level-major source quantiles, or null if any is missing or they do not ascend. */
  private static float[] quantiles(Map<?, ?> state, int channels) {
    if (!(state.get("quantiles_dict_src") instanceof Map<?, ?>)) {
      return null;
    }
    QuantileBand[] bands = QuantileBand.values();
    float[] out = new float[2 * bands.length * channels];
    try {
      for (int k = 0; k < bands.length; k++) {
        float[][] band = band(state, bands[k].mlActName(), channels);
        System.arraycopy(band[0], 0, out, k * channels, channels);
        System.arraycopy(band[1], 0, out, (2 * bands.length - 1 - k) * channels, channels);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (int i = channels; i < out.length; i++) {
      if (out[i - channels] > out[i]) {
        return null;
      }
    }
    return out;
  }

  private static TorchTensor tensor(Map<?, ?> state, String key) {
    if (!(state.get(key) instanceof TorchTensor t)) {
      throw new IllegalArgumentException("no tensor '" + key + "'");
    }
    return t;
  }

  /** ml-act's default std_eps of the Gaussian and Mean hooks. */
  public static final double STD_EPS = GaussianTransport.DEFAULT_STD_EPS;
}
