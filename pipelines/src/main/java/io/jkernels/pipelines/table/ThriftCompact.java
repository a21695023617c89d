package io.jkernels.pipelines.table;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Thrift compact protocol, write side only, as much as Parquet's footer and page headers need (structs, i32,
 * i64, binary, lists). Field ids are written as deltas from the previous field of the same struct.
 */
final class ThriftCompact {
  static final int I32 = 5;
  static final int I64 = 6;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int STRUCT = 12;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Deque<Integer> lastField = new ArrayDeque<>();
  private int last;

  byte[] bytes() {
    return out.toByteArray();
  }

  ThriftCompact field(int id, int type) {
    int delta = id - last;
    if (delta > 0 && delta <= 15) {
      out.write(delta << 4 | type);
    } else {
      out.write(type);
      varint(zigzag(id));
    }
    last = id;
    return this;
  }

  ThriftCompact i32(int id, int v) {
    return field(id, I32).varint(zigzag(v));
  }

  ThriftCompact i64(int id, long v) {
    return field(id, I64).varint(zigzag(v));
  }

  ThriftCompact string(int id, String s) {
    field(id, BINARY);
    return binary(s);
  }

  ThriftCompact binary(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    out.writeBytes(b);
    return this;
  }

  /** Starts a nested struct as field {@code id}; end it with {@link #endStruct()}. */
  ThriftCompact beginStruct(int id) {
    field(id, STRUCT);
    return beginStruct();
  }

  /** Starts a struct in a list (no field header). */
  ThriftCompact beginStruct() {
    lastField.push(last);
    last = 0;
    return this;
  }

  ThriftCompact endStruct() {
    out.write(0);
    last = lastField.pop();
    return this;
  }

  /** A list header as field {@code id}: {@code size} elements of {@code type} follow. */
  ThriftCompact list(int id, int type, int size) {
    field(id, LIST);
    if (size < 15) {
      out.write(size << 4 | type);
    } else {
      out.write(0xF0 | type);
      varint(size);
    }
    return this;
  }

  /** A bare i32 element of a list. */
  ThriftCompact i32Element(int v) {
    return varint(zigzag(v));
  }

  /** Ends the top-level struct. */
  byte[] finish() {
    out.write(0);
    return bytes();
  }

  private ThriftCompact varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
