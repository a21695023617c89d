package io.jkernels.pipelines.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/** Reads a Parquet file with parquet-java's own reader into its example {@link Group} records (tests only). */
public final class ParquetReadBack {
  public final MessageType schema;
  public final List<Group> rows;
  public final java.util.Map<String, String> keyValues;

  private ParquetReadBack(MessageType schema, List<Group> rows, java.util.Map<String, String> keyValues) {
    this.schema = schema;
    this.rows = rows;
    this.keyValues = keyValues;
  }

  public static ParquetReadBack read(Path path) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(path))) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      List<Group> rows = new ArrayList<>();
      PageReadStore pages;
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema)
            .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(rr.read());
        }
      }
      return new ParquetReadBack(schema, rows, r.getFooter().getFileMetaData().getKeyValueMetaData());
    }
  }

  /** The list of a three-level LIST column in row {@code row}. */
  public double[] list(int row, String column) {
    Group g = rows.get(row).getGroup(column, 0);
    int n = g.getFieldRepetitionCount("list");
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = g.getGroup("list", i).getDouble("element", 0);
    }
    return v;
  }
}
