package io.jkernels.internal.ambisonics;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jkernels.ambisonics.Hrtf;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads SOFA (AES69) files of the SimpleFreeFieldHRIR convention with jhdf (pure Java HDF5). Every variable the
 * renderer relies on is checked for presence, shape, units and finiteness, and any mismatch is an
 * {@link IllegalArgumentException} naming the file and the variable: a file that is not what it claims must never
 * turn into a silent default HRTF.
 */
public final class SofaReader {
  /** Largest Data.IR accepted (M·2·N values): 64 Mi, far above any measured set, well below what a header can ask. */
  static final long MAX_VALUES = 1L << 26;

  private SofaReader() {}

  public static Hrtf read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException("SOFA file " + path + " does not exist or is not a regular file");
    }
    try (HdfFile file = new HdfFile(path)) {
      return parse(file, path.getFileName().toString());
    } catch (HdfException e) {
      throw new IllegalArgumentException("SOFA file " + path + " is not a readable HDF5 file: " + e.getMessage(), e);
    }
  }

  private static Hrtf parse(HdfFile file, String name) {
    String conventions = stringAttribute(file, "Conventions", name);
    if (!"SOFA".equals(conventions)) {
      throw bad(name, "root attribute Conventions is '" + conventions + "', expected 'SOFA'");
    }
    String convention = stringAttribute(file, "SOFAConventions", name);
    if (!"SimpleFreeFieldHRIR".equals(convention)) {
      throw bad(name, "SOFAConventions is '" + convention + "'; only SimpleFreeFieldHRIR is supported");
    }
    String dataType = stringAttribute(file, "DataType", name);
    if (!"FIR".equals(dataType)) {
      throw bad(name, "DataType is '" + dataType + "', expected 'FIR' for SimpleFreeFieldHRIR");
    }

    Dataset ir = dataset(file, "Data.IR", name);
    int[] dims = ir.getDimensions();
    if (dims.length != 3 || dims[1] != 2 || dims[0] < 1 || dims[2] < 1) {
      throw bad(name, "Data.IR has shape " + shape(dims) + ", expected [M, R=2, N] with M, N >= 1");
    }
    int m = dims[0];
    int n = dims[2];
    if ((long) m * 2 * n > MAX_VALUES) {
      throw bad(name, "Data.IR has " + (long) m * 2 * n + " values, more than the " + MAX_VALUES + " accepted");
    }
    double[] irValues = numbers(ir, "Data.IR", name, (long) m * 2 * n);

    double rate = sampleRate(file, m, name);
    double[][] positions = rows(file, "SourcePosition", name, m);
    String type = stringAttribute(dataset(file, "SourcePosition", name), "Type", name + ": SourcePosition");
    String units = attributeOrNull(dataset(file, "SourcePosition", name), "Units");
    double[][] cartesian = toCartesian(positions, type, units, "SourcePosition", name);

    double[] listener = {0, 0, 0};
    if (exists(file, "ListenerPosition")) {
      double[][] lp = rows(file, "ListenerPosition", name, m);
      String lpType = attributeOrNull(dataset(file, "ListenerPosition", name), "Type");
      double[][] lc = toCartesian(lp, lpType == null ? "cartesian" : lpType,
          attributeOrNull(dataset(file, "ListenerPosition", name), "Units"), "ListenerPosition", name);
      if (lc.length != 1) {
        throw bad(name, "ListenerPosition varies per measurement; only one listener position is supported");
      }
      listener = lc[0];
    }
    double[] view = orientation(file, "ListenerView", new double[] {1, 0, 0}, m, name);
    double[] up = orientation(file, "ListenerUp", new double[] {0, 0, 1}, m, name);
    double[][] frame = frame(view, up, name);

    boolean swap = leftIsSecond(file, name);
    int[] delays = delays(file, m, rate, name);

    double[] az = new double[m];
    double[] el = new double[m];
    float[][] left = new float[m][];
    float[][] right = new float[m][];
    for (int d = 0; d < m; d++) {
      double[] c = cartesian[cartesian.length == 1 ? 0 : d];
      double rx = c[0] - listener[0], ry = c[1] - listener[1], rz = c[2] - listener[2];
      double x = dot(frame[0], rx, ry, rz), y = dot(frame[1], rx, ry, rz), z = dot(frame[2], rx, ry, rz);
      double r = Math.sqrt(x * x + y * y + z * z);
      if (!(r > 0)) {
        throw bad(name, "SourcePosition " + d + " coincides with the listener");
      }
      az[d] = Math.atan2(y, x);
      el[d] = Math.asin(Math.max(-1, Math.min(1, z / r)));
      int e0 = swap ? 1 : 0;
      left[d] = response(irValues, d, e0, n, delays[delays.length == 2 ? e0 : 2 * d + e0], name);
      right[d] = response(irValues, d, 1 - e0, n, delays[delays.length == 2 ? 1 - e0 : 2 * d + 1 - e0], name);
    }
    // Integer delays may give the ears different lengths: pad all to the longest.
    int longest = 0;
    for (int d = 0; d < m; d++) {
      longest = Math.max(longest, Math.max(left[d].length, right[d].length));
    }
    for (int d = 0; d < m; d++) {
      left[d] = java.util.Arrays.copyOf(left[d], longest);
      right[d] = java.util.Arrays.copyOf(right[d], longest);
    }
    return Hrtf.of(rate, az, el, left, right, name);
  }

  private static float[] response(double[] ir, int d, int ear, int n, int delay, String name) {
    float[] out = new float[n + delay];
    int base = (d * 2 + ear) * n;
    for (int t = 0; t < n; t++) {
      out[delay + t] = (float) ir[base + t];
    }
    return out;
  }

  private static double sampleRate(HdfFile file, int m, String name) {
    Dataset ds = dataset(file, "Data.SamplingRate", name);
    long size = ds.getSize();
    if (size != 1 && size != m) {
      throw bad(name, "Data.SamplingRate has " + size + " values, expected 1 (or M = " + m + ")");
    }
    double[] v = numbers(ds, "Data.SamplingRate", name, size);
    for (double r : v) {
      if (!(r > 0) || !Double.isFinite(r) || r != v[0]) {
        throw bad(name, "Data.SamplingRate must be one finite rate > 0 for all measurements, got " + r);
      }
    }
    String units = attributeOrNull(ds, "Units");
    if (units != null && !units.trim().equalsIgnoreCase("hertz")) {
      throw bad(name, "Data.SamplingRate has Units '" + units + "', expected 'hertz'");
    }
    return v[0];
  }

  /** Data.Delay [I R] or [M R] in samples (must be whole); returns 2 values or 2·M values. */
  private static int[] delays(HdfFile file, int m, double rate, String name) {
    if (!exists(file, "Data.Delay")) {
      return new int[2];
    }
    Dataset ds = dataset(file, "Data.Delay", name);
    long size = ds.getSize();
    if (size != 2 && size != 2L * m) {
      throw bad(name, "Data.Delay has " + size + " values, expected [1, 2] or [M, 2]");
    }
    double[] v = numbers(ds, "Data.Delay", name, size);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > 1 << 20) {
        throw bad(name, "Data.Delay[" + i + "] = " + v[i] + " is not a whole number of samples >= 0; fractional"
            + " delays are not supported");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  /** True when ReceiverPosition puts receiver 1 on the left (larger y) of receiver 0. */
  private static boolean leftIsSecond(HdfFile file, String name) {
    if (!exists(file, "ReceiverPosition")) {
      return false;
    }
    Dataset ds = dataset(file, "ReceiverPosition", name);
    int[] dims = ds.getDimensions();
    if (dims.length < 2 || dims[0] != 2 || dims[1] != 3) {
      throw bad(name, "ReceiverPosition has shape " + shape(dims) + ", expected [R=2, C=3] or [2, 3, I]");
    }
    double[] v = numbers(ds, "ReceiverPosition", name, ds.getSize());
    int perReceiver = (int) (ds.getSize() / 2);
    String type = attributeOrNull(ds, "Type");
    if (type != null && !type.trim().equalsIgnoreCase("cartesian")) {
      return false; // a spherical receiver position says nothing reliable about sides here; keep SOFA's order
    }
    double y0 = v[perReceiver / 3];
    double y1 = v[perReceiver + perReceiver / 3];
    return y1 > y0;
  }

  private static double[] orientation(HdfFile file, String variable, double[] fallback, int m, String name) {
    if (!exists(file, variable)) {
      return fallback;
    }
    double[][] rows = rows(file, variable, name, m);
    if (rows.length != 1) {
      throw bad(name, variable + " varies per measurement; only one listener orientation is supported");
    }
    Dataset ds = dataset(file, variable, name);
    String type = attributeOrNull(ds, "Type");
    return toCartesian(rows, type == null ? "cartesian" : type, attributeOrNull(ds, "Units"), variable, name)[0];
  }

  /** Rows of the listener frame: front, left, up (unit, orthogonal). */
  private static double[][] frame(double[] view, double[] up, String name) {
    double[] x = unit(view, "ListenerView", name);
    double d = up[0] * x[0] + up[1] * x[1] + up[2] * x[2];
    double[] z = unit(new double[] {up[0] - d * x[0], up[1] - d * x[1], up[2] - d * x[2]}, "ListenerUp", name);
    double[] y = {z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]};
    return new double[][] {x, y, z};
  }

  private static double[] unit(double[] v, String what, String name) {
    double r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(r > 1e-9)) {
      throw bad(name, what + " is zero or parallel to ListenerView");
    }
    return new double[] {v[0] / r, v[1] / r, v[2] / r};
  }

  private static double dot(double[] a, double x, double y, double z) {
    return a[0] * x + a[1] * y + a[2] * z;
  }

  private static double[][] toCartesian(double[][] p, String type, String units, String variable, String name) {
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    String u = units == null ? "" : units.replace(" ", "").toLowerCase(Locale.ROOT);
    double[][] out = new double[p.length][];
    if (t.equals("spherical")) {
      if (!u.isEmpty() && !u.matches("degrees?,degrees?,(metre|meter)s?")) {
        throw bad(name, variable + " is spherical with Units '" + units + "', expected 'degree, degree, metre'");
      }
      for (int i = 0; i < p.length; i++) {
        double az = Math.toRadians(p[i][0]), el = Math.toRadians(p[i][1]), r = p[i][2];
        out[i] = new double[] {r * Math.cos(el) * Math.cos(az), r * Math.cos(el) * Math.sin(az), r * Math.sin(el)};
      }
    } else if (t.equals("cartesian")) {
      if (!u.isEmpty() && !u.matches("((metre|meter)s?,?)+")) {
        throw bad(name, variable + " is cartesian with Units '" + units + "', expected 'metre'");
      }
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i].clone();
      }
    } else {
      throw bad(name, variable + " has Type '" + type + "', expected 'spherical' or 'cartesian'");
    }
    return out;
  }

  /** A [M, 3] or [1, 3] (SOFA's I dimension) variable as rows of 3, finite. */
  private static double[][] rows(HdfFile file, String variable, String name, int m) {
    Dataset ds = dataset(file, variable, name);
    int[] dims = ds.getDimensions();
    if (dims.length != 2 || dims[1] != 3 || (dims[0] != m && dims[0] != 1)) {
      throw bad(name, variable + " has shape " + shape(dims) + ", expected [M=" + m + ", 3] or [1, 3]");
    }
    double[] v = numbers(ds, variable, name, (long) dims[0] * 3);
    double[][] out = new double[dims[0]][];
    for (int i = 0; i < dims[0]; i++) {
      out[i] = new double[] {v[3 * i], v[3 * i + 1], v[3 * i + 2]};
    }
    return out;
  }

  private static boolean exists(HdfFile file, String variable) {
    return file.getChildren().containsKey(variable);
  }

  private static Dataset dataset(HdfFile file, String variable, String name) {
    Node node = file.getChildren().get(variable);
    if (node == null) {
      throw bad(name, "variable " + variable + " is missing");
    }
    if (!(node instanceof Dataset ds)) {
      throw bad(name, variable + " is not a dataset");
    }
    return ds;
  }

  /** All values of a numeric dataset, row-major, as double; exactly {@code expected} of them, all finite. */
  private static double[] numbers(Dataset ds, String variable, String name, long expected) {
    if (ds.getSize() != expected) {
      throw bad(name, variable + " has " + ds.getSize() + " values, expected " + expected);
    }
    Object flat = ds.isScalar() ? ds.getData() : ds.getDataFlat();
    double[] out = new double[(int) expected];
    if (flat instanceof double[] dv) {
      System.arraycopy(dv, 0, out, 0, out.length);
    } else if (flat instanceof float[] fv) {
      for (int i = 0; i < out.length; i++) {
        out[i] = fv[i];
      }
    } else if (flat instanceof Number num && expected == 1) {
      out[0] = num.doubleValue();
    } else if (flat != null && flat.getClass().isArray() && Array.getLength(flat) == expected
        && flat.getClass().getComponentType().isPrimitive()) {
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) Array.get(flat, i)).doubleValue();
      }
    } else {
      throw bad(name, variable + " is not numeric (" + ds.getJavaType() + ")");
    }
    for (int i = 0; i < out.length; i++) {
      if (!Double.isFinite(out[i])) {
        throw bad(name, variable + "[" + i + "] is " + out[i] + "; every value must be finite");
      }
    }
    return out;
  }

  private static String stringAttribute(Node node, String attribute, String name) {
    String value = attributeOrNull(node, attribute);
    if (value == null) {
      throw bad(name, "attribute " + attribute + " is missing (not a SOFA file?)");
    }
    return value;
  }

  private static String attributeOrNull(Node node, String attribute) {
    Attribute a = node.getAttributes().get(attribute);
    if (a == null) {
      return null;
    }
    Object data = a.getData();
    if (data instanceof String s) {
      return s;
    }
    if (data instanceof String[] arr && arr.length == 1) {
      return arr[0];
    }
    return String.valueOf(data);
  }

  private static String shape(int[] dims) {
    return java.util.Arrays.toString(dims);
  }

  private static IllegalArgumentException bad(String name, String what) {
    return new IllegalArgumentException("SOFA file " + name + ": " + what);
  }
}
