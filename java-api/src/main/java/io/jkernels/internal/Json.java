package io.jkernels.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The library's one JSON reader and its two literal writers (no JSON library for so little); not API.
 *
 * <p>The reader is for headers of files from anywhere (safetensors), so it is defensive: iterative (an explicit
 * stack, so no input can overflow the thread's stack), with a nesting limit, strict RFC 8259 grammar, and duplicate
 * object keys rejected (a file naming a tensor twice is ambiguous: "last wins" would hide it). Values become
 * {@code Map<String, Object>} (in file order), {@code List<Object>}, {@code String}, {@code Long} (integers that fit),
 * {@code Double} (other numbers), {@code Boolean} and {@code null}.
 */
public final class Json {
  /** Nesting deeper than this is refused; safetensors headers nest 3 levels. */
  public static final int MAX_DEPTH = 64;

  private Json() {}

  /** An object names the same key twice. */
  public static final class DuplicateKeyException extends IllegalArgumentException {
    DuplicateKeyException(String message) {
      super(message);
    }
  }

  /**
   * Parses one JSON value (surrounding whitespace allowed); IllegalArgumentException saying what and at which
   * character offset for anything else, {@link DuplicateKeyException} for a repeated key, and for nesting deeper
   * than {@link #MAX_DEPTH}.
   */
  public static Object parse(String text) {
    return new Reader(text).parse();
  }

  /** The iterative parser: one loop over states, containers on an explicit stack. */
  private static final class Reader {
    private enum State { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER_VALUE }

    private final String s;
    private int i;
    private final Deque<Object> containers = new ArrayDeque<>();
    private final Deque<String> keys = new ArrayDeque<>();
    private Object root;

    Reader(String s) {
      this.s = java.util.Objects.requireNonNull(s, "text");
    }

    Object parse() {
      State state = State.VALUE;
      while (true) {
        skipWhitespace();
        switch (state) {
          case VALUE, VALUE_OR_CLOSE -> {
            char c = current("a value");
            if (state == State.VALUE_OR_CLOSE && c == ']') {
              i++;
              close();
            } else if (c == '{') {
              i++;
              open(new LinkedHashMap<String, Object>());
              state = State.KEY_OR_CLOSE;
              continue;
            } else if (c == '[') {
              i++;
              open(new ArrayList<Object>());
              state = State.VALUE_OR_CLOSE;
              continue;
            } else {
              attach(scalar());
            }
            state = State.AFTER_VALUE;
          }
          case KEY, KEY_OR_CLOSE -> {
            char c = current("a key");
            if (state == State.KEY_OR_CLOSE && c == '}') {
              i++;
              close();
              state = State.AFTER_VALUE;
              continue;
            }
            if (c != '"') {
              throw error("expected a string key");
            }
            keys.push(string());
            skipWhitespace();
            expect(':');
            state = State.VALUE;
          }
          case AFTER_VALUE -> {
            if (containers.isEmpty()) {
              if (i != s.length()) {
                throw error("trailing characters after the value");
              }
              return root;
            }
            char c = current("',' or the end of the container");
            boolean inObject = containers.peek() instanceof Map;
            i++;
            if (c == ',') {
              state = inObject ? State.KEY : State.VALUE;
            } else if ((inObject && c == '}') || (!inObject && c == ']')) {
              close();
            } else {
              i--;
              throw error("expected ',' or '" + (inObject ? '}' : ']') + "'");
            }
          }
          default -> throw new AssertionError(state);
        }
      }
    }

    private void open(Object container) {
      if (containers.size() >= MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH + " levels");
      }
      containers.push(container);
    }

    private void close() {
      attach(containers.pop());
    }

    @SuppressWarnings("unchecked")
    private void attach(Object value) {
      Object top = containers.peek();
      if (top == null) {
        root = value;
      } else if (top instanceof List<?> list) {
        ((List<Object>) list).add(value);
      } else {
        Map<String, Object> map = (Map<String, Object>) top;
        String key = keys.pop();
        if (map.containsKey(key)) {
          throw new DuplicateKeyException("duplicate key " + Json.string(key) + " before offset " + i);
        }
        map.put(key, value);
      }
    }

    private Object scalar() {
      char c = s.charAt(i);
      if (c == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      return number();
    }

    private Object number() {
      int start = i;
      if (peek('-')) {
        i++;
      }
      int intStart = i;
      digits();
      if (i == intStart || (s.charAt(intStart) == '0' && i - intStart > 1)) {
        i = start;
        throw error("expected a value");
      }
      boolean integer = true;
      if (peek('.')) {
        i++;
        integer = false;
        if (digits() == 0) {
          throw error("expected digits after '.'");
        }
      }
      if (peek('e') || peek('E')) {
        i++;
        integer = false;
        if (peek('+') || peek('-')) {
          i++;
        }
        if (digits() == 0) {
          throw error("expected digits in the exponent");
        }
      }
      String text = s.substring(start, i);
      if (integer) {
        try {
          return Long.valueOf(text);
        } catch (NumberFormatException e) {
          // too large for a long: a double, as other readers give
        }
      }
      return Double.valueOf(text);
    }

    private int digits() {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      return i - start;
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          i--;
          throw error("control character in a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            int code = 0;
            for (int k = 0; k < 4; k++) {
              int digit = Character.digit(s.charAt(i + k), 16);
              if (digit < 0) {
                throw error("bad \\u escape");
              }
              code = code * 16 + digit;
            }
            i += 4;
            out.append((char) code);
          }
          default -> {
            i--;
            throw error("bad escape '\\" + e + "'");
          }
        }
      }
    }

    private void skipWhitespace() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        i++;
      }
    }

    private char current(String expected) {
      if (i >= s.length()) {
        throw error("unexpected end, expected " + expected);
      }
      return s.charAt(i);
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at offset " + i);
    }
  }

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
