package io.jkernels.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes moved to and from memory, as a JMH secondary result: a benchmark that takes a {@code Traffic} parameter and
 * adds the bytes each invocation reads plus writes gets a "bytes" result in bytes per second, which
 * {@code jkernels bench} shows as GB/s beside the memory-bandwidth ceiling ({@link MemoryBandwidthBenchmark}).
 * Every memory-bound kernel benchmark should count its traffic this way.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Traffic {
  /** Bytes read plus written so far in this iteration. */
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
