package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.pcr.TrainingKernels;
import java.lang.foreign.MemorySegment;

/**
 * The training kernels on the CPU, written once over {@link CpuPrimitives}: the SGD update is an axpy with
 * {@code −rate} (the primitives' axpy rounds the product before the sum on both sides, and {@code θ + (−r)·g} is
 * {@code θ − r·g} exactly, so this equals the plain Java loop bit for bit); the loss is one sequential pass in
 * double, in index order, as the array-form training loop computes it on the host.
 */
public final class CpuTrainingKernels implements TrainingKernels {
  /** Floats per axpy call: the primitive counts in int. */
  private static final int CHUNK = 1 << 20;

  private final CpuPrimitives primitives;

  public CpuTrainingKernels(CpuPrimitives primitives) {
    this.primitives = primitives;
  }

  @Override
  public void sgdUpdate(Buffer parametersB, Buffer gradientB, float rate, long count) {
    MemorySegment parameters = HostBuffer.segmentOf(parametersB);
    MemorySegment gradient = HostBuffer.segmentOf(gradientB);
    for (long done = 0; done < count; done += CHUNK) {
      primitives.axpy(-rate, gradient, done, parameters, done, (int) Math.min(CHUNK, count - done));
    }
  }

  @Override
  public double meanSquaredError(Buffer predictionsB, long predictionOffset, Buffer targetsB, Buffer gradientB,
      long count) {
    MemorySegment predictions = HostBuffer.segmentOf(predictionsB);
    MemorySegment targets = HostBuffer.segmentOf(targetsB);
    MemorySegment gradient = HostBuffer.segmentOf(gradientB);
    double n = count;
    double sum = 0;
    for (long i = 0; i < count; i++) {
      double d = (double) predictions.getAtIndex(JAVA_FLOAT, predictionOffset + i) - targets.getAtIndex(JAVA_FLOAT, i);
      sum += d * d;
      gradient.setAtIndex(JAVA_FLOAT, i, (float) (2 * d / n));
    }
    return sum / n;
  }

  @Override
  public boolean allFinite(Buffer xB, long count) {
    MemorySegment x = HostBuffer.segmentOf(xB);
    // max |x − x| is 0 for finite values and NaN otherwise: the primitives' residual loop is the detector
    return !Double.isNaN(primitives.maxAbsDifference(x, x, 0, count));
  }

  @Override
  public void fillZero(Buffer x, long count) {
    HostBuffer.segmentOf(x).asSlice(0, count * Float.BYTES).fill((byte) 0);
  }
}
