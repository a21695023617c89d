package io.jkernels.pipelines.audio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The AmbiX convention for B-format files (Nachbar et al., "AMBIX – a suggested ambisonics format", Ambisonics
 * Symposium 2011): channels in ACN order ({@code acn = n² + n + m}), SN3D normalisation, no Condon–Shortley phase,
 * {@code (N+1)²} channels for order N. The library's planar B-format is already AmbiX channel for channel, so a
 * B-format signal is written as is; what this class adds is the record of the convention in the file itself.
 *
 * <p>The record: a WAV LIST/INFO chunk whose {@code ICMT} (comment) entry reads
 * {@code ambisonics=AmbiX; order=1; channel_order=ACN; normalization=SN3D; channels=4} and whose {@code ISFT}
 * names the writer. INFO was chosen over iXML because every WAV reader keeps it (sox, libsndfile, ffmpeg show it
 * as the comment), and the key=value text parses back with {@link #parse(Map)}.
 */
public final class AmbiX {
  /** The INFO id holding the convention. */
  public static final String COMMENT = "ICMT";
  /** The INFO id naming the software. */
  public static final String SOFTWARE = "ISFT";

  private AmbiX() {}

  /** Channels of a full-sphere B-format of {@code order}. */
  public static int channels(int order) {
    if (order < 0 || order > 64) {
      throw new IllegalArgumentException("order: expected 0 to 64, got " + order);
    }
    return (order + 1) * (order + 1);
  }

  /** The order whose channel count is {@code channels}, or an exception when it is not a square. */
  public static int orderOf(int channels) {
    int n = (int) Math.round(Math.sqrt(channels)) - 1;
    if (n < 0 || (n + 1) * (n + 1) != channels) {
      throw new IllegalArgumentException("B-format: expected (N+1)² channels, got " + channels);
    }
    return n;
  }

  /** The INFO metadata recording an order-{@code order} AmbiX file. */
  public static Map<String, String> metadata(int order) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(COMMENT, String.format(Locale.ROOT,
        "ambisonics=AmbiX; order=%d; channel_order=ACN; normalization=SN3D; channels=%d", order, channels(order)));
    m.put(SOFTWARE, "jkernels");
    return m;
  }

  /**
   * The order a file's metadata declares, or -1 when it carries no AmbiX record. A record that names another
   * channel order or normalisation is an {@link IllegalArgumentException}: reading FuMa or N3D as AmbiX is the
   * silent error this record exists to prevent.
   */
  public static int parse(Map<String, String> metadata) {
    String text = metadata.get(COMMENT);
    if (text == null || !text.contains("ambisonics=")) {
      return -1;
    }
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    if (!"AmbiX".equalsIgnoreCase(kv.get("ambisonics")) || !"ACN".equalsIgnoreCase(kv.get("channel_order"))
        || !"SN3D".equalsIgnoreCase(kv.get("normalization"))) {
      throw new IllegalArgumentException("ambisonic metadata '" + text + "': expected AmbiX (ACN, SN3D)");
    }
    try {
      return Integer.parseInt(kv.getOrDefault("order", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ambisonic metadata '" + text + "': no valid order", e);
    }
  }
}
