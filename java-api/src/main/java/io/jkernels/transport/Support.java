package io.jkernels.transport;

/** Which values {@link Transport#apply} transports; the others pass unchanged, bit for bit. */
public enum Support {
  /**
   * Only finite values inside the source's observed range, supportMin_c ≤ x ≤ supportMax_c: the estimated map is
   * only backed by data there (AcT's transport support, the source range [min A, max A]).
   */
  SOURCE_RANGE,
  /** Every finite value. Non-finite values (NaN, ±∞) still pass unchanged: a map of ∞ would only make NaN. */
  EVERYWHERE
}
