package io.jkernels.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A speedup heat map as a picture: one panel per batch size, layers up the rows and widths along the columns, each
 * cell coloured by log₁₀ of its speedup on a diverging scale (red: DeepPCR slower, white: 1×, blue: faster; 1000×
 * either way saturates), labelled with the speedup, and the 1× crossover drawn as a thick black line between cells
 * on either side of it. Cells without a speedup (Newton not converged, or the results disagree) are grey or framed
 * in red and say so; cells at the paper's headline are framed in gold. Drawn with Java2D rather than XChart's
 * heat map, which labels a cell with the value it colours by (here log₁₀ of the speedup, not the speedup).
 */
final class HeatMapPicture {
  static final int CELL_W = 92;
  static final int CELL_H = 46;
  static final int LEFT = 96;
  static final int TOP = 86;
  static final int GAP = 34;
  static final int BOTTOM = 124;
  /** At least this wide, so the title, subtitle and notes fit whatever the grid. */
  static final int MIN_WIDTH = 1000;
  static final int LEGEND = 128;
  static final int RIGHT = 16;
  /** |log₁₀ speedup| at which the colours saturate. */
  static final double DECADES = 3;

  private static final Color LOSES = new Color(202, 52, 40);
  private static final Color WINS = new Color(36, 98, 172);
  private static final Color NO_VALUE = new Color(188, 188, 188);
  private static final Color DISAGREES = new Color(210, 0, 0);
  private static final Color HEADLINE = new Color(230, 170, 0);

  private HeatMapPicture() {}

  /** How a cell is marked beside its colour. */
  enum Mark {
    NONE,
    NOT_CONVERGED,
    DISAGREES,
    HEADLINE
  }

  /** One cell: its speedup (NaN: none claimed), a second label line (may be empty) and its mark. */
  record Cell(double speedup, String detail, Mark mark) {}

  /** One panel: its title and cells[row][column], row 0 the first of the row values. */
  record Panel(String title, Cell[][] cells) {}

  /** Picture width for {@code panels} panels of {@code columns} columns. */
  static int width(int panels, int columns) {
    return Math.max(MIN_WIDTH, gridRight(panels, columns) + LEGEND + RIGHT);
  }

  private static int gridRight(int panels, int columns) {
    return LEFT + panels * columns * CELL_W + (panels - 1) * GAP;
  }

  /** Picture height for {@code rows} rows. */
  static int height(int rows) {
    return TOP + rows * CELL_H + BOTTOM;
  }

  static BufferedImage draw(String title, String subtitle, String rowAxis, int[] rowValues, String columnAxis,
      int[] columnValues, List<Panel> panels, List<String> notes) {
    int rows = rowValues.length;
    int cols = columnValues.length;
    int w = width(panels.size(), cols);
    int h = height(rows);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, 12, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(subtitle, 12, 42);
      Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      Font value = new Font(Font.SANS_SERIF, Font.BOLD, 13);
      Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
      int gridBottom = TOP + rows * CELL_H;
      for (int p = 0; p < panels.size(); p++) {
        Panel panel = panels.get(p);
        int x0 = LEFT + p * (cols * CELL_W + GAP);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        centred(g, panel.title(), x0 + cols * CELL_W / 2, TOP - 10);
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            int x = x0 + c * CELL_W;
            int y = gridBottom - (r + 1) * CELL_H; // row 0 at the bottom: layers grow upwards
            drawCell(g, panel.cells()[r][c], x, y, value, small);
          }
        }
        crossover(g, panel, x0, gridBottom, rows, cols);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, TOP, cols * CELL_W, rows * CELL_H);
        g.setFont(label);
        for (int c = 0; c < cols; c++) {
          centred(g, Integer.toString(columnValues[c]), x0 + c * CELL_W + CELL_W / 2, gridBottom + 16);
        }
        centred(g, columnAxis, x0 + cols * CELL_W / 2, gridBottom + 34);
      }
      g.setFont(label);
      g.setColor(Color.BLACK);
      for (int r = 0; r < rows; r++) {
        String s = Integer.toString(rowValues[r]);
        int y = gridBottom - r * CELL_H - CELL_H / 2 + 5;
        g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), y);
      }
      Graphics2D vertical = (Graphics2D) g.create();
      vertical.rotate(-Math.PI / 2);
      vertical.drawString(rowAxis, -(TOP + rows * CELL_H / 2) - g.getFontMetrics().stringWidth(rowAxis) / 2, 24);
      vertical.dispose();
      legend(g, gridRight(panels.size(), cols) + 30, TOP, rows * CELL_H, small);
      g.setFont(small);
      g.setColor(Color.DARK_GRAY);
      int y = gridBottom + 54;
      for (String note : notes) {
        g.drawString(note, 12, y);
        y += 14;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawCell(Graphics2D g, Cell cell, int x, int y, Font value, Font small) {
    boolean has = !Double.isNaN(cell.speedup());
    Color fill = has ? colour(cell.speedup()) : NO_VALUE;
    g.setColor(fill);
    g.fillRect(x, y, CELL_W, CELL_H);
    g.setColor(new Color(255, 255, 255, 160));
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, y, CELL_W, CELL_H);
    Color text = has && Math.abs(Math.log10(cell.speedup())) > 0.55 * DECADES ? Color.WHITE : Color.BLACK;
    String main = switch (cell.mark()) {
      case NOT_CONVERGED -> "not conv.";
      case DISAGREES -> "DISAGREES";
      default -> has ? speedup(cell.speedup()) : "—";
    };
    g.setColor(text);
    g.setFont(value);
    centred(g, main, x + CELL_W / 2, y + (cell.detail().isEmpty() ? CELL_H / 2 + 5 : CELL_H / 2));
    if (!cell.detail().isEmpty()) {
      g.setFont(small);
      centred(g, cell.detail(), x + CELL_W / 2, y + CELL_H / 2 + 14);
    }
    if (cell.mark() == Mark.DISAGREES || cell.mark() == Mark.HEADLINE) {
      g.setColor(cell.mark() == Mark.DISAGREES ? DISAGREES : HEADLINE);
      g.setStroke(new BasicStroke(4));
      g.drawRect(x + 3, y + 3, CELL_W - 6, CELL_H - 6);
    }
  }

  /** Thick black edges between neighbouring cells on either side of 1×. */
  private static void crossover(Graphics2D g, Panel panel, int x0, int gridBottom, int rows, int cols) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Cell[][] cells = panel.cells();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int x = x0 + c * CELL_W;
        int yTop = gridBottom - (r + 1) * CELL_H;
        if (c + 1 < cols && crosses(cells[r][c], cells[r][c + 1])) {
          g.drawLine(x + CELL_W, yTop, x + CELL_W, yTop + CELL_H);
        }
        if (r + 1 < rows && crosses(cells[r][c], cells[r + 1][c])) {
          g.drawLine(x, yTop, x + CELL_W, yTop);
        }
      }
    }
  }

  private static boolean crosses(Cell a, Cell b) {
    return !Double.isNaN(a.speedup()) && !Double.isNaN(b.speedup()) && (a.speedup() >= 1) != (b.speedup() >= 1);
  }

  private static void legend(Graphics2D g, int x, int y, int height, Font small) {
    int barW = 18;
    for (int i = 0; i < height; i++) {
      double decades = DECADES - 2 * DECADES * i / (height - 1.0);
      g.setColor(colour(Math.pow(10, decades)));
      g.fillRect(x, y + i, barW, 1);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, y, barW, height);
    g.setFont(small);
    for (int k = (int) -DECADES; k <= DECADES; k++) {
      int ty = y + (int) Math.round((DECADES - k) / (2 * DECADES) * height);
      g.drawLine(x + barW, ty, x + barW + 4, ty);
      String s = k == 0 ? "1× crossover" : speedup(Math.pow(10, k));
      if (k == 0) {
        g.setStroke(new BasicStroke(3));
        g.drawLine(x - 3, ty, x + barW + 4, ty);
        g.setStroke(new BasicStroke(1));
      }
      g.drawString(s, x + barW + 7, ty + 4);
    }
    g.drawString("DeepPCR faster", x - 8, y - 8);
    g.drawString("slower", x, y + height + 14);
  }

  /** The diverging colour of a speedup: white at 1×, red below, blue above, saturated at 10^±DECADES. */
  static Color colour(double speedup) {
    double t = Math.max(-1, Math.min(1, Math.log10(speedup) / DECADES));
    Color end = t < 0 ? LOSES : WINS;
    double a = Math.pow(Math.abs(t), 0.8);
    return new Color(mix(255, end.getRed(), a), mix(255, end.getGreen(), a), mix(255, end.getBlue(), a));
  }

  private static int mix(int from, int to, double a) {
    return (int) Math.round(from + (to - from) * a);
  }

  /** A speedup for a label: two significant digits below 10, whole numbers above. */
  static String speedup(double s) {
    if (s >= 9.95) {
      return String.format(Locale.ROOT, "%.0f×", s);
    }
    if (s >= 0.995) {
      return String.format(Locale.ROOT, "%.1f×", s);
    }
    return String.format(Locale.ROOT, "%.2g×", s);
  }

  private static void centred(Graphics2D g, String s, int cx, int baseline) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(s, cx - m.stringWidth(s) / 2, baseline);
  }
}
