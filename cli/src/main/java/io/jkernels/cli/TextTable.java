package io.jkernels.cli;

import java.util.List;
import java.util.Locale;

/** Plain-text and Markdown tables from rows of cells (the first row is the header). */
final class TextTable {
  private TextTable() {}

  static String render(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i > 0 ? "  " : "").append(String.format(Locale.ROOT, "%-" + Math.max(1, width[i]) + "s", row[i]));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** {@code align}: "l" or "r" per column. */
  static String markdown(List<String[]> rows, String... align) {
    StringBuilder md = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      md.append('|');
      for (String cell : rows.get(r)) {
        md.append(' ').append(cell.replace("|", "\\|")).append(" |");
      }
      md.append('\n');
      if (r == 0) {
        md.append('|');
        for (int i = 0; i < rows.get(0).length; i++) {
          md.append(i < align.length && align[i].equals("r") ? " ---: |" : " --- |");
        }
        md.append('\n');
      }
    }
    return md.toString();
  }
}
