package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.PcrKernels;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PCR family on the CPU: work splitting, the tridiagonal routing (fast path, pivoting path, poisoned
 * systems), the recurrences and the MLP primitives, written once. The scalar and vector backends differ only in
 * the inner loops below (dot, axpy, the recurrence step, the tridiagonal fast path), so both solve every case the
 * same way. Indices passed to the inner loops count floats.
 *
 * <p>Dense recurrences use the sequential sweep, not PCR: it costs O(L·w²) per batch element against PCR's
 * O(L·log L·w³) matrix products, and a CPU has too few cores to buy that work back; {@link DenseRecurrencePcr} is
 * the GPU's formulation, kept here as its executable specification and tested against the sweep.
 */
public abstract class CpuPcrKernels implements PcrKernels {
  /** About this many floating-point operations per fork-join task: below that the fork costs more than it saves. */
  private static final long GRAIN_FLOPS = 1 << 15;

  /** The system is diagonally dominant and finite: the non-pivoting sweep. */
  protected static final byte FAST = 0;
  /** Not diagonally dominant: LU with partial pivoting. */
  protected static final byte PIVOT = 1;
  /** NaN or ±∞ in its data: NaN out. */
  protected static final byte POISONED = 2;

  // ---- inner loops: the only code that differs between the scalar and the vector backend -------------------

  /** Σ_k a[ai+k]·b[bi+k] for k &lt; n. */
  protected abstract float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n);

  /** y[yi+k] += alpha·x[xi+k] for k &lt; n. */
  protected abstract void axpy(float alpha, MemorySegment x, long xi, MemorySegment y, long yi, int n);

  /** dst[di+k] = alpha·src[si+k] for k &lt; n. */
  protected abstract void scale(float alpha, MemorySegment src, long si, MemorySegment dst, long di, int n);

  /** out[oi+k] = a[ai+k]·v[vi+k] + b[bi+k] for k &lt; n (one step of a diagonal recurrence, either direction). */
  protected abstract void multiplyAdd(MemorySegment a, long ai, MemorySegment v, long vi, MemorySegment b, long bi,
      MemorySegment out, long oi, int n);

  /** max |x−y| over [from, to), NaN when any x or y there is NaN or infinite. */
  protected abstract double maxAbsDifference(MemorySegment x, MemorySegment y, long from, long to);

  /**
   * The plain loop of {@link #maxAbsDifference}, starting from {@code max}: the scalar backend's whole loop and the
   * vector backend's tail.
   */
  protected static double scalarMaxAbsDifference(MemorySegment x, MemorySegment y, long from, long to, float max) {
    for (long i = from; i < to; i++) {
      float xi = x.getAtIndex(JAVA_FLOAT, i);
      float yi = y.getAtIndex(JAVA_FLOAT, i);
      if (!Float.isFinite(xi) || !Float.isFinite(yi)) {
        return Double.NaN;
      }
      max = Math.max(max, Math.abs(xi - yi));
    }
    return max;
  }

  /**
   * Classifies each system s in [from, to) by {@link #classify}'s rule into {@code kinds[s]} and solves the
   * {@link #FAST} ones into x without pivoting; a FAST system whose solution is not finite (weakly dominant and
   * singular, or overflowing) must come back marked {@link #PIVOT}. Must ignore {@code lower[s*n]} and
   * {@code upper[s*n+n−1]}, and must not write x of a system it does not leave FAST.
   */
  protected abstract void solveFastSystems(MemorySegment lower, MemorySegment diag, MemorySegment upper,
      MemorySegment rhs, MemorySegment x, int n, long from, long to, byte[] kinds);

  // ---- tridiagonal ---------------------------------------------------------------------------------------------

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
      solveFastSystems(lower, diag, upper, rhs, x, size, from, to, kinds);
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
   * result is not finite. Shared by the scalar backend and the vector backend's leftover systems.
   */
  protected static void solveOneFastSystem(MemorySegment lower, MemorySegment diag, MemorySegment upper,
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
   * Thomas' algorithm for system s (rows at s·n), float32, in the operation order the vector backend's interleaved
   * sweep uses lane by lane (no FMA), so both backends give the same bits. The c′ and d′ of the forward sweep live
   * in x's row and in {@code scratch}.
   */
  protected static void thomas(MemorySegment lower, MemorySegment diag, MemorySegment upper, MemorySegment rhs,
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

  // ---- diagonal recurrences ------------------------------------------------------------------------------------

  /** Columns are split in blocks of 16 floats (one cache line) so that no two threads share a line of x. */
  private static final int COLUMN_BLOCK = 16;

  @Override
  public void diagonalRecurrence(Buffer aB, Buffer bB, Buffer x0B, Buffer xB, long steps, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment b = HostBuffer.segmentOf(bB);
    MemorySegment x0 = HostBuffer.segmentOf(x0B);
    MemorySegment x = HostBuffer.segmentOf(xB);
    forColumnBlocks(steps, width, (j0, n) -> {
      multiplyAdd(a, j0, x0, j0, b, j0, x, j0, n);
      for (long l = 1; l < steps; l++) {
        long row = l * width + j0;
        multiplyAdd(a, row, x, row - width, b, row, x, row, n);
      }
    });
  }

  @Override
  public void diagonalRecurrenceAdjoint(Buffer aB, Buffer gB, Buffer yB, long steps, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    forColumnBlocks(steps, width, (j0, n) -> {
      long last = (steps - 1) * width + j0;
      MemorySegment.copy(g, last * Float.BYTES, y, last * Float.BYTES, (long) n * Float.BYTES);
      for (long l = steps - 2; l >= 0; l--) {
        long row = l * width + j0;
        multiplyAdd(a, row + width, y, row + width, g, row, y, row, n);
      }
    });
  }

  @FunctionalInterface
  private interface ColumnBody {
    void run(long firstColumn, int columns);
  }

  /** Each thread sweeps all steps over its own block of columns: the recurrence is independent per column. */
  private static void forColumnBlocks(long steps, int width, ColumnBody body) {
    long blocks = (width + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
    long grain = Math.max(1, GRAIN_FLOPS / Math.max(1, 2 * steps * COLUMN_BLOCK));
    CpuParallel.forRange(blocks, grain, (from, to) -> {
      long j0 = from * COLUMN_BLOCK;
      long j1 = Math.min(width, to * COLUMN_BLOCK);
      body.run(j0, (int) (j1 - j0));
    });
  }

  // ---- dense recurrences ---------------------------------------------------------------------------------------

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
            float v = dot(a, (row + i) * w, prev, prevRow, width) + b.getAtIndex(JAVA_FLOAT, row + i);
            x.setAtIndex(JAVA_FLOAT, row + i, v);
          }
        }
      }
    });
  }

  @Override
  public void denseRecurrenceAdjoint(Buffer aB, Buffer gB, Buffer yB, int steps, int batch, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    long w = width;
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * steps * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        long last = ((steps - 1L) * batch + s) * w;
        MemorySegment.copy(g, last * Float.BYTES, y, last * Float.BYTES, w * Float.BYTES);
        for (long l = steps - 2; l >= 0; l--) {
          long row = (l * batch + s) * w;
          long nextRow = row + batch * w;
          MemorySegment.copy(g, row * Float.BYTES, y, row * Float.BYTES, w * Float.BYTES);
          // y_l += A_{l+1}ᵀ y_{l+1}, row by row of A_{l+1}: contiguous reads.
          for (long i = 0; i < w; i++) {
            axpy(y.getAtIndex(JAVA_FLOAT, nextRow + i), a, (nextRow + i) * w, y, row, width);
          }
        }
      }
    });
  }

  // ---- MLP primitives ------------------------------------------------------------------------------------------

  @Override
  public void mlpLinearize(ActivationKind activation, Buffer weightsB, Buffer biasesB, Buffer inputsB,
      Buffer statesB, Buffer valuesB, Buffer slopesB, Buffer offsetsB, int layers, int batch, int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment biases = HostBuffer.segmentOf(biasesB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    MemorySegment values = HostBuffer.segmentOf(valuesB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment offsets = HostBuffer.segmentOf(offsetsB);
    long w = width;
    // Every (layer, batch element) pair is independent given the states: DeepPCR's parallel evaluation.
    CpuParallel.forRange((long) layers * batch, Math.max(1, GRAIN_FLOPS / (2 * w * w)), (from, to) -> {
      for (long item = from; item < to; item++) {
        long l = item / batch;
        long s = item % batch;
        MemorySegment prev = l == 0 ? inputs : states;
        long prevRow = l == 0 ? s * w : ((l - 1) * batch + s) * w;
        long row = item * w;
        for (long i = 0; i < w; i++) {
          float c = biases.getAtIndex(JAVA_FLOAT, l * w + i);
          float wx = dot(weights, (l * w + i) * w, prev, prevRow, width);
          float z = wx + c;
          double act = activation.apply(z);
          float value = (float) act;
          float slope = (float) activation.derivative(z, act);
          values.setAtIndex(JAVA_FLOAT, row + i, value);
          slopes.setAtIndex(JAVA_FLOAT, row + i, slope);
          offsets.setAtIndex(JAVA_FLOAT, row + i, value - slope * wx);
        }
      }
    });
  }

  @Override
  public void mlpJacobians(Buffer weightsB, Buffer slopesB, Buffer jacobiansB, int layers, int batch, int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment jacobians = HostBuffer.segmentOf(jacobiansB);
    long w = width;
    long rows = (long) layers * batch * w;
    CpuParallel.forRange(rows, Math.max(1, GRAIN_FLOPS / w), (from, to) -> {
      for (long r = from; r < to; r++) {
        long l = r / (batch * w);
        long i = r % w;
        scale(slopes.getAtIndex(JAVA_FLOAT, r), weights, (l * w + i) * w, jacobians, r * w, width);
      }
    });
  }

  /**
   * The Newton step as a sequential sweep that applies {@code diag(slopes_l) W_l} on the fly: the same O(L·w²)
   * work per batch element as the dense sweep, without writing and re-reading L·B·w² Jacobian floats. The dot
   * product is the one {@link #mlpLinearize} used for the offsets, so at the fixed point the step reproduces
   * f(x) to one rounding.
   */
  @Override
  public void mlpNewtonStep(Buffer weightsB, Buffer slopesB, Buffer offsetsB, Buffer inputsB, Buffer statesB,
      Buffer jacobians, int layers, int batch, int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment offsets = HostBuffer.segmentOf(offsetsB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    long w = width;
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = 0; l < layers; l++) {
          MemorySegment prev = l == 0 ? inputs : states;
          long prevRow = l == 0 ? s * w : ((l - 1) * batch + s) * w;
          long row = (l * batch + s) * w;
          for (long i = 0; i < w; i++) {
            float wx = dot(weights, (l * w + i) * w, prev, prevRow, width);
            states.setAtIndex(JAVA_FLOAT, row + i,
                slopes.getAtIndex(JAVA_FLOAT, row + i) * wx + offsets.getAtIndex(JAVA_FLOAT, row + i));
          }
        }
      }
    });
  }

  @Override
  public boolean newtonStepNeedsJacobians() {
    return false;
  }

  @Override
  public double maxAbsDifference(Buffer xB, Buffer yB, long count) {
    MemorySegment x = HostBuffer.segmentOf(xB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    return maxAbsDifference(x, y, 0, count);
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weightsB, Buffer biasesB, Buffer inputsB,
      Buffer statesB, int layers, int batch, int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment biases = HostBuffer.segmentOf(biasesB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    long w = width;
    if (batch >= CpuParallel.threads()) {
      // Enough batch elements to keep every thread busy: each sweeps all layers for its elements, no per-layer
      // synchronisation.
      CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
        for (long s = from; s < to; s++) {
          for (long l = 0; l < layers; l++) {
            MemorySegment prev = l == 0 ? inputs : states;
            long prevRow = l == 0 ? s * w : ((l - 1) * batch + s) * w;
            long row = (l * batch + s) * w;
            for (long i = 0; i < w; i++) {
              float z = dot(weights, (l * w + i) * w, prev, prevRow, width) + biases.getAtIndex(JAVA_FLOAT, l * w + i);
              states.setAtIndex(JAVA_FLOAT, row + i, (float) activation.apply(z));
            }
          }
        }
      });
      return;
    }
    for (long l = 0; l < layers; l++) {
      long layer = l;
      MemorySegment prev = l == 0 ? inputs : states;
      long prevBase = l == 0 ? 0 : (l - 1) * batch * w;
      // Within a layer, every (batch element, unit) output is independent.
      CpuParallel.forRange(batch * w, Math.max(1, GRAIN_FLOPS / (2 * w)), (from, to) -> {
        for (long r = from; r < to; r++) {
          long s = r / w;
          long i = r % w;
          float z = dot(weights, (layer * w + i) * w, prev, prevBase + s * w, width)
              + biases.getAtIndex(JAVA_FLOAT, layer * w + i);
          states.setAtIndex(JAVA_FLOAT, (layer * batch) * w + r, (float) activation.apply(z));
        }
      });
    }
  }

  @Override
  public void mlpAdjoint(Buffer weightsB, Buffer slopesB, Buffer gB, Buffer adjointB, int layers, int batch,
      int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(adjointB);
    long w = width;
    long lastLayer = (layers - 1L) * batch * w;
    MemorySegment.copy(g, 0, y, lastLayer * Float.BYTES, batch * w * Float.BYTES);
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = layers - 1; l >= 1; l--) {
          long row = (l * batch + s) * w;
          long prevRow = row - batch * w;
          y.asSlice(prevRow * Float.BYTES, w * Float.BYTES).fill((byte) 0);
          // y_{l−1} = W_lᵀ δ_l, δ_l = slopes_l ⊙ y_l: one axpy per row of W_l.
          for (long i = 0; i < w; i++) {
            float delta = slopes.getAtIndex(JAVA_FLOAT, row + i) * y.getAtIndex(JAVA_FLOAT, row + i);
            axpy(delta, weights, (l * w + i) * w, y, prevRow, width);
          }
        }
      }
    });
  }

  @Override
  public void mlpGradients(Buffer weightsB, Buffer slopesB, Buffer adjointB, Buffer inputsB, Buffer statesB,
      Buffer dInputsB, Buffer dWeightsB, Buffer dBiasesB, int layers, int batch, int width) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment y = HostBuffer.segmentOf(adjointB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    MemorySegment dInputs = HostBuffer.segmentOf(dInputsB);
    MemorySegment dWeights = HostBuffer.segmentOf(dWeightsB);
    MemorySegment dBiases = HostBuffer.segmentOf(dBiasesB);
    long w = width;
    // dW_l = Σ_s δ_{l,s} x_{l−1,s}ᵀ, dc_l = Σ_s δ_{l,s}: layers are independent; within one, x_{l−1,s} is
    // reused by all w rows of dW_l while it is in cache.
    CpuParallel.forRange(layers, Math.max(1, GRAIN_FLOPS / (2L * batch * w * w)), (from, to) -> {
      for (long l = from; l < to; l++) {
        dWeights.asSlice(l * w * w * Float.BYTES, w * w * Float.BYTES).fill((byte) 0);
        dBiases.asSlice(l * w * Float.BYTES, w * Float.BYTES).fill((byte) 0);
        MemorySegment prev = l == 0 ? inputs : states;
        for (long s = 0; s < batch; s++) {
          long row = (l * batch + s) * w;
          long prevRow = l == 0 ? s * w : row - batch * w;
          for (long i = 0; i < w; i++) {
            float delta = slopes.getAtIndex(JAVA_FLOAT, row + i) * y.getAtIndex(JAVA_FLOAT, row + i);
            dBiases.setAtIndex(JAVA_FLOAT, l * w + i, dBiases.getAtIndex(JAVA_FLOAT, l * w + i) + delta);
            axpy(delta, prev, prevRow, dWeights, (l * w + i) * w, width);
          }
        }
      }
    });
    // dInputs_s = W_0ᵀ δ_{0,s}.
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        dInputs.asSlice(s * w * Float.BYTES, w * Float.BYTES).fill((byte) 0);
        for (long i = 0; i < w; i++) {
          float delta = slopes.getAtIndex(JAVA_FLOAT, s * w + i) * y.getAtIndex(JAVA_FLOAT, s * w + i);
          axpy(delta, weights, i * w, dInputs, s * w, width);
        }
      }
    });
  }
}
