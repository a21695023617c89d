package io.jkernels.pipelines.sls;

import io.jkernels.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metadata row as a small JSON object (the per-sample record that makes a run resumable). JSON has no NaN or
 * infinities, so non-finite numbers are written as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}; values come back typed by {@link MetadataSchema#COLUMNS}.
 */
final class RowJson {
  private RowJson() {}

  static String write(Map<String, Object> row) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : row.entrySet()) {
      b.append(first ? "" : ",").append("\n  ");
      first = false;
      string(b, e.getKey());
      b.append(": ");
      Object v = e.getValue();
      if (v instanceof double[] a) {
        b.append('[');
        for (int i = 0; i < a.length; i++) {
          b.append(i > 0 ? ", " : "");
          number(b, a[i]);
        }
        b.append(']');
      } else if (v instanceof Double d) {
        number(b, d);
      } else if (v instanceof Long || v instanceof Integer) {
        b.append(v);
      } else {
        string(b, (String) v);
      }
    }
    return b.append("\n}\n").toString();
  }

  /** Parses a row; anything not matching the schema is an {@link IllegalArgumentException}. */
  static Map<String, Object> read(String json) {
    Object parsed = Json.parse(json);
    if (!(parsed instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("row: expected a JSON object");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (Map.Entry<String, MetadataSchema.Kind> c : MetadataSchema.COLUMNS.entrySet()) {
      Object v = m.get(c.getKey());
      if (v == null) {
        throw new IllegalArgumentException("row: missing '" + c.getKey() + "'");
      }
      row.put(c.getKey(), switch (c.getValue()) {
        case LONG -> {
          if (!(v instanceof Long l)) {
            throw new IllegalArgumentException("row '" + c.getKey() + "': expected an integer");
          }
          yield l;
        }
        case DOUBLE -> toDouble(v, c.getKey());
        case STRING -> {
          if (!(v instanceof String s)) {
            throw new IllegalArgumentException("row '" + c.getKey() + "': expected a string");
          }
          yield s;
        }
        case LIST -> {
          if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("row '" + c.getKey() + "': expected a non-empty list");
          }
          double[] a = new double[l.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = toDouble(l.get(i), c.getKey());
          }
          yield a;
        }
      });
    }
    return row;
  }

  private static double toDouble(Object v, String key) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      switch (s) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default: break;
      }
    }
    throw new IllegalArgumentException("row '" + key + "': expected a number, got " + v);
  }

  private static void number(StringBuilder b, double d) {
    if (Double.isFinite(d)) {
      b.append(d);
    } else {
      b.append('"').append(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity").append('"');
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    b.append('"');
  }
}
