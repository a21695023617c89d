package io.jkernels.transport;

/** Which token positions of a [batch, tokens, channels] activation are transported (ml-act's intervention_position). */
public enum TokenPosition {
  /** Every position ({@code "all"}, ml-act's default). */
  ALL,
  /** Only the last position of each sequence ({@code "last"}); the others pass unchanged, bit for bit. */
  LAST
}
