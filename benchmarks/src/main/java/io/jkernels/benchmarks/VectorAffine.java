package io.jkernels.benchmarks;

import io.jkernels.kernels.vector.VectorPrimitives;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The in-place affine ceiling body with the Vector API (loaded only when the module is present): the kernels'
 * species ({@link VectorPrimitives#SPECIES}), loopBound plus a scalar tail. Memory-bound, so one accumulator-free
 * pass is all it needs.
 */
final class VectorAffine implements MemoryBandwidthBenchmark.AffineBody {
  private static final VectorSpecies<Float> SPECIES = VectorPrimitives.SPECIES;

  @Override
  public void run(MemorySegment x, long from, long to, float a, float b) {
    long i = from;
    long bound = from + SPECIES.loopBound(to - from);
    FloatVector va = FloatVector.broadcast(SPECIES, a);
    FloatVector vb = FloatVector.broadcast(SPECIES, b);
    for (; i < bound; i += SPECIES.length()) {
      long off = i * Float.BYTES;
      FloatVector.fromMemorySegment(SPECIES, x, off, ByteOrder.nativeOrder()).fma(va, vb)
          .intoMemorySegment(x, off, ByteOrder.nativeOrder());
    }
    for (; i < to; i++) {
      x.setAtIndex(ValueLayout.JAVA_FLOAT, i, a * x.getAtIndex(ValueLayout.JAVA_FLOAT, i) + b);
    }
  }
}
