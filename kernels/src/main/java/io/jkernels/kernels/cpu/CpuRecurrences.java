package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.RecurrenceSolver;
import java.lang.foreign.MemorySegment;

/**
 * The linear recurrences on the CPU, written once over {@link CpuPrimitives}: the diagonal ones are one
 * {@code multiplyAdd} per step over each thread's block of columns, the dense ones a sequential sweep of dot
 * products (forward) or axpys (adjoint, so that Aᵀ is read row by row).
 *
 * <p>Dense recurrences use the sequential sweep, not PCR: it costs O(L·w²) per batch element against PCR's
 * O(L·log L·w³) matrix products, and a CPU has too few cores to buy that work back; {@link DenseRecurrencePcr} is
 * the GPU's formulation, kept here as its executable specification and tested against the sweep.
 */
public final class CpuRecurrences implements RecurrenceSolver {
  /** About this many floating-point operations per fork-join task: below that the fork costs more than it saves. */
  private static final long GRAIN_FLOPS = 1 << 15;
  /** Columns are split in blocks of 16 floats (one cache line) so that no two threads share a line of x. */
  private static final int COLUMN_BLOCK = 16;

  private final CpuPrimitives primitives;

  public CpuRecurrences(CpuPrimitives primitives) {
    this.primitives = primitives;
  }

  @Override
  public void diagonalRecurrence(Buffer aB, Buffer bB, Buffer x0B, Buffer xB, long steps, int width) {
    MemorySegment a = HostBuffer.segmentOf(aB);
    MemorySegment b = HostBuffer.segmentOf(bB);
    MemorySegment x0 = HostBuffer.segmentOf(x0B);
    MemorySegment x = HostBuffer.segmentOf(xB);
    forColumnBlocks(steps, width, (j0, n) -> {
      primitives.multiplyAdd(a, j0, x0, j0, b, j0, x, j0, n);
      for (long l = 1; l < steps; l++) {
        long row = l * width + j0;
        primitives.multiplyAdd(a, row, x, row - width, b, row, x, row, n);
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
        primitives.multiplyAdd(a, row + width, y, row + width, g, row, y, row, n);
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
            float v = primitives.dot(a, (row + i) * w, prev, prevRow, width) + b.getAtIndex(JAVA_FLOAT, row + i);
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
            primitives.axpy(y.getAtIndex(JAVA_FLOAT, nextRow + i), a, (nextRow + i) * w, y, row, width);
          }
        }
      }
    });
  }
}
