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
    FloatVector max = FloatVector.zero(SPECIES);
    // x − x is 0 for finite x and NaN for NaN or ±∞: summing it flags any non-finite entry in one lane op.
    FloatVector poison = FloatVector.zero(SPECIES);
    long i = from;
    long bound = from + (to - from) / LANES * LANES;
    for (; i < bound; i += LANES) {
      FloatVector xv = load(x, i);
      FloatVector yv = load(y, i);
      max = max.max(xv.sub(yv).abs());
      poison = poison.add(xv.sub(xv)).add(yv.sub(yv));
    }
    if (Float.isNaN(poison.reduceLanes(VectorOperators.ADD))) {
      return Double.NaN;
    }
    float result = max.reduceLanes(VectorOperators.MAX);
    for (; i < to; i++) {
      float xi = x.getAtIndex(JAVA_FLOAT, i);
      float yi = y.getAtIndex(JAVA_FLOAT, i);
      if (!Float.isFinite(xi) || !Float.isFinite(yi)) {
        return Double.NaN;
      }
      result = Math.max(result, Math.abs(xi - yi));
    }
    return result;
  }

  /**
   * The interleaved Thomas sweep: a block of {@code LANES} systems is transposed so that row i of all of them is
   * one vector, classified and swept forward and back as one, and transposed back; the lanes never mix. The
   * classification rides along the forward sweep (same loads): dominance {@code |d| ≥ |l| + |u|} as a lane mask,
   * and non-finite data as NaN accumulated from {@code v − v}; the back substitution accumulates the same test
   * on x. Systems left over at the end of the range take the scalar route, which performs the same operations.
   */
  @Override
  protected void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long from, long to, byte[] kinds) {
    long s = from;
    if (to - from >= LANES) {
      float[] lo = new float[n * LANES];
      float[] di = new float[n * LANES];
      float[] up = new float[n * LANES]; // becomes c′
      float[] r = new float[n * LANES]; // becomes d′, then x
      float[] poisonLanes = new float[LANES];
      float[] resultLanes = new float[LANES];
      boolean[] dominantLanes = new boolean[LANES];
      for (; s + LANES <= to; s += LANES) {
        for (int k = 0; k < LANES; k++) {
          long base = (s + k) * n;
          for (int i = 0; i < n; i++) {
            lo[i * LANES + k] = i > 0 ? lower.getAtIndex(JAVA_FLOAT, base + i) : 0f;
            di[i * LANES + k] = diag.getAtIndex(JAVA_FLOAT, base + i);
            up[i * LANES + k] = i < n - 1 ? upper.getAtIndex(JAVA_FLOAT, base + i) : 0f;
            r[i * LANES + k] = rhs.getAtIndex(JAVA_FLOAT, base + i);
          }
        }
        FloatVector c = FloatVector.zero(SPECIES);
        FloatVector d = FloatVector.zero(SPECIES);
        FloatVector poison = FloatVector.zero(SPECIES);
        VectorMask<Float> dominant = SPECIES.maskAll(true);
        for (int i = 0; i < n; i++) {
          int at = i * LANES;
          FloatVector l = FloatVector.fromArray(SPECIES, lo, at);
          FloatVector dd = FloatVector.fromArray(SPECIES, di, at);
          FloatVector u = FloatVector.fromArray(SPECIES, up, at);
          FloatVector rr = FloatVector.fromArray(SPECIES, r, at);
          poison = poison.add(l.sub(l)).add(dd.sub(dd)).add(u.sub(u)).add(rr.sub(rr));
          dominant = dominant.and(dd.abs().compare(VectorOperators.GE, l.abs().add(u.abs())));
          FloatVector m = dd.sub(l.mul(c));
          c = u.div(m);
          d = rr.sub(l.mul(d)).div(m);
          c.intoArray(up, at);
          d.intoArray(r, at);
        }
        FloatVector next = d;
        FloatVector result = d.sub(d);
        for (int i = n - 2; i >= 0; i--) {
          int at = i * LANES;
          next = FloatVector.fromArray(SPECIES, r, at).sub(FloatVector.fromArray(SPECIES, up, at).mul(next));
          result = result.add(next.sub(next));
          next.intoArray(r, at);
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
          for (int i = 0; i < n; i++) {
            x.setAtIndex(JAVA_FLOAT, base + i, r[i * LANES + k]);
          }
        }
      }
    }
    float[] scratch = new float[n];
    for (; s < to; s++) {
      solveOneFastSystem(lower, diag, upper, rhs, x, n, s, kinds, scratch);
    }
  }
}
