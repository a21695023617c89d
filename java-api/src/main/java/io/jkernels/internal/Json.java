package io.jkernels.internal;

import java.util.Locale;

/** The two JSON literals the report and file writers need (no JSON library for so little); not API. */
public final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal, or {@code null}. */
  public static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A finite number as a JSON number; NaN and ±∞ (which JSON lacks) as the strings "NaN", "Infinity", "-Infinity". */
  public static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return string(Double.toString(x));
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }
}
