package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.MlpKernels;
import java.lang.foreign.MemorySegment;

/**
 * The MLP primitives of DeepPCR's Newton iteration on the CPU, written once over {@link CpuPrimitives}: every
 * inner loop is a dot product (a row of W times a state) or an axpy (a row of Wᵀ accumulated), so the scalar and
 * the vector backend differ only in those. A residual block's skip path is one added term per output (the identity
 * of its Jacobian), never a second loop.
 */
public final class CpuMlpKernels implements MlpKernels {
  /** About this many floating-point operations per fork-join task: below that the fork costs more than it saves. */
  private static final long GRAIN_FLOPS = 1 << 15;

  private final CpuPrimitives primitives;

  public CpuMlpKernels(CpuPrimitives primitives) {
    this.primitives = primitives;
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
          float wx = primitives.dot(weights, (l * w + i) * w, prev, prevRow, width);
          float z = wx + c;
          double act = activation.apply(z);
          float value = (float) act;
          float slope = (float) activation.derivative(z, act);
          float skip = residual ? prev.getAtIndex(JAVA_FLOAT, prevRow + i) : 0f;
          values.setAtIndex(JAVA_FLOAT, row + i, skip + value);
          slopes.setAtIndex(JAVA_FLOAT, row + i, slope);
          offsets.setAtIndex(JAVA_FLOAT, row + i, value - slope * wx);
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
        primitives.scale(slopes.getAtIndex(JAVA_FLOAT, r), weights, (l * w + i) * w, jacobians, r * w, width);
        if (residual) {
          long diagonal = r * w + i;
          jacobians.setAtIndex(JAVA_FLOAT, diagonal, jacobians.getAtIndex(JAVA_FLOAT, diagonal) + 1f);
        }
      }
    });
  }

  /**
   * The Newton step as a sequential sweep that applies {@code diag(slopes_l) W_l} on the fly: the same O(L·w²)
   * work per batch element as the dense sweep, without writing and re-reading L·B·w² Jacobian floats. The dot
   * product is the one {@link #mlpLinearize} used for the offsets, so at the fixed point the step reproduces
   * f(x) to one rounding. A residual block adds {@code x_{l−1}} (the identity of its Jacobian) last, as
   * {@link #mlpLinearize} adds it to its values.
   */
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
            float wx = primitives.dot(weights, (l * w + i) * w, prev, prevRow, width);
            float skip = residual ? prev.getAtIndex(JAVA_FLOAT, prevRow + i) : 0f;
            states.setAtIndex(JAVA_FLOAT, row + i,
                skip + (slopes.getAtIndex(JAVA_FLOAT, row + i) * wx + offsets.getAtIndex(JAVA_FLOAT, row + i)));
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
    return primitives.maxAbsDifference(x, y, 0, count);
  }

  @Override
  public void addScaled(Buffer xB, float alpha, Buffer yB, Buffer outB, long count) {
    MemorySegment x = HostBuffer.segmentOf(xB);
    MemorySegment y = HostBuffer.segmentOf(yB);
    MemorySegment out = HostBuffer.segmentOf(outB);
    CpuParallel.forRange(count, Math.max(1, GRAIN_FLOPS), (from, to) -> {
      for (long i = from; i < to; i += Integer.MAX_VALUE) {
        int n = (int) Math.min(Integer.MAX_VALUE, to - i);
        if (!out.equals(x)) {
          MemorySegment.copy(x, i * Float.BYTES, out, i * Float.BYTES, (long) n * Float.BYTES);
        }
        primitives.axpy(alpha, y, i, out, i, n);
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
              float z = primitives.dot(weights, (l * w + i) * w, prev, prevRow, width)
                  + biases.getAtIndex(JAVA_FLOAT, l * w + i);
              float skip = residual ? prev.getAtIndex(JAVA_FLOAT, prevRow + i) : 0f;
              states.setAtIndex(JAVA_FLOAT, row + i, skip + (float) activation.apply(z));
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
          float z = primitives.dot(weights, (layer * w + i) * w, prev, prevBase + s * w, width)
              + biases.getAtIndex(JAVA_FLOAT, layer * w + i);
          float skip = residual ? prev.getAtIndex(JAVA_FLOAT, prevBase + r) : 0f;
          states.setAtIndex(JAVA_FLOAT, (layer * batch) * w + r, skip + (float) activation.apply(z));
        }
      });
    }
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
    MemorySegment.copy(g, 0, y, lastLayer * Float.BYTES, batch * w * Float.BYTES);
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * layers * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        for (long l = layers - 1; l >= 1; l--) {
          long row = (l * batch + s) * w;
          long prevRow = row - batch * w;
          // y_{l−1} = (residual ? y_l : 0) + W_lᵀ δ_l, δ_l = slopes_l ⊙ y_l: one axpy per row of W_l.
          if (residual) {
            MemorySegment.copy(y, row * Float.BYTES, y, prevRow * Float.BYTES, w * Float.BYTES);
          } else {
            y.asSlice(prevRow * Float.BYTES, w * Float.BYTES).fill((byte) 0);
          }
          for (long i = 0; i < w; i++) {
            float delta = slopes.getAtIndex(JAVA_FLOAT, row + i) * y.getAtIndex(JAVA_FLOAT, row + i);
            primitives.axpy(delta, weights, (l * w + i) * w, y, prevRow, width);
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
            primitives.axpy(delta, prev, prevRow, dWeights, (l * w + i) * w, width);
          }
        }
      }
    });
    // dInputs_s = (residual ? y_{0,s} : 0) + W_0ᵀ δ_{0,s}.
    CpuParallel.forRange(batch, Math.max(1, GRAIN_FLOPS / (2L * w * w)), (from, to) -> {
      for (long s = from; s < to; s++) {
        if (residual) {
          MemorySegment.copy(y, s * w * Float.BYTES, dInputs, s * w * Float.BYTES, w * Float.BYTES);
        } else {
          dInputs.asSlice(s * w * Float.BYTES, w * Float.BYTES).fill((byte) 0);
        }
        for (long i = 0; i < w; i++) {
          float delta = slopes.getAtIndex(JAVA_FLOAT, s * w + i) * y.getAtIndex(JAVA_FLOAT, s * w + i);
          primitives.axpy(delta, weights, i * w, dInputs, s * w, width);
        }
      }
    });
  }
}
