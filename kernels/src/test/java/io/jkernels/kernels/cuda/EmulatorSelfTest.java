package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * Negative tests of the emulator itself (src/test/cuda/emulator_selftest.cu, built by the Makefile into
 * target/native): a kernel missing a __syncthreads, one with an off-by-one shuffle and one reading shared memory
 * nothing wrote must each give a wrong answer, while their correct twins give the right one.
 */
class EmulatorSelfTest {
  private static final Path LIBRARY = Path.of("target/native/libjkernels_emu_selftest.so");
  private static CudaDriver driver;

  @BeforeAll
  static void load() {
    Assumptions.assumeTrue(Files.exists(LIBRARY), "emulator self-test library not built (no g++?)");
    driver = EmulatedRawDriver.load(LIBRARY);
  }

  private static float[] run(String kernel, float[] in, int sharedBytes) {
    int n = in.length;
    long dIn = driver.allocate(4L * n);
    long dOut = driver.allocate(4L * n);
    try {
      driver.copyToDevice(MemorySegment.ofArray(in), dIn, 4L * n);
      driver.launch(kernel, Dim3.of(1), Dim3.of(n), sharedBytes, KernelArgs.of().pointer(dIn).pointer(dOut));
      float[] out = new float[n];
      driver.copyToHost(dOut, MemorySegment.ofArray(out), 4L * n);
      return out;
    } finally {
      driver.free(dIn);
      driver.free(dOut);
    }
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextInt(-8, 9); // small integers: sums are exact in any order
    }
    return a;
  }

  @Test
  void missingSyncthreadsIsCaught() {
    for (int n : new int[] {2, 33, 256}) {
      float[] in = random(n, n);
      float[] expected = new float[n];
      for (int t = 0; t < n; t++) {
        expected[t] = in[(t + 1) % n];
      }
      assertArrayEquals(expected, run("selftest_rotate_ok", in, 0), "correct twin, n=" + n);
      assertFalse(Arrays.equals(expected, run("selftest_rotate_missing_sync", in, 0)), "broken twin, n=" + n);
    }
  }

  @Test
  void offByOneShuffleIsCaught() {
    for (int n : new int[] {32, 96}) {
      float[] in = random(n, 7 * n);
      float[] expected = new float[n];
      float[] scan = new float[n];
      for (int t = 0; t < n; t++) {
        int w = t & ~31;
        for (int l = 0; l < 32; l++) {
          expected[t] += in[w + l];
        }
        for (int l = w; l <= t; l++) {
          scan[t] += in[l];
        }
      }
      assertArrayEquals(expected, run("selftest_warp_sum_ok", in, 0));
      assertArrayEquals(scan, run("selftest_warp_scan_ok", in, 0));
      assertFalse(Arrays.equals(expected, run("selftest_warp_sum_off_by_one", in, 0)));
    }
  }

  @Test
  void readOfUnwrittenSharedMemoryIsCaught() {
    int n = 64;
    float[] in = random(n, 11);
    float[] expected = new float[n];
    for (int t = 0; t < n; t++) {
      expected[t] = in[t] + in[t ^ 1];
    }
    assertArrayEquals(expected, run("selftest_pairs_ok", in, 4 * n));
    // The launch asks for room for 2n floats and writes n: the last thread reads a slot inside the block's shared
    // memory that nothing wrote.
    float[] broken = run("selftest_pairs_unwritten", in, 8 * n);
    assertTrue(Float.isNaN(broken[n - 1]), "the poisoned slot shows up as NaN, got " + broken[n - 1]);
  }

  @Test
  void barrierVotesSurviveTheirBarrier() {
    for (int n : new int[] {3, 64, 200}) {
      float[] in = random(n, 3 * n);
      int positive = 0;
      boolean negative = false;
      for (float v : in) {
        positive += v > 0 ? 1 : 0;
        negative |= v < 0;
      }
      float[] out = run("selftest_votes_ok", in, 0);
      assertEquals(positive, out[0], "__syncthreads_count, n=" + n);
      assertEquals(negative ? 1 : 0, out[1], "__syncthreads_or, n=" + n);
      assertEquals(1, out[2], "__syncthreads_and, n=" + n);
    }
  }

  @Test
  void atomicsAndBallots() {
    int n = 128;
    float[] in = random(n, 5);
    long dIn = driver.allocate(4L * n);
    long dOut = driver.allocate(8);
    long dCount = driver.allocate(4);
    try {
      driver.copyToDevice(MemorySegment.ofArray(in), dIn, 4L * n);
      driver.launch("selftest_atomics_ok", Dim3.of(1), Dim3.of(n), 0,
          KernelArgs.of().pointer(dIn).pointer(dOut).pointer(dCount));
      float[] out = new float[2];
      driver.copyToHost(dOut, MemorySegment.ofArray(out), 8);
      float sum = 0;
      int positive = 0;
      for (float v : in) {
        sum += v;
        positive += v > 0 ? 1 : 0;
      }
      assertEquals(sum, out[0]);
      assertEquals(positive, out[1]);
    } finally {
      driver.free(dIn);
      driver.free(dOut);
      driver.free(dCount);
    }
  }

  @Test
  void dynamicSharedMemoryWithoutRequestFailsCleanly() {
    KernelException e = assertThrows(KernelException.class, () -> run("selftest_pairs_ok", new float[32], 0));
    assertTrue(e.getMessage().contains("CUDA_ERROR_LAUNCH_FAILED"), e.getMessage());
    // The driver stays usable afterwards.
    assertArrayEquals(new float[] {3, 3}, run("selftest_pairs_ok", new float[] {1, 2}, 8));
  }

  @Test
  void copiesAndArgumentsOutsideAllocationsAreRefused() {
    long d = driver.allocate(16);
    try {
      float[] host = new float[8];
      assertThrows(KernelException.class, () -> driver.copyToDevice(MemorySegment.ofArray(host), d, 32));
      assertThrows(KernelException.class, () -> driver.copyToHost(d + 8, MemorySegment.ofArray(host), 16));
      assertThrows(KernelException.class, () -> driver.launch("selftest_rotate_ok", Dim3.of(1), Dim3.of(4), 0,
          KernelArgs.of().pointer(d).pointer(12345)));
      assertThrows(KernelException.class, () -> driver.launch("no_such_kernel", Dim3.of(1), Dim3.of(4), 0,
          KernelArgs.of()));
      // The checked layer's bounds guard: a pointer's extent must lie inside its allocation, before any launch.
      KernelException extent = assertThrows(KernelException.class, () -> driver.launch("selftest_rotate_ok",
          Dim3.of(1), Dim3.of(4), 0, KernelArgs.of().pointer(d, 16).pointer(d + 4, 16)));
      assertTrue(extent.getMessage().contains("argument 1"), extent.getMessage());
      assertThrows(KernelException.class, () -> driver.launch("selftest_rotate_ok", new Dim3(1, 65536, 1),
          Dim3.of(4), 0, KernelArgs.of().pointer(d, 16).pointer(d, 16)));
      assertThrows(KernelException.class, () -> driver.launch("selftest_rotate_ok", Dim3.of(1), Dim3.of(1025), 0,
          KernelArgs.of().pointer(d, 16).pointer(d, 16)));
      assertThrows(KernelException.class, () -> driver.memset(d + 8, (byte) 0, 9));
      float[] fresh = new float[4];
      driver.copyToHost(d, MemorySegment.ofArray(fresh), 16);
      assertTrue(Float.isNaN(fresh[0]), "fresh device memory is poisoned");
    } finally {
      driver.free(d);
    }
    assertThrows(KernelException.class, () -> driver.free(d));
  }
}
