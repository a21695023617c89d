package io.jkernels.kernels.vector;

import static io.jkernels.kernels.cpu.CpuTridiagonalSolver.FAST;
import static io.jkernels.kernels.cpu.CpuTridiagonalSolver.PIVOT;
import static io.jkernels.kernels.cpu.CpuTridiagonalSolver.POISONED;
import static io.jkernels.kernels.vector.VectorPrimitives.LANES;
import static io.jkernels.kernels.vector.VectorPrimitives.SPECIES;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.cpu.CpuTridiagonalSolver;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector-only tridiagonal sweep of {@link CpuTridiagonalSolver}: its loop runs across {@code LANES} systems
 * (row i of all of them is one vector) instead of along one, so it cannot be written over the primitive seam.
 * Multiplies and adds stay separate (no FMA) so that every result is the scalar sweep's, bit for bit, which keeps
 * a poisoned or re-routed system from ever showing through another lane.
 */
public final class VectorTridiagonalSweep implements CpuTridiagonalSolver.FastSweep {
  /**
   * The four streams of the tridiagonal scratch start this many floats apart modulo 1024 (4 KiB): 1088 B, so the
   * same row of two streams never shares its address bits below 4 KiB, whatever the system size.
   */
  private static final int STAGGER = 272;
  /**
   * Rows per tile of the transposition: a tile of the four streams is 4·64·LANES floats (16 KiB at 16 lanes), so it
   * is still in L1 when the forward sweep reads it, and each input system is read in runs of 64 floats.
   */
  private static final int TILE = 64;
  /**
   * Scratch up to this many floats (4 MiB) is kept per thread between calls, so that a loop of solves allocates
   * nothing per call; larger blocks (systems of over ~16 Ki rows) are allocated per call and left to the GC.
   */
  private static final int KEPT_SCRATCH = 1 << 20;
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  /** A scratch array of at least {@code floats} floats; its contents are unspecified. */
  private static float[] scratch(int floats) {
    if (floats > KEPT_SCRATCH) {
      return new float[floats];
    }
    float[] kept = SCRATCH.get();
    if (kept.length < floats) {
      kept = new float[floats];
      SCRATCH.set(kept);
    }
    return kept;
  }

  /**
   * The interleaved Thomas sweep: a block of {@code LANES} systems is transposed into one per-thread scratch array
   * (kept between calls) so that row i of all of them is one vector, classified and swept forward and back as one,
   * and transposed back; the lanes never mix. The transposition is not a pass of its own: it runs a tile of
   * {@link #TILE} rows at a time, each swept forward while it is in L1, and the way back is tiled the same way. The sweep writes c′ over u and d′ (then x) over r in place: each store goes to the
   * line its row's loads just read, and the four streams sit at fixed, staggered offsets of one array. (With separate
   * scratch arrays, whose distances modulo 4 KiB are chance, the speed varied up to 2× from one JVM run to the
   * next.) The classification rides along the forward
   * sweep (same loads): dominance {@code |d| ≥ |l| + |u|} as a lane mask, and non-finite data as NaN accumulated
   * from {@code v − v}; the back substitution accumulates the same test on x. Systems left over at the end of the
   * range take the scalar route, which performs the same operations.
   */
  @Override
  public void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long from, long to, byte[] kinds) {
    long s = from;
    if (to - from >= LANES) {
      int span = n * LANES + Math.floorMod(STAGGER - n * LANES, 1024);
      float[] work = scratch(4 * span);
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
        FloatVector c = FloatVector.zero(SPECIES);
        FloatVector d = FloatVector.zero(SPECIES);
        FloatVector poison = FloatVector.zero(SPECIES);
        VectorMask<Float> dominant = SPECIES.maskAll(true);
        // Forward, one tile of rows at a time: the tile is transposed and swept while it is in L1.
        for (int t0 = 0; t0 < n; t0 += TILE) {
          int t1 = Math.min(n, t0 + TILE);
          if (arrays != null) {
            transposeTile(arrays[0], arrays[1], arrays[2], arrays[3], s, n, t0, t1, work, span);
          } else {
            transposeTile(lower, diag, upper, rhs, s, n, t0, t1, work, span);
          }
          if (t0 == 0) {
            FloatVector.zero(SPECIES).intoArray(work, oL); // l_0 and u_{n−1} are ignored
          }
          if (t1 == n) {
            FloatVector.zero(SPECIES).intoArray(work, oU + (n - 1) * LANES);
          }
          for (int t = t0; t < t1; t++) {
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
        }
        // Back to system-major, a tile of rows at a time (the tile's lines of work stay in L1 across the lanes).
        for (int i0 = 0; i0 < n; i0 += TILE) {
          int i1 = Math.min(n, i0 + TILE);
          for (int k = 0; k < LANES; k++) {
            if (kinds[(int) (s + k)] != FAST) {
              continue;
            }
            long base = (s + k) * n;
            if (out != null) {
              int b = (int) base;
              for (int i = i0; i < i1; i++) {
                out[b + i] = work[oR + i * LANES + k];
              }
            } else {
              for (int i = i0; i < i1; i++) {
                x.setAtIndex(JAVA_FLOAT, base + i, work[oR + i * LANES + k]);
              }
            }
          }
        }
      }
    }
    float[] scratch = new float[n];
    for (; s < to; s++) {
      CpuTridiagonalSolver.solveOneFastSystem(lower, diag, upper, rhs, x, n, s, kinds, scratch);
    }
  }

  /**
   * Rows [t0, t1) of systems s..s+LANES−1 into the four interleaved streams of {@code work} (row t of lane k at
   * {@code t·LANES + k}), from heap arrays: plain array reads, which C2 compiles tighter than segment reads here.
   */
  private static void transposeTile(float[] la, float[] da, float[] ua, float[] ra, long s, int n, int t0, int t1,
      float[] work, int span) {
    for (int k = 0; k < LANES; k++) {
      int base = (int) ((s + k) * n);
      for (int t = t0; t < t1; t++) {
        int at = t * LANES + k;
        work[at] = la[base + t];
        work[span + at] = da[base + t];
        work[2 * span + at] = ua[base + t];
        work[3 * span + at] = ra[base + t];
      }
    }
  }

  /** As the heap form, from any segments (off-heap: the resident API), element by element. */
  private static void transposeTile(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      long s, int n, int t0, int t1, float[] work, int span) {
    for (int k = 0; k < LANES; k++) {
      long base = (s + k) * n;
      for (int t = t0; t < t1; t++) {
        int at = t * LANES + k;
        work[at] = lower.getAtIndex(JAVA_FLOAT, base + t);
        work[span + at] = diag.getAtIndex(JAVA_FLOAT, base + t);
        work[2 * span + at] = upper.getAtIndex(JAVA_FLOAT, base + t);
        work[3 * span + at] = rhs.getAtIndex(JAVA_FLOAT, base + t);
      }
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
