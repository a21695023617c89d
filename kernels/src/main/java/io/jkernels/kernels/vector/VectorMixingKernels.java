package io.jkernels.kernels.vector;

import static io.jkernels.kernels.vector.VectorPrimitives.LANES;
import static io.jkernels.kernels.vector.VectorPrimitives.ORDER;
import static io.jkernels.kernels.vector.VectorPrimitives.SPECIES;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuMixingKernels;
import io.jkernels.kernels.cpu.CpuPrimitives;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The mixing kernel's vector-only inner loop (the segment walk is {@link CpuMixingKernels}'): register-blocked,
 * four output rows at a time, so each input vector loaded feeds four accumulators and each output vector is stored
 * once, where the axpy form loads and stores the output row once per term. For the matrices of ambisonics (16 × 8,
 * 16 × 16, 8 × 16) that is 4–8× fewer memory operations per multiply-add. Groups of four whose gains are all 0 are
 * skipped (block-diagonal rotations). Multiplies and adds stay separate (no FMA), as in {@link VectorPrimitives}.
 */
public final class VectorMixingKernels extends CpuMixingKernels {
  private static final int ROWS = 4;

  public VectorMixingKernels(CpuPrimitives primitives) {
    super(new BlockedMixer());
  }

  private static final class BlockedMixer implements SegmentMixer {
    @Override
    public Object scratch(int inputs, boolean ramps) {
      return MemorySegment.ofArray(new float[TILE]);
    }

    @Override
    public void constant(float[] g, int base, int outputs, int inputs, MemorySegment x, MemorySegment y,
        long samples, long t, int len, Object scratch) {
      int groups = (outputs + ROWS - 1) / ROWS;
      int[][] live = new int[groups][];
      float[][] a = new float[groups][];
      for (int b = 0; b < groups; b++) {
        int o0 = b * ROWS;
        int rows = Math.min(ROWS, outputs - o0);
        live[b] = liveInputs(g, base, base, o0, rows, inputs);
        a[b] = gather(g, base, o0, rows, inputs, live[b]);
      }
      int bound = SPECIES.loopBound(len);
      // Strips outer, row groups inner: the input strips a group reads are still in L1 for the next group.
      for (int j = 0; j < bound; j += LANES) {
        for (int b = 0; b < groups; b++) {
          int[] lv = live[b];
          float[] ab = a[b];
          FloatVector acc0 = FloatVector.zero(SPECIES);
          FloatVector acc1 = acc0;
          FloatVector acc2 = acc0;
          FloatVector acc3 = acc0;
          for (int q = 0; q < lv.length; q++) {
            FloatVector v = VectorPrimitives.load(x, lv[q] * samples + t + j);
            acc0 = acc0.add(v.mul(ab[4 * q]));
            acc1 = acc1.add(v.mul(ab[4 * q + 1]));
            acc2 = acc2.add(v.mul(ab[4 * q + 2]));
            acc3 = acc3.add(v.mul(ab[4 * q + 3]));
          }
          store(y, b * ROWS, Math.min(ROWS, outputs - b * ROWS), samples, t + j, acc0, acc1, acc2, acc3);
        }
      }
      for (int b = 0; b < groups; b++) {
        int o0 = b * ROWS;
        int rows = Math.min(ROWS, outputs - o0);
        for (int j = bound; j < len; j++) {
          for (int r = 0; r < rows; r++) {
            float s = 0;
            for (int q = 0; q < live[b].length; q++) {
              s += a[b][4 * q + r] * x.getAtIndex(JAVA_FLOAT, live[b][q] * samples + t + j);
            }
            y.setAtIndex(JAVA_FLOAT, (o0 + r) * samples + t + j, s);
          }
        }
      }
    }

    @Override
    public void ramp(float[] g, int base0, int base1, float[] w, int outputs, int inputs, MemorySegment x,
        MemorySegment y, long samples, long t, int len, Object scratch) {
      MemorySegment ws = (MemorySegment) scratch;
      MemorySegment.copy(w, 0, ws, JAVA_FLOAT, 0, len);
      int groups = (outputs + ROWS - 1) / ROWS;
      int[][] live = new int[groups][];
      float[][] a = new float[groups][];
      float[][] d = new float[groups][];
      for (int b = 0; b < groups; b++) {
        int o0 = b * ROWS;
        int rows = Math.min(ROWS, outputs - o0);
        live[b] = liveInputs(g, base0, base1, o0, rows, inputs);
        a[b] = gather(g, base0, o0, rows, inputs, live[b]);
        d[b] = gather(g, base1, o0, rows, inputs, live[b]);
        for (int e = 0; e < d[b].length; e++) {
          d[b][e] -= a[b][e];
        }
      }
      int bound = SPECIES.loopBound(len);
      for (int j = 0; j < bound; j += LANES) {
        FloatVector wv = VectorPrimitives.load(ws, j);
        for (int b = 0; b < groups; b++) {
          int[] lv = live[b];
          float[] ab = a[b];
          float[] db = d[b];
          FloatVector acc0 = FloatVector.zero(SPECIES);
          FloatVector acc1 = acc0;
          FloatVector acc2 = acc0;
          FloatVector acc3 = acc0;
          for (int q = 0; q < lv.length; q++) {
            FloatVector v = VectorPrimitives.load(x, lv[q] * samples + t + j);
            FloatVector wx = wv.mul(v);
            acc0 = acc0.add(v.mul(ab[4 * q])).add(wx.mul(db[4 * q]));
            acc1 = acc1.add(v.mul(ab[4 * q + 1])).add(wx.mul(db[4 * q + 1]));
            acc2 = acc2.add(v.mul(ab[4 * q + 2])).add(wx.mul(db[4 * q + 2]));
            acc3 = acc3.add(v.mul(ab[4 * q + 3])).add(wx.mul(db[4 * q + 3]));
          }
          store(y, b * ROWS, Math.min(ROWS, outputs - b * ROWS), samples, t + j, acc0, acc1, acc2, acc3);
        }
      }
      for (int b = 0; b < groups; b++) {
        int o0 = b * ROWS;
        int rows = Math.min(ROWS, outputs - o0);
        for (int j = bound; j < len; j++) {
          for (int r = 0; r < rows; r++) {
            float s = 0;
            for (int q = 0; q < live[b].length; q++) {
              float v = x.getAtIndex(JAVA_FLOAT, live[b][q] * samples + t + j);
              s += a[b][4 * q + r] * v + d[b][4 * q + r] * (w[j] * v);
            }
            y.setAtIndex(JAVA_FLOAT, (o0 + r) * samples + t + j, s);
          }
        }
      }
    }

    /** Inputs with a non-zero gain for any of rows [o0, o0 + rows) in either keyframe. */
    private static int[] liveInputs(float[] g, int base0, int base1, int o0, int rows, int inputs) {
      int[] live = new int[inputs];
      int n = 0;
      for (int i = 0; i < inputs; i++) {
        boolean any = false;
        for (int r = 0; r < rows; r++) {
          any |= g[base0 + (o0 + r) * inputs + i] != 0f || g[base1 + (o0 + r) * inputs + i] != 0f;
        }
        if (any) {
          live[n++] = i;
        }
      }
      return java.util.Arrays.copyOf(live, n);
    }

    /** Gains of the live inputs, four per input (rows beyond {@code rows} are 0). */
    private static float[] gather(float[] g, int base, int o0, int rows, int inputs, int[] live) {
      float[] a = new float[4 * live.length];
      for (int q = 0; q < live.length; q++) {
        for (int r = 0; r < rows; r++) {
          a[4 * q + r] = g[base + (o0 + r) * inputs + live[q]];
        }
      }
      return a;
    }

    private static void store(MemorySegment y, int o0, int rows, long samples, long at, FloatVector acc0,
        FloatVector acc1, FloatVector acc2, FloatVector acc3) {
      acc0.intoMemorySegment(y, (o0 * samples + at) * Float.BYTES, ORDER);
      if (rows > 1) {
        acc1.intoMemorySegment(y, ((o0 + 1) * samples + at) * Float.BYTES, ORDER);
      }
      if (rows > 2) {
        acc2.intoMemorySegment(y, ((o0 + 2) * samples + at) * Float.BYTES, ORDER);
      }
      if (rows > 3) {
        acc3.intoMemorySegment(y, ((o0 + 3) * samples + at) * Float.BYTES, ORDER);
      }
    }
  }
}
