package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.TridiagonalSolver;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The batched tridiagonal solve on the CPU, written once: work splitting over systems and the routing of each
 * system (diagonally dominant and finite: Thomas; otherwise LU with partial pivoting, {@link TridiagonalLu};
 * NaN or ±∞ in its data: NaN out). Only the Thomas sweep over the dominant systems has a vector-only form, the
 * interleaved sweep ({@code io.jkernels.kernels.vector.VectorTridiagonalSweep}), because its loop runs across
 * systems instead of along one; both perform the same float32 operations, so both give the same bits.
 */
public final class CpuTridiagonalSolver implements TridiagonalSolver {
  /** About this many floating-point operations per fork-join task: below that the fork costs more than it saves. */
  private static final long GRAIN_FLOPS = 1 << 15;

  /** The system is diagonally dominant and finite: the non-pivoting sweep. */
  public static final byte FAST = 0;
  /** Not diagonally dominant: LU with partial pivoting. */
  public static final byte PIVOT = 1;
  /** NaN or ±∞ in its data: NaN out. */
  public static final byte POISONED = 2;

  /**
   * Classifies each system s in [from, to) by {@link #classify}'s rule into {@code kinds[s]} and solves the
   * {@link #FAST} ones into x without pivoting; a FAST system whose solution is not finite (weakly dominant and
   * singular, or overflowing) must come back marked {@link #PIVOT}. Must ignore {@code lower[s*n]} and
   * {@code upper[s*n+n−1]}. x of a system it does not leave FAST may hold anything afterwards: the pivoting path
   * or the NaN fill overwrites all of it.
   */
  @FunctionalInterface
  public interface FastSweep {
    void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
        MemorySegment x, int n, long from, long to, byte[] kinds);
  }

  /** The scalar sweep: one system at a time, {@link #solveOneFastSystem}. */
  public static final FastSweep SCALAR_SWEEP = (lower, diag, upper, rhs, x, n, from, to, kinds) -> {
    float[] scratch = new float[n];
    for (long s = from; s < to; s++) {
      solveOneFastSystem(lower, diag, upper, rhs, x, n, s, kinds, scratch);
    }
  };

  private final FastSweep sweep;

  public CpuTridiagonalSolver(FastSweep sweep) {
    this.sweep = sweep;
  }

  @Override
  public long solveTridiagonal(Buffer lowerB, Buffer diagB, Buffer upperB, Buffer rhsB, Buffer xB, int size,
      long batch) {
    MemorySegment lower = HostBuffer.segmentOf(lowerB);
    MemorySegment diag = HostBuffer.segmentOf(diagB);
    MemorySegment upper = HostBuffer.segmentOf(upperB);
    MemorySegment rhs = HostBuffer.segmentOf(rhsB);
    MemorySegment x = HostBuffer.segmentOf(xB);
    if (batch > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch " + batch + " exceeds the CPU backends' limit of 2^31−1 systems");
    }
    byte[] kinds = new byte[(int) batch];
    AtomicLong firstSingular = new AtomicLong(Long.MAX_VALUE);
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (8L * size)), (from, to) -> {
      sweep.solveFastSystems(lower, diag, upper, rhs, x, size, from, to, kinds);
      for (long s = from; s < to; s++) {
        byte kind = kinds[(int) s];
        if (kind == PIVOT && !TridiagonalLu.solve(lower, diag, upper, rhs, x, size, s)) {
          firstSingular.accumulateAndGet(s, Math::min);
        } else if (kind == POISONED) {
          for (long i = s * size; i < (s + 1) * size; i++) {
            x.setAtIndex(JAVA_FLOAT, i, Float.NaN);
          }
        }
      }
    });
    long first = firstSingular.get();
    return first == Long.MAX_VALUE ? -1 : first;
  }

  /** Fast path if every row is diagonally dominant (weakly), pivoting otherwise, poisoned on NaN or ±∞. */
  static byte classify(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs, int n,
      long s) {
    long base = s * n;
    boolean dominant = true;
    for (int i = 0; i < n; i++) {
      float d = diag.getAtIndex(JAVA_FLOAT, base + i);
      float l = i > 0 ? lower.getAtIndex(JAVA_FLOAT, base + i) : 0f;
      float u = i < n - 1 ? upper.getAtIndex(JAVA_FLOAT, base + i) : 0f;
      float r = rhs.getAtIndex(JAVA_FLOAT, base + i);
      if (!Float.isFinite(d) || !Float.isFinite(l) || !Float.isFinite(u) || !Float.isFinite(r)) {
        return POISONED;
      }
      dominant &= Math.abs(d) >= Math.abs(l) + Math.abs(u);
    }
    return dominant ? FAST : PIVOT;
  }

  /**
   * The scalar route for one system: classify, Thomas if dominant, and back to {@link #PIVOT} if the sweep's
   * result is not finite. Serves the scalar sweep and the vector sweep's leftover systems.
   */
  public static void solveOneFastSystem(MemorySegment lower, MemorySegment diag, MemorySegment upper,
      MemorySegment rhs, MemorySegment x, int n, long s, byte[] kinds, float[] scratch) {
    byte kind = classify(lower, diag, upper, rhs, n, s);
    if (kind == FAST) {
      thomas(lower, diag, upper, rhs, x, n, s, scratch);
      if (!finite(x, s * n, n)) {
        kind = PIVOT; // weakly dominant and singular, or overflowing: the pivoting path decides
      }
    }
    kinds[(int) s] = kind;
  }

  private static boolean finite(MemorySegment x, long from, int n) {
    for (long i = from; i < from + n; i++) {
      if (!Float.isFinite(x.getAtIndex(JAVA_FLOAT, i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Thomas' algorithm for system s (rows at s·n), float32, in the operation order the vector interleaved sweep
   * uses lane by lane (no FMA), so both give the same bits. The c′ and d′ of the forward sweep live in x's row and
   * in {@code scratch}.
   */
  static void thomas(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long s, float[] scratch) {
    long base = s * n;
    // forward: c'_i = u_i / m_i, d'_i = (r_i − l_i d'_{i−1}) / m_i, m_i = d_i − l_i c'_{i−1}
    float cPrev = 0;
    float dPrev = 0;
    for (int i = 0; i < n; i++) {
      float l = i > 0 ? lower.getAtIndex(JAVA_FLOAT, base + i) : 0f;
      float u = i < n - 1 ? upper.getAtIndex(JAVA_FLOAT, base + i) : 0f;
      float m = diag.getAtIndex(JAVA_FLOAT, base + i) - l * cPrev;
      cPrev = u / m;
      dPrev = (rhs.getAtIndex(JAVA_FLOAT, base + i) - l * dPrev) / m;
      scratch[i] = cPrev;
      x.setAtIndex(JAVA_FLOAT, base + i, dPrev);
    }
    // backward: x_{n−1} = d'_{n−1}, x_i = d'_i − c'_i x_{i+1}
    float next = x.getAtIndex(JAVA_FLOAT, base + n - 1);
    for (int i = n - 2; i >= 0; i--) {
      next = x.getAtIndex(JAVA_FLOAT, base + i) - scratch[i] * next;
      x.setAtIndex(JAVA_FLOAT, base + i, next);
    }
  }
}
