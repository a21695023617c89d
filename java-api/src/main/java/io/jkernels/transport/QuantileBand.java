package io.jkernels.transport;

/**
 * The nine source-quantile support bands a fit keeps per channel, as ml-act names them ({@code quantiles_src} in its
 * configs, {@code act/utils/quantiles.py}): band [q_lo, q_hi] of the source column, estimated by
 * {@code torch.quantile}'s linear rule (pos = q·(n − 1), interpolated between the two order statistics, in double,
 * rounded to float32). Choose one with {@link TransportMap#withSupport(QuantileBand, Boundary)}.
 */
public enum QuantileBand {
  /** 0–100 %: the source range, ml-act's Linear-AcT default. */
  Q_0_100("q_0_100", 0, 17),
  /** 0.5–99.5 %. */
  Q_0_5_99_5("q_0.5_99.5", 1, 16),
  /** 1–99 %. */
  Q_1_99("q_1_99", 2, 15),
  /** 2–98 %. */
  Q_2_98("q_2_98", 3, 14),
  /** 5–95 %. */
  Q_5_95("q_5_95", 4, 13),
  /** 10–90 %. */
  Q_10_90("q_10_90", 5, 12),
  /** 20–80 %. */
  Q_20_80("q_20_80", 6, 11),
  /** 30–70 %. */
  Q_30_70("q_30_70", 7, 10),
  /** 40–60 %. */
  Q_40_60("q_40_60", 8, 9);

  /** The levels of the stored quantiles, ascending (the rows of the map file's {@code source_quantiles}). */
  static final double[] LEVELS = io.jkernels.kernels.transport.SourceQuantiles.LEVELS;

  private final String mlActName;
  private final int lowerRow;
  private final int upperRow;

  QuantileBand(String mlActName, int lowerRow, int upperRow) {
    this.mlActName = mlActName;
    this.lowerRow = lowerRow;
    this.upperRow = upperRow;
  }

  /** ml-act's name of the band, e.g. {@code "q_1_99"}. */
  public String mlActName() {
    return mlActName;
  }

  /** The lower quantile level, e.g. 0.01. */
  public double lower() {
    return LEVELS[lowerRow];
  }

  /** The upper quantile level, e.g. 0.99. */
  public double upper() {
    return LEVELS[upperRow];
  }

  int lowerRow() {
    return lowerRow;
  }

  int upperRow() {
    return upperRow;
  }

  /**
   * The band ml-act calls {@code name} ({@code "q_0_100"}, {@code "q_1_99"}, …).
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the nine known names if it is none of them
   */
  public static QuantileBand ofMlActName(String name) {
    java.util.Objects.requireNonNull(name, "name");
    for (QuantileBand band : values()) {
      if (band.mlActName.equals(name)) {
        return band;
      }
    }
    StringBuilder known = new StringBuilder();
    for (QuantileBand band : values()) {
      known.append(known.isEmpty() ? "" : ", ").append(band.mlActName);
    }
    throw new IllegalArgumentException("band must be one of " + known + " (or q_all where a support rule is"
        + " accepted), got '" + name + "'");
  }
}
