package io.jkernels.internal;

import java.util.Objects;

/**
 * The one argument-check vocabulary of every family (DESIGN.md §3): a {@code null} argument gets a
 * {@link NullPointerException} naming it, as the JDK's {@code Objects.requireNonNull(x, "name")} does; any other bad
 * argument an {@link IllegalArgumentException} naming the argument and the expected shape. Callers run every check
 * before any output is written. Not API.
 */
public final class Arguments {
  private Arguments() {}

  /** {@code value}, or a NullPointerException whose message is {@code name}. */
  public static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, name);
  }

  public static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  public static long positive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  public static int nonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  public static long nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** {@code a·b}, which must fit a Java array ({@code what} names the product, e.g. "size×batch"). */
  public static long arrayProduct(String what, long a, long b) {
    long p = a * b;
    if (a < 0 || b < 0 || (a != 0 && (p / a != b || p > Integer.MAX_VALUE - 8))) {
      throw new IllegalArgumentException(what + " = " + a + "×" + b + " does not fit a Java array");
    }
    return p;
  }

  /**
   * An output that must not be one of {@code inputs} (kernels read inputs after writing outputs): otherwise
   * IllegalArgumentException "{@code name} must be a different array from {@code others}".
   */
  public static void distinct(Object out, String name, String others, Object... inputs) {
    for (Object in : inputs) {
      if (in == out) {
        throw new IllegalArgumentException(name + " must be a different array from " + others);
      }
    }
  }

  /** Non-null, of exactly {@code expected} floats; {@code shape} says how expected is made, e.g. "size×batch". */
  public static float[] length(float[] array, String name, long expected, String shape) {
    notNull(array, name);
    if (array.length != expected) {
      throw new IllegalArgumentException(name + " has length " + array.length + ", expected " + shape + " = "
          + expected);
    }
    return array;
  }

  /** As {@link #length(float[], String, long, String)} for double arrays. */
  public static double[] length(double[] array, String name, long expected, String shape) {
    notNull(array, name);
    if (array.length != expected) {
      throw new IllegalArgumentException(name + " has length " + array.length + ", expected " + shape + " = "
          + expected);
    }
    return array;
  }

  public static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    return value;
  }

  public static float[] finite(float[] array, String name) {
    notNull(array, name);
    for (int i = 0; i < array.length; i++) {
      if (!Float.isFinite(array[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + array[i] + "; must be finite");
      }
    }
    return array;
  }

  public static double[] finite(double[] array, String name) {
    notNull(array, name);
    for (int i = 0; i < array.length; i++) {
      if (!Double.isFinite(array[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + array[i] + "; must be finite");
      }
    }
    return array;
  }
}
