package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.Pcr64Kernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The float64 PCR family on the CPU, one body for both CPU backends: plain double loops, split over systems
 * (tridiagonal, dense recurrences) or column blocks (diagonal recurrences) as the float32 bodies split them. The
 * float32 bodies ({@link CpuTridiagonalSolver}, {@link CpuRecurrences}) are written over {@link CpuPrimitives}
 * (float lanes) and bit-matched across backends; Java has no generics over primitive types, so the double
 * algorithms (routing, Thomas, dgtsv's pivoting LU, the sweeps) are written here once more in double. There is no
 * Vector API double body: the float64 rows of the JMH benchmarks (benchmarks/RESULTS.md, "float64 PCR (issue 13)")
 * measure this one beside the float32 bodies, and say whether a vector body would pay. The MLP primitives are
 * {@link CpuMlp64Kernels}'s.
 */
public final class CpuPcr64Kernels implements Pcr64Kernels {
  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
  /** About this many floating-point operations per fork-join task (as the float32 bodies). */
  private static final long GRAIN_FLOPS = 1 << 15;
  /** Columns per block of the diagonal recurrences: 8 doubles, one cache line, so no two threads share a line. */
  private static final int COLUMN_BLOCK = 8;

  private final CpuMlp64Kernels mlp = new CpuMlp64Kernels();

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

  @Override
  public long solveTridiagonal(Buffer lowerB, Buffer diagB, Buffer upperB, Buffer rhsB, Buffer xB, int size,
      long batch) {
    MemorySegment lower = HostBuffer.segmentOf(lowerB);
    MemorySegment diag = HostBuffer.segmentOf(diagB);
    MemorySegment upper = HostBuffer.segmentOf(upperB);
    MemorySegment rhs = HostBuffer.segmentOf(rhsB);
    MemorySegment x = HostBuffer.segmentOf(xB);
    AtomicLong firstSingular = new AtomicLong(Long.MAX_VALUE);
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (8L * size)), (from, to) -> {
      double[] scratch = new double[size];
      for (long s = from; s < to; s++) {
        byte kind = classify(lower, diag, upper, rhs, size, s);
        if (kind == CpuTridiagonalSolver.FAST && !thomas(lower, diag, upper, rhs, x, size, s, scratch)) {
          kind = CpuTridiagonalSolver.PIVOT; // weakly dominant and singular, or overflowing: LU decides
        }
        if (kind == CpuTridiagonalSolver.PIVOT && !pivotingLu(lower, diag, upper, rhs, x, size, s)) {
          firstSingular.accumulateAndGet(s, Math::min);
        } else if (kind == CpuTridiagonalSolver.POISONED) {
          for (long i = s * size; i < (s + 1) * size; i++) {
            x.setAtIndex(D, i, Double.NaN);
          }
        }
      }
    });
    long first = firstSingular.get();
    return first == Long.MAX_VALUE ? -1 : first;
  }

  /** The float32 rule ({@code CpuTridiagonalSolver.classify}) in double. */
  private static byte classify(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      int n, long s) {
    long base = s * n;
    boolean dominant = true;
    for (int i = 0; i < n; i++) {
      double d = diag.getAtIndex(D, base + i);
      double l = i > 0 ? lower.getAtIndex(D, base + i) : 0;
      double u = i < n - 1 ? upper.getAtIndex(D, base + i) : 0;
      double r = rhs.getAtIndex(D, base + i);
      if (!Double.isFinite(d) || !Double.isFinite(l) || !Double.isFinite(u) || !Double.isFinite(r)) {
        return CpuTridiagonalSolver.POISONED;
      }
      dominant &= Math.abs(d) >= Math.abs(l) + Math.abs(u);
    }
    return dominant ? CpuTridiagonalSolver.FAST : CpuTridiagonalSolver.PIVOT;
  }

  /** Thomas' algorithm for system s (as {@code CpuTridiagonalSolver.thomas}); false if the result is not finite. */
  private static boolean thomas(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long s, double[] scratch) {
    long base = s * n;
    double cPrev = 0;
    double dPrev = 0;
    for (int i = 0; i < n; i++) {
      double l = i > 0 ? lower.getAtIndex(D, base + i) : 0;
      double u = i < n - 1 ? upper.getAtIndex(D, base + i) : 0;
      double m = diag.getAtIndex(D, base + i) - l * cPrev;
      cPrev = u / m;
      dPrev = (rhs.getAtIndex(D, base + i) - l * dPrev) / m;
      scratch[i] = cPrev;
      x.setAtIndex(D, base + i, dPrev);
    }
    double next = x.getAtIndex(D, base + n - 1);
    boolean finite = Double.isFinite(next);
    for (int i = n - 2; i >= 0; i--) {
      next = x.getAtIndex(D, base + i) - scratch[i] * next;
      x.setAtIndex(D, base + i, next);
      finite &= Double.isFinite(next);
    }
    return finite;
  }

  /**
   * LU with partial pivoting in LAPACK dgtsv's order (the float32 {@code TridiagonalLu} in double); false on a zero
   * pivot or a non-finite solution.
   */
  private static boolean pivotingLu(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
      MemorySegment x, int n, long s) {
    long base = s * n;
    double[] dl = new double[Math.max(n - 1, 0)];
    double[] du = new double[Math.max(n - 1, 0)];
    double[] du2 = new double[Math.max(n - 2, 0)];
    double[] d = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = diag.getAtIndex(D, base + i);
      b[i] = rhs.getAtIndex(D, base + i);
      if (i + 1 < n) {
        dl[i] = lower.getAtIndex(D, base + i + 1);
        du[i] = upper.getAtIndex(D, base + i);
      }
    }
    for (int i = 0; i < n - 1; i++) {
      if (Math.abs(d[i]) >= Math.abs(dl[i])) {
        if (d[i] == 0) {
          return false;
        }
        double fact = dl[i] / d[i];
        d[i + 1] -= fact * du[i];
        b[i + 1] -= fact * b[i];
        if (i < n - 2) {
          du2[i] = 0;
        }
      } else {
        double fact = d[i] / dl[i];
        d[i] = dl[i];
        double temp = d[i + 1];
        d[i + 1] = du[i] - fact * temp;
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -fact * du2[i];
        }
        du[i] = temp;
        double bi = b[i];
        b[i] = b[i + 1];
        b[i + 1] = bi - fact * b[i + 1];
      }
    }
    if (d[n - 1] == 0) {
      return false;
    }
    b[n - 1] /= d[n - 1];
    if (n > 1) {
      b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / d[n - 2];
    }
    for (int i = n - 3; i >= 0; i--) {
      b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / d[i];
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(b[i])) {
        return false;
      }
      x.setAtIndex(D, base + i, b[i]);
    }
    return true;
  }

  // ---- diagonal recurrences ------------------------------------------------------------------------------------

  @Override
  public void diagonalRecurrence(Buffer aB, Buffer bB, Buffer x0B, Buffer xB, long steps, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment b = HostBuffer.segmentOf(bB);
    MemorySegment x0 = HostBuffer.segmentOf(x0B);
    MemorySegment x = HostBuffer.segmentOf(xB);
    forColumnBlocks(steps, width, (j0, j1) -> {
      for (long j = j0; j < j1; j++) {
        x.setAtIndex(D, j, a.getAtIndex(D, j) * x0.getAtIndex(D, j) + b.getAtIndex(D, j));
      }
      for (long l = 1; l < steps; l++) {
        long row = l * width;
        for (long j = j0; j < j1; j++) {
          x.setAtIndex(D, row + j, a.getAtIndex(D, row + j) * x.getAtIndex(D, row - width + j)
              + b.getAtIndex(D, row + j));
        }
      }
    });
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer aB, Buffer gB, Buffer yB, long steps, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    forColumnBlocks(steps, width, (j0, j1) -> {
      long last = (steps - 1) * width;
      for (long j = j0; j < j1; j++) {
        y.setAtIndex(D, last + j, g.getAtIndex(D, last + j));
      }
      for (long l = steps - 2; l >= 0; l--) {
        long row = l * width;
        for (long j = j0; j < j1; j++) {
          y.setAtIndex(D, row + j, a.getAtIndex(D, row + width + j) * y.getAtIndex(D, row + width + j)
              + g.getAtIndex(D, row + j));
        }
      }
    });
  }

  /** Each thread sweeps all steps over its own block of columns [j0, j1). */
  private static void forColumnBlocks(long steps, int width, CpuParallel.RangeBody body) {
    long blocks = (width + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    long grain = Math.max(1, GRAIN_FLOPS / Math.max(1, 2 * steps * COLUMN_BLOCK));
    CpuParallel.forRange(blocks, grain, (from, to) -> body.run(from * COLUMN_BLOCK,
        Math.min(width, to * COLUMN_BLOCK)));
  }

  // ---- dense recurrences ---------------------------------------------------------------------------------------

  /** The sequential sweep (as {@link CpuRecurrences}: O(L·w²) against PCR's O(L log L·w³)), dot products in order. */
  @Override
  public void denseRecurrence(Buffer aB, Buffer bB, Buffer x0B, Buffer xB, int steps, int batch, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment b = HostBuffer.segmentOf(bB);
    MemorySegment x0 = HostBuffer.segmentOf(x0B);
    MemorySegment x = HostBuffer.segmentOf(xB);
    long w = width;
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * steps * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = 0; l < steps; l++) {
          long row = (l * batch + s) * w;
          MemorySegment prev = l == 0 ? x0 : x;
          long prevRow = l == 0 ? s * w : row - batch * w;
          for (long i = 0; i < w; i++) {
            double sum = 0;
            long at = (row + i) * w;
            for (long k = 0; k < w; k++) {
              sum += a.getAtIndex(D, at + k) * prev.getAtIndex(D, prevRow + k);
            }
            x.setAtIndex(D, row + i, sum + b.getAtIndex(D, row + i));
          }
        }
      }
    });
  }

  /** {@code y_l = g_l + A_{l+1}ᵀ y_{l+1}} as axpys over the rows of A_{l+1} (contiguous reads). */
  @Override
  public void denseRecurrenceAdjoint(Buffer aB, Buffer gB, Buffer yB, int steps, int batch, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    long w = width;
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * steps * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        long last = ((steps - 1L) * batch + s) * w;
        MemorySegment.copy(g, last * Double.BYTES, y, last * Double.BYTES, w * Double.BYTES);
        for (long l = steps - 2; l >= 0; l--) {
          long row = (l * batch + s) * w;
          long nextRow = row + batch * w;
          MemorySegment.copy(g, row * Double.BYTES, y, row * Double.BYTES, w * Double.BYTES);
          for (long i = 0; i < w; i++) {
            double yi = y.getAtIndex(D, nextRow + i);
            long at = (nextRow + i) * w;
            for (long j = 0; j < w; j++) {
              y.setAtIndex(D, row + j, y.getAtIndex(D, row + j) + yi * a.getAtIndex(D, at + j));
            }
          }
        }
      }
    });
  }

  // ---- MLP primitives: CpuMlp64Kernels --------------------------------------------------------------------------

  @Override
  public void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width, boolean residual) {
    mlp.mlpLinearize(activation, weights, biases, inputs, states, values, slopes, offsets, layers, batch, width,
        residual);
  }

  @Override
  public void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width,
      boolean residual) {
    mlp.mlpJacobians(weights, slopes, jacobians, layers, batch, width, residual);
  }

  @Override
  public void mlpNewtonStep(Buffer weights, Buffer slopes, Buffer offsets, Buffer inputs, Buffer states,
      Buffer jacobians, int layers, int batch, int width, boolean residual) {
    mlp.mlpNewtonStep(weights, slopes, offsets, inputs, states, jacobians, layers, batch, width, residual);
  }

  @Override
  public boolean newtonStepNeedsJacobians() {
    return mlp.newtonStepNeedsJacobians();
  }

  @Override
  public double maxAbsDifference(Buffer x, Buffer y, long count) {
    return mlp.maxAbsDifference(x, y, count);
  }

  @Override
  public void addScaled(Buffer x, float alpha, Buffer y, Buffer out, long count) {
    mlp.addScaled(x, alpha, y, out, count);
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width, boolean residual) {
    mlp.mlpForward(activation, weights, biases, inputs, states, layers, batch, width, residual);
  }

  @Override
  public void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers,
      int batch, int width, boolean residual) {
    mlp.mlpAdjoint(weights, slopes, outputGradient, adjoint, layers, batch, width, residual);
  }

  @Override
  public void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual) {
    mlp.mlpGradients(weights, slopes, adjoint, inputs, states, dInputs, dWeights, dBiases, layers, batch, width,
        residual);
  }
}
