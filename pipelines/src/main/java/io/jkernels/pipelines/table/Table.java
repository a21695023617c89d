package io.jkernels.pipelines.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Named columns of equal length, in order: what {@link ParquetWriter} and {@link CsvWriter} take. */
public record Table(List<Column> columns) {
  public Table {
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Map<String, Column> seen = new LinkedHashMap<>();
    for (Column c : columns) {
      if (seen.put(c.name(), c) != null) {
        throw new IllegalArgumentException("columns: duplicate name '" + c.name() + "'");
      }
      if (c.rows() != columns.get(0).rows()) {
        throw new IllegalArgumentException("column '" + c.name() + "': expected " + columns.get(0).rows()
            + " rows, got " + c.rows());
      }
    }
  }

  public int rows() {
    return columns.isEmpty() ? 0 : columns.get(0).rows();
  }

  public Column column(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "'");
  }
}
