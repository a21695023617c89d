package io.jkernels.pipelines.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetWriterTest {
  @TempDir Path dir;

  @Test
  void parquetJavaReadsBackEveryValueAndType() throws Exception {
    for (int rows : new int[] {1, 37}) {
      SplittableRandom rnd = new SplittableRandom(rows);
      double[] d = new double[rows];
      long[] l = new long[rows];
      List<String> s = new ArrayList<>();
      List<double[]> lists = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        d[i] = i == 0 ? Double.NaN : rnd.nextGaussian() * 1e3;
        l[i] = rnd.nextLong();
        s.add(i % 3 == 0 ? "a,b \"quoted\" ünïcode " + i : "id-" + i);
        double[] v = new double[i % 2 == 0 ? 33 : 1 + i % 7];
        for (int k = 0; k < v.length; k++) {
          v[k] = rnd.nextDouble();
        }
        lists.add(v);
      }
      Table t = new Table(List.of(new Column.Doubles("speech/azimuth", d), new Column.Longs("speech/id", l),
          new Column.Strings("audio_info/sha256", s), new Column.DoubleLists("acoustics/t30_ms", lists)));
      Path p = dir.resolve("t" + rows + ".parquet");
      ParquetWriter.write(p, t, Map.of("generator", "test"));
      ParquetReadBack back = ParquetReadBack.read(p);
      assertEquals(rows, back.rows.size());
      assertEquals("test", back.keyValues.get("generator"));
      assertEquals(LogicalTypeAnnotation.stringType(),
          back.schema.getType("audio_info/sha256").getLogicalTypeAnnotation());
      assertEquals(LogicalTypeAnnotation.listType(),
          back.schema.getType("acoustics/t30_ms").getLogicalTypeAnnotation());
      for (int i = 0; i < rows; i++) {
        assertEquals(d[i], back.rows.get(i).getDouble("speech/azimuth", 0));
        assertEquals(l[i], back.rows.get(i).getLong("speech/id", 0));
        assertEquals(s.get(i), back.rows.get(i).getString("audio_info/sha256", 0));
        assertArrayEquals(lists.get(i), back.list(i, "acoustics/t30_ms"));
      }
    }
  }

  @Test
  void emptyTableIsStillAValidFile() throws Exception {
    Path p = dir.resolve("empty.parquet");
    ParquetWriter.write(p, new Table(List.of(new Column.Doubles("x", new double[0]))), Map.of());
    assertEquals(0, ParquetReadBack.read(p).rows.size());
  }

  @Test
  void csvHasAHeaderAndQuotesWhatNeedsIt() throws Exception {
    Table t = new Table(List.of(new Column.Strings("name", List.of("a,b", "plain")),
        new Column.DoubleLists("bands", List.of(new double[] {1, 2}, new double[] {3}))));
    Path p = dir.resolve("t.csv");
    CsvWriter.write(p, t);
    assertEquals(List.of("name,bands", "\"a,b\",\"[1.0, 2.0]\"", "plain,\"[3.0]\""), Files.readAllLines(p));
  }

  @Test
  void mismatchedColumnsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Table(List.of(new Column.Doubles("a", new double[2]),
        new Column.Doubles("b", new double[3]))));
    assertThrows(IllegalArgumentException.class, () -> new Table(List.of(new Column.Doubles("a", new double[2]),
        new Column.Longs("a", new long[2]))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Column.DoubleLists("x", List.of(new double[0])));
    assertTrue(e.getMessage().contains("x[0]"));
  }
}
