package io.jkernels.kernels.vector;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuPcrKernels;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * PCR family on the CPU with the Vector API: the inner loops of {@link CpuPcrKernels} over the preferred species,
 * loopBound plus a scalar tail. Multiplies and adds stay separate (no FMA) so that every result is the scalar
 * backend's, bit for bit, which keeps a poisoned or re-routed system from ever showing through another lane.
 */
public final class VectorPcrKernels extends CpuPcrKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  /**
   * The four streams of the tridiagonal scratch start this many floats apart modulo 1024 (4 KiB): 1088 B, so the
   * same row of two streams never shares its address bits below 4 KiB, whatever the system size.
   */
  private static final int STAGGER = 272;

  private static FloatVector load(MemorySegment m, long index) {
    return FloatVector.fromMemorySegment(SPECIES, m, index * Float.BYTES, ORDER);
  }

  @Override
  protected float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n) {
    // Two accumulators hide the add latency; one reduceLanes at the end.
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int k = 0;
    int bound2 = n - 2 * LANES + 1;
    for (; k < bound2; k += 2 * LANES) {
      acc0 = acc0.add(load(a, ai + k).mul(load(b, bi + k)));
      acc1 = acc1.add(load(a, ai + k + LANES).mul(load(b, bi + k + LANES)));
    }
    for (; k < SPECIES.loopBound(n); k += LANES) {
      acc0 = acc0.add(load(a, ai + k).mul(load(b, bi + k)));
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; k < n; k++) {
      sum += a.getAtIndex(JAVA_FLOAT, ai + k) * b.getAtIndex(JAVA_FLOAT, bi + k);
    }
    return sum;
  }

  @Override
  protected void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(y, yi + k).add(load(x, xi + k).mul(alpha)).intoMemorySegment(y, (yi + k) * Float.BYTES, ORDER);
    }
    for (; k < n; k++) {
      y.setAtIndex(JAVA_FLOAT, yi + k, y.getAtIndex(JAVA_FLOAT, yi + k) + alpha * x.getAtIndex(JAVA_FLOAT, xi + k));
    }
  }

  @Override
  protected void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(src, si + k).mul(alpha).intoMemorySegment(dst, (di + k) * Float.BYTES, ORDER);
    }
    for (; k < n; k++) {
      dst.setAtIndex(JAVA_FLOAT, di + k, alpha * src.getAtIndex(JAVA_FLOAT, si + k));
    }
  }

  @Override
  protected void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi,
      MemorySegment out, long oi, int n) {
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      load(a, ai + k).mul(load(v, vi + k)).add(load(b, bi + k)).intoMemorySegment(out, (oi + k) * Float.BYTES,
          ORDER);
    }
    for (; k < n; k++) {
      out.setAtIndex(JAVA_FLOAT, oi + k,
          a.getAtIndex(JAVA_FLOAT, ai + k) * v.getAtIndex(JAVA_FLOAT, vi + k) + b.getAtIndex(JAVA_FLOAT, bi + k));
    }
  }

  @Override
  protected double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to) {
    double result = 0;
    // int-indexed chunks: C2 optimises counted int loops (range checks hoisted, vector ops intrinsified) far
    // better than long-indexed ones
    for (long base = from; base < to; base += 1 << 20) {
      double chunk = maxAbsDifference(x, y, base, (int) Math.min(1 << 20, to - base));
      if (Double.isNaN(chunk)) {
        return Double.NaN;
      }
      result = Math.max(result, chunk);
    }
    return result;
  }

  private static double maxAbsDifference(MemorySegment x, MemorySegment y, long base, int n) {
    FloatVector max = FloatVector.zero(SPECIES);
    // x − x is 0 for finite x and NaN for NaN or ±∞: summing it flags any non-finite entry in one lane op.
    FloatVector poison = FloatVector.zero(SPECIES);
    int k = 0;
    for (; k < SPECIES.loopBound(n); k += LANES) {
      FloatVector xv = load(x, base + k);
      FloatVector yv = load(y, base + k);
      max = max.max(xv.sub(yv).abs());
      poison = poison.add(xv.sub(xv)).add(yv.sub(yv));
    }
    if (Float.isNaN(poison.reduceLanes(VectorOperators.ADD))) {
      return Double.NaN;
    }
    return scalarMaxAbsDifference(x, y, base + k, base + n, max.reduceLanes(VectorOperators.MAX));
  }

  /**
   * The interleaved Thomas sweep: a block of {@code LANES} systems is transposed whole into one per-thread scratch
   * array so that row i of all of them is one vector, classified and swept forward and back as one, and transposed
   * back; the lanes never mix. The sweep writes c′ over u and d′ (then x) over r in place: each store goes to the
   * line its row's loads just read, and the four streams sit at fixed, staggered offsets of one array. (With separate
   * scratch arrays, whose distances modulo 4 KiB are chance, the speed varied up to 2× from one JVM run to the
   * next; whole systems also read each input as long contiguous runs.) The classification rides along the forward
   * sweep (same loads): dominance {@code |d| ≥ |l| + |u|} as a lane mask, and non-finite data as NaN accumulated
   * from {@code v − v}; the back substitution accumulates the same test on x. Systems left over at the end of the
   * range take the scalar route, which performs the same operations.
   */
  @Override
  protected void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long from, long to, byte[] kinds) {
    long s = from;
    if (to - from >= LANES) {
      int span = n * LANES + Math.floorMod(STAGGER - n * LANES, 1024);
      float[] work = new float[4 * span];
      int oL = 0;
      int oD = span;
      int oU = 2 * span;
      int oR = 3 * span;
      float[] poisonLanes = new float[LANES];
      float[] resultLanes = new float[LANES];
      boolean[] dominantLanes = new boolean[LANES];
      float[][] arrays = heapArrays(lower, diag, upper, rhs);
      float[][] outArray = heapArrays(x);
      float[] out = outArray == null ? null : outArray[0];
      for (; s + LANES <= to; s += LANES) {
        if (arrays != null) {
          // Heap arrays (the float[] API): plain array reads, which C2 compiles tighter than segment reads here.
          float[] la = arrays[0];
          float[] da = arrays[1];
          float[] ua = arrays[2];
          float[] ra = arrays[3];
          for (int k = 0; k < LANES; k++) {
            int base = (int) ((s + k) * n);
            for (int t = 0; t < n; t++) {
              int at = t * LANES + k;
              work[oL + at] = la[base + t];
              work[oD + at] = da[base + t];
              work[oU + at] = ua[base + t];
              work[oR + at] = ra[base + t];
            }
          }
        } else {
          for (int k = 0; k < LANES; k++) {
            long base = (s + k) * n;
            for (int t = 0; t < n; t++) {
              int at = t * LANES + k;
              work[oL + at] = lower.getAtIndex(JAVA_FLOAT, base + t);
              work[oD + at] = diag.getAtIndex(JAVA_FLOAT, base + t);
              work[oU + at] = upper.getAtIndex(JAVA_FLOAT, base + t);
              work[oR + at] = rhs.getAtIndex(JAVA_FLOAT, base + t);
            }
          }
        }
        FloatVector.zero(SPECIES).intoArray(work, oL); // l_0 and u_{n−1} are ignored
        FloatVector.zero(SPECIES).intoArray(work, oU + (n - 1) * LANES);
        FloatVector c = FloatVector.zero(SPECIES);
        FloatVector d = FloatVector.zero(SPECIES);
        FloatVector poison = FloatVector.zero(SPECIES);
        VectorMask<Float> dominant = SPECIES.maskAll(true);
        for (int t = 0; t < n; t++) {
          int at = t * LANES;
          FloatVector l = FloatVector.fromArray(SPECIES, work, oL + at);
          FloatVector dd = FloatVector.fromArray(SPECIES, work, oD + at);
          FloatVector u = FloatVector.fromArray(SPECIES, work, oU + at);
          FloatVector r = FloatVector.fromArray(SPECIES, work, oR + at);
          poison = poison.add(l.sub(l)).add(dd.sub(dd)).add(u.sub(u)).add(r.sub(r));
          dominant = dominant.and(dd.abs().compare(VectorOperators.GE, l.abs().add(u.abs())));
          FloatVector m = dd.sub(l.mul(c));
          c = u.div(m);
          d = r.sub(l.mul(d)).div(m);
          c.intoArray(work, oU + at);
          d.intoArray(work, oR + at);
        }
        FloatVector next = d;
        FloatVector result = d.sub(d);
        for (int i = n - 2; i >= 0; i--) {
          int at = i * LANES;
          next = FloatVector.fromArray(SPECIES, work, oR + at)
              .sub(FloatVector.fromArray(SPECIES, work, oU + at).mul(next));
          result = result.add(next.sub(next));
          next.intoArray(work, oR + at);
        }
        poison.intoArray(poisonLanes, 0);
        result.intoArray(resultLanes, 0);
        dominant.intoArray(dominantLanes, 0);
        for (int k = 0; k < LANES; k++) {
          byte kind = Float.isNaN(poisonLanes[k]) ? POISONED
              : !dominantLanes[k] || Float.isNaN(resultLanes[k]) ? PIVOT : FAST;
          kinds[(int) (s + k)] = kind;
          if (kind != FAST) {
            continue;
          }
          long base = (s + k) * n;
          if (out != null) {
            int b = (int) base;
            for (int i = 0; i < n; i++) {
              out[b + i] = work[oR + i * LANES + k];
            }
          } else {
            for (int i = 0; i < n; i++) {
              x.setAtIndex(JAVA_FLOAT, base + i, work[oR + i * LANES + k]);
            }
          }
        }
      }
    }
    float[] scratch = new float[n];
    for (; s < to; s++) {
      solveOneFastSystem(lower, diag, upper, rhs, x, n, s, kinds, scratch);
    }
  }

  /**
   * The float[]s behind four heap segments that start at their arrays' first element, or null (off-heap memory):
   * then the transposition reads element by element instead of gathering.
   */
  private static float[][] heapArrays(MemorySegment... segments) {
    float[][] arrays = new float[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      MemorySegment m = segments[i];
      if (!(m.heapBase().orElse(null) instanceof float[] a) || m.address() != 0
          || a.length * (long) Float.BYTES != m.byteSize()) {
        return null;
      }
      arrays[i] = a;
    }
    return arrays;
  }
}
