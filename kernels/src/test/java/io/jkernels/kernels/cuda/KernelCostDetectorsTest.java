package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import io.jkernels.kernels.cuda.KernelCostReport.KernelCost;
import io.jkernels.kernels.cuda.KernelCostReport.Race;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost model's detectors proven on broken kernels (src/test/cuda/emulator_selftest.cu, instrumented into
 * target/native/libjkernels_emu_selftest_cost.so): a missing barrier is reported as a race with both source lines,
 * a 32-way bank conflict and a column-walking load are measured as such, and their correct twins are clean. The
 * expected numbers follow from the compute capability 8.0/9.0 rules by hand, in the comments.
 */
class KernelCostDetectorsTest {
  private static final Path LIBRARY = Path.of("target/native/libjkernels_emu_selftest_cost.so");
  private static KernelCostMeter meter;

  @BeforeAll
  static void load() {
    Assumptions.assumeTrue(Files.exists(LIBRARY), "instrumented self-test library not built (no g++?)");
    meter = KernelCostMeter.load(LIBRARY);
  }

  /** One launch of kernel(in, out) with one block of `threads`; returns out (outLength floats) and its cost. */
  private static KernelCost launch(String kernel, float[] in, int outLength, int threads, int sharedBytes,
      float[] out) {
    CudaDriver d = meter.driver();
    long dIn = d.allocate(4L * in.length);
    long dOut = d.allocate(4L * outLength);
    try {
      d.copyToDevice(MemorySegment.ofArray(in), dIn, 4L * in.length);
      meter.reset();
      d.launch(kernel, Dim3.of(1), Dim3.of(threads), sharedBytes, KernelArgs.of().pointer(dIn).pointer(dOut));
      KernelCostReport report = meter.report();
      d.copyToHost(dOut, MemorySegment.ofArray(out), 4L * outLength);
      assertEquals(1, report.launches().size(), "one launch counted");
      return report.byKernel().get(kernel);
    } finally {
      d.free(dIn);
      d.free(dOut);
    }
  }

  /** The line number of the first line containing `statement` after the line declaring `kernel`. */
  private static int lineOf(String kernel, String statement) {
    try {
      List<String> lines = Files.readAllLines(Path.of("src/test/cuda/emulator_selftest.cu"));
      int start = 0;
      while (!lines.get(start).contains(" " + kernel + "(")) {
        start++;
      }
      for (int i = start; i < lines.size(); i++) {
        if (lines.get(i).contains(statement)) {
          return i + 1;
        }
      }
      throw new AssertionError(statement + " not found in " + kernel);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float[] iota(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  @Test
  void missingBarrierIsReportedAsARaceWithBothLines() {
    int n = 64;
    float[] out = new float[n];
    KernelCost broken = launch("selftest_rotate_missing_sync", iota(n), n, n, 0, out);
    assertFalse(broken.races().isEmpty(), "the race is found");
    Race r = broken.races().getFirst();
    assertEquals("shared", r.space());
    // Thread t reads the word thread t + 1 writes, with no barrier between: the write tile[t] = in[t] and the read
    // out[t] = tile[(t + 1) % n] of that kernel are both named.
    List<String> lines = List.of(r.first(), r.second());
    String write = "emulator_selftest.cu:" + lineOf("selftest_rotate_missing_sync", "tile[t] = in[t];");
    String read = "emulator_selftest.cu:" + lineOf("selftest_rotate_missing_sync", "out[t] = tile[(t + 1) % n];");
    assertTrue(lines.contains(write) && lines.contains(read), "both source lines (" + write + ", " + read
        + ") named: " + r);
    KernelCost ok = launch("selftest_rotate_ok", iota(n), n, n, 0, out);
    assertTrue(ok.races().isEmpty(), "the barrier orders them: " + ok.races());
  }

  @Test
  void bankConflictsAreMeasured() {
    float[] in = iota(1024);
    float[] out = new float[1024];
    KernelCost conflicted = launch("selftest_transpose_conflicted", in, 1024, 32, 0, out);
    float[] expected = new float[1024];
    for (int r = 0; r < 32; r++) {
      for (int t = 0; t < 32; t++) {
        expected[r * 32 + t] = in[t * 32 + r];
      }
    }
    assertArrayEquals(expected, out, "the broken kernel still transposes");
    // 32 row writes conflict-free (1 wavefront each) and 32 column reads of 32 words in one bank (32 each):
    // (32 + 32·32) / 64 = 16.5, worst 32-way.
    assertEquals(32, conflicted.maxWays());
    assertEquals(64, conflicted.sharedRequests());
    assertEquals(16.5, conflicted.conflictDegree(), 1e-12);
    KernelCost padded = launch("selftest_transpose_padded", in, 1024, 32, 0, out);
    assertArrayEquals(expected, out);
    assertEquals(1, padded.maxWays());
    assertEquals(1.0, padded.conflictDegree(), 1e-12);
    assertTrue(padded.races().isEmpty() && conflicted.races().isEmpty());
  }

  @Test
  void uncoalescedLoadsAreMeasured() {
    float[] in = iota(1024);
    float[] out = new float[1024];
    KernelCost strided = launch("selftest_transpose_strided", in, 1024, 32, 0, out);
    // 32 load requests of 32 lanes 128 bytes apart: 32 sectors each; 32 store requests of 128 contiguous bytes: 4.
    assertEquals(64, strided.globalRequests());
    assertEquals(32 * 32 + 32 * 4, strided.globalSectors());
    assertEquals((2 * 4096.0) / (32 * (32 * 32 + 32 * 4)), strided.coalescing(), 1e-12);
    // Both arrays are touched once in distinct bytes: 4 KiB each.
    assertEquals(8192, strided.dramBytes());
    KernelCost padded = launch("selftest_transpose_padded", in, 1024, 32, 0, out);
    assertEquals(1.0, padded.coalescing(), 1e-12);
    assertEquals(4.0, padded.sectorsPerRequest(), 1e-12);
    assertEquals(8192, padded.dramBytes());
    assertEquals(1, padded.barriers(), "one __syncthreads instance in one block");
  }

  @Test
  void collectivesAndAtomicsAreCounted() {
    int n = 96;
    float[] out = new float[n];
    KernelCost sum = launch("selftest_warp_sum_ok", iota(n), n, n, 0, out);
    // 5 butterfly steps per warp, 3 warps.
    assertEquals(15, sum.shuffles());
    assertTrue(sum.races().isEmpty(), sum.races().toString());
  }

  @Test
  void floorsAreReadFromTheKernelComments() {
    assertEquals("coalescing>=0.99 conflict<=1.0", meter.floors().get("selftest_transpose_padded"));
    assertEquals("", meter.floors().get("selftest_transpose_conflicted"));
    KernelCostFloor floor = KernelCostFloor.parse("selftest_transpose_padded",
        meter.floors().get("selftest_transpose_padded"));
    float[] in = iota(1024);
    float[] out = new float[1024];
    assertTrue(floor.violations(launch("selftest_transpose_padded", in, 1024, 32, 0, out)).isEmpty());
    List<String> broken = floor.violations(launch("selftest_transpose_conflicted", in, 1024, 32, 0, out));
    assertEquals(1, broken.size(), broken.toString());
    assertEquals(2, floor.violations(launch("selftest_transpose_strided", in, 1024, 32, 0, out)).size() + 1,
        "the strided twin breaks the coalescing floor (and has no shared memory to conflict on)");
  }
}
