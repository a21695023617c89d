package io.jkernels.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CpuParallelTest {
  @Test
  void everyItemRunsExactlyOnce() {
    for (long count : new long[] {0, 1, 2, 7, 1009, 100_003}) {
      AtomicIntegerArray seen = new AtomicIntegerArray((int) count);
      CpuParallel.forRange(count, 1, (from, to) -> {
        for (long i = from; i < to; i++) {
          seen.incrementAndGet((int) i);
        }
      });
      for (int i = 0; i < count; i++) {
        assertEquals(1, seen.get(i), "item " + i + " of " + count);
      }
    }
  }

  @Test
  void aFailureInAnyChunkReachesTheCaller() {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> CpuParallel.forRange(1000, 1, (from, to) -> {
          if (to == 1000) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
  }

  /** A common pool of parallelism 0 has no worker to run a submitted task: the call must still finish. */
  @Test
  void finishesWhenTheCommonPoolHasNoWorkers() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0",
        "-cp", System.getProperty("java.class.path"), ZeroPoolMain.class.getName()))
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(done, "forRange hung with a zero-parallelism common pool");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("sum 4999950000"), out);
  }

  /** Runs one split range in a JVM whose common pool has parallelism 0. */
  public static final class ZeroPoolMain {
    public static void main(String[] args) {
      java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
      CpuParallel.forRange(100_000, 1, (from, to) -> {
        long s = 0;
        for (long i = from; i < to; i++) {
          s += i;
        }
        sum.addAndGet(s);
      });
      System.out.println("threads " + CpuParallel.threads() + " sum " + sum.get());
    }
  }
}
