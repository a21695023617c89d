package io.jkernels.pipelines.table;

import io.jkernels.internal.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Table} as an Apache Parquet file (format 2.x footer, data pages v1, PLAIN values, RLE levels,
 * uncompressed, one row group): small enough to need no dependency, and read back in the tests by parquet-java's
 * own reader.
 *
 * <p>Schema: float64 columns {@code required double}, int64 {@code required int64}, strings
 * {@code required binary (STRING)}, and lists the standard three-level way,
 * {@code required group name (LIST) { repeated group list { required double element; } }} (the shape pyarrow and
 * parquet-java write, so per-band {@code acoustics/*} arrays read back as lists). Column names are kept verbatim,
 * slashes included ({@code speech/azimuth}), as in Spatial LibriSpeech's metadata.
 */
public final class ParquetWriter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final int TYPE_INT64 = 2;
  private static final int TYPE_DOUBLE = 5;
  private static final int TYPE_BYTE_ARRAY = 6;
  private static final int REQUIRED = 0;
  private static final int REPEATED = 2;
  private static final int ENCODING_PLAIN = 0;
  private static final int ENCODING_RLE = 3;
  private static final int CONVERTED_UTF8 = 0;
  private static final int CONVERTED_LIST = 3;

  private ParquetWriter() {}

  /** Writes {@code table} to {@code target} through a temporary file; {@code keyValues} go into the footer. */
  public static void write(Path target, Table table, Map<String, String> keyValues) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(keyValues, "keyValues");
    AtomicFiles.write(target, ".part.parquet", tmp -> {
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        out.write(toBytes(table, keyValues));
      }
    });
  }

  /** The whole file in memory (metadata tables are small: 200k rows × ~150 columns is ~250 MB at most). */
  static byte[] toBytes(Table table, Map<String, String> keyValues) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(MAGIC);
    List<long[]> chunks = new ArrayList<>(); // {offset, size, numValues}
    if (table.rows() > 0) {
      for (Column c : table.columns()) {
        byte[] page = page(c);
        long offset = file.size();
        file.writeBytes(page);
        chunks.add(new long[] {offset, page.length, valueCount(c)});
      }
    }
    byte[] footer = footer(table, chunks, keyValues);
    file.writeBytes(footer);
    file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).array());
    file.writeBytes(MAGIC);
    return file.toByteArray();
  }

  private static long valueCount(Column c) {
    if (c instanceof Column.DoubleLists l) {
      long n = 0;
      for (double[] v : l.values()) {
        n += v.length;
      }
      return n;
    }
    return c.rows();
  }

  /** One data page (header + body) holding the whole column. */
  private static byte[] page(Column c) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int values = Math.toIntExact(valueCount(c));
    switch (c) {
      case Column.Doubles d -> {
        ByteBuffer b = le(8 * d.values().length);
        for (double v : d.values()) {
          b.putDouble(v);
        }
        body.writeBytes(b.array());
      }
      case Column.Longs l -> {
        ByteBuffer b = le(8 * l.values().length);
        for (long v : l.values()) {
          b.putLong(v);
        }
        body.writeBytes(b.array());
      }
      case Column.Strings s -> {
        for (String v : s.values()) {
          byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
          body.writeBytes(le(4).putInt(utf8.length).array());
          body.writeBytes(utf8);
        }
      }
      case Column.DoubleLists l -> {
        // Repetition levels: 0 starts a row, 1 continues its list; definition levels: all 1 (every element present).
        ByteArrayOutputStream rep = new ByteArrayOutputStream();
        for (double[] v : l.values()) {
          rleRun(rep, 1, 0);
          if (v.length > 1) {
            rleRun(rep, v.length - 1, 1);
          }
        }
        ByteArrayOutputStream def = new ByteArrayOutputStream();
        rleRun(def, values, 1);
        body.writeBytes(le(4).putInt(rep.size()).array());
        body.writeBytes(rep.toByteArray());
        body.writeBytes(le(4).putInt(def.size()).array());
        body.writeBytes(def.toByteArray());
        ByteBuffer b = le(8 * values);
        for (double[] v : l.values()) {
          for (double x : v) {
            b.putDouble(x);
          }
        }
        body.writeBytes(b.array());
      }
    }
    byte[] data = body.toByteArray();
    ThriftCompact h = new ThriftCompact();
    h.i32(1, 0) // DATA_PAGE
        .i32(2, data.length).i32(3, data.length)
        .beginStruct(5).i32(1, values).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE).endStruct();
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    page.writeBytes(h.finish());
    page.writeBytes(data);
    return page.toByteArray();
  }

  /** An RLE run of the hybrid encoding at bit width 1: header {@code count << 1}, then the value in one byte. */
  private static void rleRun(ByteArrayOutputStream out, int count, int value) {
    long header = (long) count << 1;
    while ((header & ~0x7FL) != 0) {
      out.write((int) ((header & 0x7F) | 0x80));
      header >>>= 7;
    }
    out.write((int) header);
    out.write(value);
  }

  private static byte[] footer(Table table, List<long[]> chunks, Map<String, String> keyValues) {
    List<Column> cols = table.columns();
    int schemaElements = 1;
    for (Column c : cols) {
      schemaElements += c instanceof Column.DoubleLists ? 3 : 1;
    }
    ThriftCompact t = new ThriftCompact();
    t.i32(1, 1);
    t.list(2, ThriftCompact.STRUCT, schemaElements);
    t.beginStruct().string(4, "schema").i32(5, cols.size()).endStruct();
    for (Column c : cols) {
      switch (c) {
        case Column.Doubles d -> t.beginStruct().i32(1, TYPE_DOUBLE).i32(3, REQUIRED).string(4, c.name()).endStruct();
        case Column.Longs l -> t.beginStruct().i32(1, TYPE_INT64).i32(3, REQUIRED).string(4, c.name()).endStruct();
        case Column.Strings s -> t.beginStruct().i32(1, TYPE_BYTE_ARRAY).i32(3, REQUIRED).string(4, c.name())
            .i32(6, CONVERTED_UTF8).beginStruct(10).beginStruct(1).endStruct().endStruct().endStruct();
        case Column.DoubleLists l -> {
          t.beginStruct().i32(3, REQUIRED).string(4, c.name()).i32(5, 1).i32(6, CONVERTED_LIST)
              .beginStruct(10).beginStruct(3).endStruct().endStruct().endStruct();
          t.beginStruct().i32(3, REPEATED).string(4, "list").i32(5, 1).endStruct();
          t.beginStruct().i32(1, TYPE_DOUBLE).i32(3, REQUIRED).string(4, "element").endStruct();
        }
      }
    }
    t.i64(3, table.rows());
    if (chunks.isEmpty()) {
      t.list(4, ThriftCompact.STRUCT, 0);
    } else {
      long total = 0;
      for (long[] ch : chunks) {
        total += ch[1];
      }
      t.list(4, ThriftCompact.STRUCT, 1);
      t.beginStruct();
      t.list(1, ThriftCompact.STRUCT, cols.size());
      for (int i = 0; i < cols.size(); i++) {
        Column c = cols.get(i);
        long[] ch = chunks.get(i);
        boolean list = c instanceof Column.DoubleLists;
        int type = c instanceof Column.Longs ? TYPE_INT64 : c instanceof Column.Strings ? TYPE_BYTE_ARRAY : TYPE_DOUBLE;
        t.beginStruct().i64(2, ch[0]).beginStruct(3);
        t.i32(1, type);
        t.list(2, ThriftCompact.I32, 2).i32Element(ENCODING_PLAIN).i32Element(ENCODING_RLE);
        if (list) {
          t.list(3, ThriftCompact.BINARY, 3).binary(c.name()).binary("list").binary("element");
        } else {
          t.list(3, ThriftCompact.BINARY, 1).binary(c.name());
        }
        t.i32(4, 0).i64(5, ch[2]).i64(6, ch[1]).i64(7, ch[1]).i64(9, ch[0]);
        t.endStruct().endStruct();
      }
      t.i64(2, total).i64(3, table.rows());
      t.endStruct();
    }
    if (!keyValues.isEmpty()) {
      t.list(5, ThriftCompact.STRUCT, keyValues.size());
      for (Map.Entry<String, String> e : keyValues.entrySet()) {
        t.beginStruct().string(1, e.getKey()).string(2, e.getValue()).endStruct();
      }
    }
    t.string(6, "jkernels version 0.1.0");
    return t.finish();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
