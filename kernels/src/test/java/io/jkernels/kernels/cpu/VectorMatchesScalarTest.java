package io.jkernels.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.scalar.ScalarPrimitives;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one "vector equals scalar" harness (Lucene's habit): every vector body against the scalar one on fresh random
 * data at sizes around the vector boundaries (below, at and past one, two, several vectors; primes), for whatever
 * width this JVM's species has. The kernels module runs this class again with {@code -Djkernels.vector.bits=128}
 * and {@code =256} (surefire executions {@code vector-128-bits}, {@code vector-256-bits}), so the vector bodies are
 * proven at three widths on an AVX-512 machine. Elementwise kernels must agree bit for bit (no FMA on either side);
 * reductions (dot) differ in summation order only and are held to a bound on float32 rounding.
 */
class VectorMatchesScalarTest {
  static final int[] SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 16, 17, 25, 31, 32, 33, 63, 64, 65, 100, 128, 207,
      255, 256, 257, 1023, 1025};

  private static KernelBackend scalar;
  private static KernelBackend vector;
  private static CpuPrimitives vectorPrimitives;

  @BeforeAll
  static void backends() {
    var cause = Backends.provider("vector").unavailabilityCause();
    Assumptions.assumeTrue(cause.isEmpty(), () -> "no vector backend here: " + cause.orElse(""));
    scalar = Backends.provider("scalar").create();
    vector = Backends.provider("vector").create();
    vectorPrimitives = ((CpuBackend) vector).primitives();
  }

  @AfterAll
  static void close() {
    if (vector != null) {
      vector.close();
      scalar.close();
    }
  }

  @Test
  void theForcedWidthIsTheWidthInUse() {
    String forced = System.getProperty("jkernels.vector.bits");
    Assumptions.assumeTrue(forced != null && !forced.isBlank(), "no width forced in this run");
    assertEquals(Integer.parseInt(forced.trim()), vectorPrimitives.vectorBitSize());
  }

  private static float[] random(SplittableRandom r, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextDouble(lo, hi);
    }
    return v;
  }

  private static void assertBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      int at = i;
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          () -> what + ", element " + at + ": scalar " + expected[at] + ", vector " + actual[at] + " ("
              + vectorPrimitives.vectorBitSize() + "-bit vectors)");
    }
  }

  /** Runs {@code kernel} on a copy of {@code output} for both backends, as heap views, and compares the bits. */
  private static void sameBits(float[] output, String what, KernelRun kernel) {
    float[] a = output.clone();
    float[] b = output.clone();
    kernel.run(scalar, a);
    kernel.run(vector, b);
    assertBits(a, b, what);
  }

  @FunctionalInterface
  private interface KernelRun {
    void run(KernelBackend backend, float[] out);
  }

  /** The inputs bound to {@code backend} for one call (CPU bindings are views: nothing to read back). */
  private static void with(KernelBackend backend, float[][] inputs, Consumer<Buffer[]> body) {
    Buffer[] bound = new Buffer[inputs.length];
    try {
      for (int i = 0; i < inputs.length; i++) {
        bound[i] = backend.bindArray(inputs[i]);
      }
      body.accept(bound);
    } finally {
      for (Buffer b : bound) {
        if (b != null) {
          b.close();
        }
      }
    }
  }

  // ---- primitives ----------------------------------------------------------------------------------------------

  @Test
  void elementwisePrimitivesGiveTheScalarBits() {
    SplittableRandom r = new SplittableRandom(1);
    CpuPrimitives s = ScalarPrimitives.INSTANCE;
    for (int n : SIZES) {
      // odd offsets: the vector loops must not assume aligned starts
      int off = 3;
      float[] x = random(r, n + off, -2, 2);
      float[] y = random(r, n + off, -2, 2);
      float[] z = random(r, n + off, -2, 2);
      float alpha = (float) r.nextDouble(-2, 2);
      MemorySegment xs = MemorySegment.ofArray(x);
      MemorySegment ys = MemorySegment.ofArray(y);
      MemorySegment zs = MemorySegment.ofArray(z);
      float[] a = y.clone();
      float[] b = y.clone();
      s.axpy(alpha, xs, off, MemorySegment.ofArray(a), off, n);
      vectorPrimitives.axpy(alpha, xs, off, MemorySegment.ofArray(b), off, n);
      assertBits(a, b, "axpy n=" + n);
      a = new float[n + off];
      b = new float[n + off];
      s.scale(alpha, xs, off, MemorySegment.ofArray(a), 0, n);
      vectorPrimitives.scale(alpha, xs, off, MemorySegment.ofArray(b), 0, n);
      assertBits(a, b, "scale n=" + n);
      s.multiplyAdd(xs, off, ys, off, zs, 0, MemorySegment.ofArray(a), 1, n);
      vectorPrimitives.multiplyAdd(xs, off, ys, off, zs, 0, MemorySegment.ofArray(b), 1, n);
      assertBits(a, b, "multiplyAdd n=" + n);
      assertEquals(s.maxAbsDifference(xs, ys, off, off + n), vectorPrimitives.maxAbsDifference(xs, ys, off, off + n),
          "maxAbsDifference n=" + n);
      float[] poisoned = y.clone();
      poisoned[off + r.nextInt(n)] = r.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
      assertTrue(Double.isNaN(vectorPrimitives.maxAbsDifference(xs, MemorySegment.ofArray(poisoned), off, off + n)),
          "maxAbsDifference flags a non-finite entry, n=" + n);
      // dot: float32 sums in different orders; each ordering errs by at most ~n·ε·Σ|x·y| (ε = 2^-24)
      double exact = 0;
      double magnitude = 0;
      for (int k = 0; k < n; k++) {
        exact += (double) x[off + k] * y[off + k];
        magnitude += Math.abs((double) x[off + k] * y[off + k]);
      }
      double bound = 2 * n * 0x1p-24 * magnitude + Double.MIN_NORMAL;
      assertEquals(exact, s.dot(xs, off, ys, off, n), bound, "scalar dot n=" + n);
      assertEquals(exact, vectorPrimitives.dot(xs, off, ys, off, n), bound, "vector dot n=" + n);
    }
  }

  // ---- family bodies -------------------------------------------------------------------------------------------

  @Test
  void transportApplyGivesTheScalarBitsInBothModes() {
    SplittableRandom r = new SplittableRandom(2);
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f};
    for (int channels : SIZES) {
      float[] omega = random(r, channels, -2, 2);
      float[] beta = random(r, channels, -1, 1);
      float[] min = random(r, channels, -2, 0);
      float[] max = random(r, channels, 0, 2);
      for (int rows : new int[] {1, 3, 17}) {
        float[] x = random(r, rows * channels, -3, 3);
        for (int i = 0; i < x.length; i++) {
          int c = i % channels;
          // exactly on the support's bounds and one ulp outside: where a wrong comparison shows
          switch (i % 7) {
            case 0 -> x[i] = special[r.nextInt(special.length)];
            case 2 -> x[i] = r.nextBoolean() ? min[c] : max[c];
            case 4 -> x[i] = r.nextBoolean() ? Math.nextDown(min[c]) : Math.nextUp(max[c]);
            default -> { }
          }
        }
        float lambda = (float) r.nextDouble(-1, 2);
        for (boolean everywhere : new boolean[] {false, true}) {
          sameBits(x, "apply rows=" + rows + " channels=" + channels + " everywhere=" + everywhere,
              (kb, out) -> with(kb, new float[][] {out, omega, beta, min, max}, b -> kb.transport()
                  .apply(b[0], rows, channels, b[1], b[2], b[3], b[4], lambda, everywhere)));
        }
      }
    }
  }

  @Test
  void tridiagonalSweepGivesTheScalarBits() {
    SplittableRandom r = new SplittableRandom(3);
    for (int size : new int[] {1, 2, 7, 16, 64, 129}) {
      for (int batch : new int[] {1, 4, 15, 16, 17, 37, 100}) {
        int n = size * batch;
        float[] l = random(r, n, -1, 1);
        float[] u = random(r, n, -1, 1);
        float[] d = random(r, n, -1, 1);
        float[] rhs = random(r, n, -1, 1);
        for (int i = 0; i < n; i++) {
          // dominant on most systems; every fifth stays non-dominant (the pivoting path), one is poisoned
          d[i] = (i / size) % 5 == 0 ? d[i] : 2.5f + d[i];
        }
        if (batch > 2) {
          rhs[size * (batch / 2)] = Float.NaN;
        }
        sameBits(new float[n], "tridiagonal size=" + size + " batch=" + batch,
            (kb, out) -> with(kb, new float[][] {l, d, u, rhs, out}, b -> assertEquals(-1,
                kb.pcr().solveTridiagonal(b[0], b[1], b[2], b[3], b[4], size, batch))));
        // the same from off-heap buffers (the resident API), which the sweep reads element by element
        float[] a = solveOffHeap(scalar, l, d, u, rhs, size, batch);
        float[] v = solveOffHeap(vector, l, d, u, rhs, size, batch);
        assertBits(a, v, "tridiagonal off-heap size=" + size + " batch=" + batch);
      }
    }
  }

  private static float[] solveOffHeap(KernelBackend kb, float[] l, float[] d, float[] u, float[] rhs, int size,
      int batch) {
    int n = size * batch;
    float[] x = new float[n];
    try (Buffer lb = kb.allocate(n);
        Buffer db = kb.allocate(n);
        Buffer ub = kb.allocate(n);
        Buffer rb = kb.allocate(n);
        Buffer xb = kb.allocate(n)) {
      lb.write(0, l, 0, n);
      db.write(0, d, 0, n);
      ub.write(0, u, 0, n);
      rb.write(0, rhs, 0, n);
      assertEquals(-1, kb.pcr().solveTridiagonal(lb, db, ub, rb, xb, size, batch));
      xb.read(0, x, 0, n);
    }
    return x;
  }

  @Test
  void diagonalRecurrencesGiveTheScalarBits() {
    SplittableRandom r = new SplittableRandom(4);
    for (int width : SIZES) {
      for (int steps : new int[] {1, 2, 9}) {
        float[] a = random(r, steps * width, -1, 1);
        float[] b = random(r, steps * width, -1, 1);
        float[] x0 = random(r, width, -1, 1);
        sameBits(new float[steps * width], "diagonal recurrence steps=" + steps + " width=" + width,
            (kb, out) -> with(kb, new float[][] {a, b, x0, out},
                buf -> kb.pcr().diagonalRecurrence(buf[0], buf[1], buf[2], buf[3], steps, width)));
        sameBits(new float[steps * width], "diagonal adjoint steps=" + steps + " width=" + width,
            (kb, out) -> with(kb, new float[][] {a, b, out},
                buf -> kb.pcr().diagonalRecurrenceAdjoint(buf[0], buf[1], buf[2], steps, width)));
      }
    }
  }
}
