package io.jkernels.pipelines.table;

import io.jkernels.internal.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Table} as RFC 4180 CSV: a header row of column names, one row per record; lists as
 * {@code [v0, v1, ...]} in one quoted field; numbers in Java's shortest round-trip form ({@code NaN} for missing).
 */
public final class CsvWriter {
  private CsvWriter() {}

  public static void write(Path target, Table table) throws IOException {
    AtomicFiles.write(target, ".part.csv", tmp -> {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        List<Column> cols = table.columns();
        for (int c = 0; c < cols.size(); c++) {
          w.write((c > 0 ? "," : "") + quote(cols.get(c).name()));
        }
        w.write("\r\n");
        for (int r = 0; r < table.rows(); r++) {
          for (int c = 0; c < cols.size(); c++) {
            if (c > 0) {
              w.write(',');
            }
            w.write(cell(cols.get(c), r));
          }
          w.write("\r\n");
        }
      }
    });
  }

  private static String cell(Column col, int r) {
    return switch (col) {
      case Column.Doubles d -> Double.toString(d.values()[r]);
      case Column.Longs l -> Long.toString(l.values()[r]);
      case Column.Strings s -> quote(s.values().get(r));
      case Column.DoubleLists l -> {
        StringBuilder b = new StringBuilder("\"[");
        double[] v = l.values().get(r);
        for (int i = 0; i < v.length; i++) {
          b.append(i > 0 ? ", " : "").append(v[i]);
        }
        yield b.append("]\"").toString();
      }
    };
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
