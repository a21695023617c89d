package io.jkernels.pipelines.sls;

import io.jkernels.pipelines.table.Column;
import io.jkernels.pipelines.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata table's columns: Spatial LibriSpeech's names and units (apple/ml-spatial-librispeech
 * DATASET_SCHEMA.md: {@code speech/*}, {@code noise/*}, {@code room/*}, {@code acoustics/*} as 33-band arrays,
 * {@code audio_info/*} with SHA-256 checksums) for what this generator produces, plus a few of its own, named in
 * the same style and marked "extra" below. Spatial LibriSpeech columns it cannot fill honestly (the mouth
 * reference level {@code speech/mrp}, the 20 fixed {@code source_id}s per room, DNS-challenge noise metadata) are
 * left out rather than faked.
 */
public final class MetadataSchema {
  /** The kind of a column's values. */
  public enum Kind { LONG, DOUBLE, STRING, LIST }

  /** Column name → kind, in table order. */
  public static final Map<String, Kind> COLUMNS = columns();

  private MetadataSchema() {}

  private static Map<String, Kind> columns() {
    Map<String, Kind> c = new LinkedHashMap<>();
    c.put("sample_id", Kind.LONG);
    c.put("split", Kind.STRING);
    c.put("speech/azimuth", Kind.DOUBLE);
    c.put("speech/elevation", Kind.DOUBLE);
    c.put("speech/distance", Kind.DOUBLE);
    c.put("speech/speaking_azimuth", Kind.DOUBLE);
    c.put("speech/speaking_elevation", Kind.DOUBLE);
    c.put("speech/level_dbfs_1m", Kind.DOUBLE); // extra: dry active level at 1 m
    c.put("speech/directivity", Kind.STRING); // extra: the renderer's talker directivity
    c.put("speech/position", Kind.LIST); // extra: room frame, m
    c.put("speech/source_file", Kind.STRING); // extra: path relative to the speech folder
    c.put("speech/librispeech_metadata/reader_id", Kind.LONG); // -1 when the name is not reader-chapter-seq
    c.put("speech/librispeech_metadata/chapter_id", Kind.LONG);
    c.put("speech/librispeech_metadata/sequence_number", Kind.LONG);
    c.put("speech/librispeech_metadata/transcription", Kind.STRING); // "" without a *.trans.txt beside the file
    c.put("noise/azimuth", Kind.DOUBLE);
    c.put("noise/elevation", Kind.DOUBLE);
    c.put("noise/distance", Kind.DOUBLE);
    c.put("noise/snr", Kind.DOUBLE);
    c.put("noise/position", Kind.LIST); // extra
    c.put("noise/filename", Kind.STRING); // extra ("" without noise)
    c.put("room/room_id", Kind.LONG); // one room per sample: the sample id
    c.put("room/floor_area", Kind.DOUBLE);
    c.put("room/surface_area", Kind.DOUBLE);
    c.put("room/volume", Kind.DOUBLE);
    c.put("room/dimensions", Kind.LIST); // extra: {lx, ly, lz}
    c.put("room/absorption", Kind.LIST); // extra: six walls x=0, x=lx, y=0, y=ly, z=0, z=lz
    c.put("room/eyring_rt60", Kind.DOUBLE); // extra, s
    c.put("room/receiver_position", Kind.LIST); // extra
    c.put("acoustics/frequency_bins", Kind.LIST);
    c.put("acoustics/c50_db", Kind.LIST);
    c.put("acoustics/drr_db", Kind.LIST);
    c.put("acoustics/edt_ms", Kind.LIST);
    c.put("acoustics/t20_ms", Kind.LIST);
    c.put("acoustics/t30_ms", Kind.LIST);
    c.put("audio_info/duration", Kind.DOUBLE);
    c.put("audio_info/frames", Kind.LONG);
    c.put("audio_info/renderer", Kind.STRING); // extra
    for (String output : SampleRenderer.OUTPUTS) {
      c.put("audio_info/size/" + output, Kind.LONG);
      c.put("audio_info/checksum/" + output, Kind.STRING);
    }
    return c;
  }

  /** The rows (in sample order) as a table. */
  public static Table table(List<Map<String, Object>> rows) {
    List<Column> cols = new ArrayList<>();
    int n = rows.size();
    for (Map.Entry<String, Kind> e : COLUMNS.entrySet()) {
      String name = e.getKey();
      switch (e.getValue()) {
        case LONG -> {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = ((Number) value(rows.get(i), name)).longValue();
          }
          cols.add(new Column.Longs(name, v));
        }
        case DOUBLE -> {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = ((Number) value(rows.get(i), name)).doubleValue();
          }
          cols.add(new Column.Doubles(name, v));
        }
        case STRING -> {
          List<String> v = new ArrayList<>(n);
          for (Map<String, Object> r : rows) {
            v.add((String) value(r, name));
          }
          cols.add(new Column.Strings(name, v));
        }
        case LIST -> {
          List<double[]> v = new ArrayList<>(n);
          for (Map<String, Object> r : rows) {
            v.add((double[]) value(r, name));
          }
          cols.add(new Column.DoubleLists(name, v));
        }
      }
    }
    return new Table(cols);
  }

  private static Object value(Map<String, Object> row, String name) {
    Object v = row.get(name);
    if (v == null) {
      throw new IllegalStateException("row " + row.get("sample_id") + " lacks column '" + name + "'");
    }
    return v;
  }
}
