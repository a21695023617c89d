package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.MlpKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The MLP primitives of DeepPCR's Newton iteration in float64 on the CPU ({@link CpuMlpKernels}'s loops, split
 * over threads the same way, every value a double: plain double loops for both CPU backends, as
 * {@link CpuPcr64Kernels}). The activation is evaluated in double ({@link ActivationKind}) and not rounded.
 */
final class CpuMlp64Kernels implements MlpKernels {
  private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
  private static final long GRAIN_FLOPS = 1 << 15;

  private static double dot(MemorySegment a, long aFrom, MemorySegment b, long bFrom, long n) {
    double sum = 0;
    for (long k = 0; k < n; k++) {
      sum += a.getAtIndex(D, aFrom + k) * b.getAtIndex(D, bFrom + k);
    }
    return sum;
  }

  /** y[yFrom..] += alpha · x[xFrom..], n elements. */
  private static void axpy(double alpha, MemorySegment x, long xFrom, MemorySegment y, long yFrom, long n) {
    for (long k = 0; k < n; k++) {
      y.setAtIndex(D, yFrom + k, y.getAtIndex(D, yFrom + k) + alpha * x.getAtIndex(D, xFrom + k));
    }
  }

  @Override
  public void mlpLinearize(ActivationKind activation, Buffer weightsB, Buffer biasesB, Buffer inputsB,
      Buffer statesB, Buffer valuesB, Buffer slopesB, Buffer offsetsB, int layers, int batch, int width,
      boolean residual) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment biases = HostBuffer.segmentOf(biasesB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    MemorySegment values = HostBuffer.segmentOf(valuesB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment offsets = HostBuffer.segmentOf(offsetsB);
    long w = width;
    CpuParallel.forRange((long) layers * batch, Math.max(1, GRAIN_FLOPS / (2 * w * w)), (from, to) -> {
      for (long item = from; item < to; item++) {
        long l = item / batch;
        long s = item % batch;
        MemorySegment prev = l == 0 ? inputs : states;
        long prevRow = l == 0 ? s * w : ((l - 1) * batch + s) * w;
        long row = item * w;
        for (long i = 0; i < w; i++) {
          double wx = dot(weights, (l * w + i) * w, prev, prevRow, w);
          double z = wx + biases.getAtIndex(D, l * w + i);
          double value = activation.apply(z);
          double slope = activation.derivative(z, value);
          double skip = residual ? prev.getAtIndex(D, prevRow + i) : 0;
          values.setAtIndex(D, row + i, skip + value);
          slopes.setAtIndex(D, row + i, slope);
          offsets.setAtIndex(D, row + i, value - slope * wx);
        }
      }
    });
  }

  @Override
  public void mlpJacobians(Buffer weightsB, Buffer slopesB, Buffer jacobiansB, int layers, int batch, int width,
      boolean residual) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment jacobians = HostBuffer.segmentOf(jacobiansB);
    long w = width;
    long rows = (long) layers * batch * w;
    CpuParallel.forRange(rows, Math.max(1, GRAIN_FLOPS / w), (from, to) -> {
      for (long r = from; r < to; r++) {
        long l = r / (batch * w);
        long i = r % w;
        double slope = slopes.getAtIndex(D, r);
        for (long j = 0; j < w; j++) {
          double v = slope * weights.getAtIndex(D, (l * w + i) * w + j);
          jacobians.setAtIndex(D, r * w + j, residual && j == i ? v + 1 : v);
        }
      }
    });
  }

  /** As {@link CpuMlpKernels#mlpNewtonStep}: a sweep applying {@code diag(slopes_l) W_l} on the fly. */
  @Override
  public void mlpNewtonStep(Buffer weightsB, Buffer slopesB, Buffer offsetsB, Buffer inputsB, Buffer statesB,
      Buffer jacobians, int layers, int batch, int width, boolean residual) {
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
            double wx = dot(weights, (l * w + i) * w, prev, prevRow, w);
            double skip = residual ? prev.getAtIndex(D, prevRow + i) : 0;
            states.setAtIndex(D, row + i, skip + (slopes.getAtIndex(D, row + i) * wx + offsets.getAtIndex(D,
                row + i)));
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
    double max = 0;
    for (long i = 0; i < count; i++) {
      double a = x.getAtIndex(D, i);
      double b = y.getAtIndex(D, i);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        return Double.NaN;
      }
      max = Math.max(max, Math.abs(a - b));
    }
    return max;
  }

  @Override
  public void addScaled(Buffer xB, float alpha, Buffer yB, Buffer outB, long count) {
    MemorySegment x = HostBuffer.segmentOf(xB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    MemorySegment out = HostBuffer.segmentOf(outB);
    CpuParallel.forRange(count, Math.max(1, GRAIN_FLOPS), (from, to) -> {
      for (long i = from; i < to; i++) {
        out.setAtIndex(D, i, x.getAtIndex(D, i) + alpha * y.getAtIndex(D, i));
      }
    });
  }

  @Override
  public void mlpForward(ActivationKind activation, Buffer weightsB, Buffer biasesB, Buffer inputsB,
      Buffer statesB, int layers, int batch, int width, boolean residual) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment biases = HostBuffer.segmentOf(biasesB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    long w = width;
    // Batch elements are independent: each task sweeps all layers for its elements.
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = 0; l < layers; l++) {
          MemorySegment prev = l == 0 ? inputs : states;
          long prevRow = l == 0 ? s * w : ((l - 1) * batch + s) * w;
          long row = (l * batch + s) * w;
          for (long i = 0; i < w; i++) {
            double z = dot(weights, (l * w + i) * w, prev, prevRow, w) + biases.getAtIndex(D, l * w + i);
            double skip = residual ? prev.getAtIndex(D, prevRow + i) : 0;
            states.setAtIndex(D, row + i, skip + activation.apply(z));
          }
        }
      }
    });
  }

  @Override
  public void mlpAdjoint(Buffer weightsB, Buffer slopesB, Buffer gB, Buffer adjointB, int layers, int batch,
      int width, boolean residual) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment g = HostBuffer.segmentOf(gB);
    MemorySegment y = HostBuffer.segmentOf(adjointB);
    long w = width;
    long lastLayer = (layers - 1L) * batch * w;
    MemorySegment.copy(g, 0, y, lastLayer * Double.BYTES, batch * w * Double.BYTES);
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = layers - 1; l >= 1; l--) {
          long row = (l * batch + s) * w;
          long prevRow = row - batch * w;
          if (residual) {
            MemorySegment.copy(y, row * Double.BYTES, y, prevRow * Double.BYTES, w * Double.BYTES);
          } else {
            y.asSlice(prevRow * Double.BYTES, w * Double.BYTES).fill((byte) 0);
          }
          for (long i = 0; i < w; i++) {
            double delta = slopes.getAtIndex(D, row + i) * y.getAtIndex(D, row + i);
            axpy(delta, weights, (l * w + i) * w, y, prevRow, w);
          }
        }
      }
    });
  }

  @Override
  public void mlpGradients(Buffer weightsB, Buffer slopesB, Buffer adjointB, Buffer inputsB, Buffer statesB,
      Buffer dInputsB, Buffer dWeightsB, Buffer dBiasesB, int layers, int batch, int width, boolean residual) {
    MemorySegment weights = HostBuffer.segmentOf(weightsB);
    MemorySegment slopes = HostBuffer.segmentOf(slopesB);
    MemorySegment y = HostBuffer.segmentOf(adjointB);
    MemorySegment inputs = HostBuffer.segmentOf(inputsB);
    MemorySegment states = HostBuffer.segmentOf(statesB);
    MemorySegment dInputs = HostBuffer.segmentOf(dInputsB);
    MemorySegment dWeights = HostBuffer.segmentOf(dWeightsB);
    MemorySegment dBiases = HostBuffer.segmentOf(dBiasesB);
    long w = width;
    CpuParallel.forRange(layers, Math.max(1, GRAIN_FLOPS / (2L * batch * w * w)), (from, to) -> {
      for (long l = from; l < to; l++) {
        dWeights.asSlice(l * w * w * Double.BYTES, w * w * Double.BYTES).fill((byte) 0);
        dBiases.asSlice(l * w * Double.BYTES, w * Double.BYTES).fill((byte) 0);
        MemorySegment prev = l == 0 ? inputs : states;
        for (long s = 0; s < batch; s++) {
          long row = (l * batch + s) * w;
          long prevRow = l == 0 ? s * w : row - batch * w;
          for (long i = 0; i < w; i++) {
            double delta = slopes.getAtIndex(D, row + i) * y.getAtIndex(D, row + i);
            dBiases.setAtIndex(D, l * w + i, dBiases.getAtIndex(D, l * w + i) + delta);
            axpy(delta, prev, prevRow, dWeights, (l * w + i) * w, w);
          }
        }
      }
    });
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        if (residual) {
          MemorySegment.copy(y, s * w * Double.BYTES, dInputs, s * w * Double.BYTES, w * Double.BYTES);
        } else {
          dInputs.asSlice(s * w * Double.BYTES, w * Double.BYTES).fill((byte) 0);
        }
        for (long i = 0; i < w; i++) {
          double delta = slopes.getAtIndex(D, s * w + i) * y.getAtIndex(D, s * w + i);
          axpy(delta, weights, i * w, dInputs, s * w, w);
        }
      }
    });
  }
}
