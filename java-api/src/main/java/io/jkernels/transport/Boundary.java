package io.jkernels.transport;

/**
 * Whether a support band's ends are transported. ml-act tests {@code lo < x < hi} ({@link #STRICT}); jkernels'
 * {@link Support#SOURCE_RANGE} has always been inclusive ({@link #INCLUSIVE}). On float32 data the strict band is
 * stored exactly as the inclusive band [nextUp(lo), nextDown(hi)], so one apply kernel serves both.
 */
public enum Boundary {
  /** lo ≤ x ≤ hi. */
  INCLUSIVE,
  /** lo &lt; x &lt; hi, as ml-act's hooks ({@code (q_lo < z) & (z < q_hi)}). */
  STRICT
}
