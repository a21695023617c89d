package io.jkernels.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the transport API: IllegalArgumentException naming the argument and the expected shape (and for
 * null, as in every family, NullPointerException naming the argument), thrown before anything is written (the
 * output is compared bit for bit with its value before the call). On every CPU backend and on the CUDA kernels under
 * the emulated driver when its library was built.
 */
class TransportBadInputTest {
  // Opened once, closed after all tests (autoCloseArguments = false: JUnit would otherwise close each after use).
  private static final List<KernelContext> CONTEXTS = contextsToTest();

  private static List<KernelContext> contextsToTest() {
    List<KernelContext> list = new java.util.ArrayList<>(Kernels.available().stream()
        .filter(b -> b != Backend.CUDA).map(Kernels::open).toList());
    if (io.jkernels.kernels.cuda.EmulatedCuda.unavailabilityCause().isEmpty()) {
      list.add(new io.jkernels.internal.BackendContext(Backend.CUDA,
          io.jkernels.kernels.cuda.EmulatedCuda.openBackend()));
    }
    return list;
  }

  static Stream<KernelContext> contexts() {
    return CONTEXTS.stream();
  }

  @AfterAll
  static void close() {
    CONTEXTS.forEach(KernelContext::close);
  }

  private static final TransportMap MAP3 = TransportMap.of(new float[] {2, 3, 4}, new float[] {1, 1, 1},
      new float[] {-5, -5, -5}, new float[] {5, 5, 5});

  private static void rejects(Executable call, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), () -> "message '" + e.getMessage() + "' should mention '" + m + "'");
    }
  }

  /** Null is a NullPointerException whose message is the argument's name (Objects.requireNonNull's). */
  private static void rejectsNull(Executable call, String name) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(name, e.getMessage());
  }

  private static float[] data(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i * 0.25f - 1;
    }
    return x;
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void applyRejectsBadArgumentsAndLeavesXUntouched(KernelContext ctx) {
    Transport t = ctx.transport();
    float[] x = data(12);
    float[] before = x.clone();
    rejectsNull(() -> t.apply(null, x, 4, 1f, Support.EVERYWHERE), "map");
    rejectsNull(() -> t.apply(MAP3, (float[]) null, 4, 1f, Support.EVERYWHERE), "x");
    rejectsNull(() -> t.apply(MAP3, (FloatArray) null, 4L, 1f, Support.EVERYWHERE), "x");
    rejectsNull(() -> t.apply(MAP3, x, 4, 1f, null), "support");
    rejects(() -> t.apply(MAP3, x, 5, 1f, Support.EVERYWHERE), "x", "rows×channels", "5×3", "12");
    rejects(() -> t.apply(MAP3, x, -1, 1f, Support.EVERYWHERE), "rows", ">= 0");
    TransportMap map4 = TransportMap.identity(4);
    rejects(() -> t.apply(map4, x, 4, 1f, Support.EVERYWHERE), "x", "4×4", "channels");
    rejects(() -> t.apply(MAP3, x, 4, Float.NaN, Support.EVERYWHERE), "strength", "finite");
    rejects(() -> t.apply(MAP3, x, 4, Float.POSITIVE_INFINITY, Support.SOURCE_RANGE), "strength");
    // A bad shape is rejected even at strength 0.
    rejects(() -> t.apply(MAP3, x, 3, 0f, Support.EVERYWHERE), "x");
    assertArrayEquals(before, x);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void residentApplyRejectsBadArguments(KernelContext ctx) {
    float[] x = data(12);
    try (FloatArray resident = ctx.upload(x); KernelContext other = Kernels.open(Backend.SCALAR);
        FloatArray foreign = other.upload(x)) {
      rejects(() -> ctx.transport().apply(MAP3, resident, 5L, 1f, Support.EVERYWHERE), "x", "5×3");
      rejects(() -> ctx.transport().apply(MAP3, resident, 4L, Float.NEGATIVE_INFINITY, Support.EVERYWHERE),
          "strength");
      rejects(() -> ctx.transport().apply(MAP3, foreign, 4L, 1f, Support.EVERYWHERE), "x", "another");
      assertArrayEquals(x, resident.toArray());
      assertArrayEquals(x, foreign.toArray());
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void fitRejectsBadSamples(KernelContext ctx) {
    float[] a = data(12);
    float[] b = data(9);
    rejects(() -> LinearTransport.fit(ctx, a, b, 0), "channels", "> 0");
    rejects(() -> LinearTransport.fit(ctx, a, b, -3), "channels");
    rejects(() -> LinearTransport.fit(ctx, a, b, 5), "source", "multiple of 5", "12");
    rejects(() -> LinearTransport.fit(ctx, a, data(10), 3), "target", "multiple of 3", "10");
    rejects(() -> LinearTransport.fit(ctx, new float[0], b, 3), "source", "at least one row");
    rejects(() -> LinearTransport.fit(ctx, a, new float[0], 3), "target", "at least one row");
    rejectsNull(() -> LinearTransport.fit(ctx, null, b, 3), "source");
    rejectsNull(() -> LinearTransport.fit(ctx, a, (float[]) null, 3), "target");
    rejectsNull(() -> LinearTransport.fit(null, a, b, 3), "context");
    rejectsNull(() -> LinearTransport.fit(ctx, (FloatArray) null, null, 3), "source");
    float[] nan = a.clone();
    nan[2 * 3 + 1] = Float.NaN;
    rejects(() -> LinearTransport.fit(ctx, nan, b, 3), "source", "row 2", "channel 1", "NaN");
    float[] inf = b.clone();
    inf[2] = Float.NEGATIVE_INFINITY;
    rejects(() -> LinearTransport.fit(ctx, a, inf, 3), "target", "row 0", "channel 2", "Infinity");
    try (FloatArray ra = ctx.upload(nan); FloatArray rb = ctx.upload(b); KernelContext other = Kernels.open(
        Backend.SCALAR); FloatArray foreign = other.upload(b)) {
      rejects(() -> LinearTransport.fit(ctx, ra, rb, 3), "source", "row 2", "channel 1");
      rejects(() -> LinearTransport.fit(ctx, ra, rb, 5), "source", "multiple of 5");
      rejects(() -> LinearTransport.fit(ctx, rb, foreign, 3), "target", "another");
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void estimatorRejectsBadBatchesAndStaysUnchanged(KernelContext ctx) {
    rejects(() -> new LinearTransportEstimator(ctx, 0), "channels");
    try (LinearTransportEstimator e = new LinearTransportEstimator(ctx, 3)) {
      rejects(e::fit, "source", "none was added");
      e.addSource(data(9));
      e.addTarget(data(6));
      TransportMap before = e.fit();
      rejects(() -> e.addSource(data(4)), "source batch", "multiple of 3", "4");
      rejectsNull(() -> e.addTarget((float[]) null), "target batch");
      rejectsNull(() -> e.addSource((FloatArray) null), "source batch");
      float[] bad = data(6);
      bad[4] = Float.NaN;
      // Rows are numbered across batches: 3 rows came before, so local row 1 is row 4.
      rejects(() -> e.addSource(bad), "source", "row 4", "channel 1");
      try (FloatArray resident = ctx.upload(bad)) {
        rejects(() -> e.addTarget(resident), "target", "row 3", "channel 1");
      }
      assertEquals(3, e.sourceRows());
      assertEquals(2, e.targetRows());
      assertEquals(before, e.fit());
    }
    LinearTransportEstimator closed = new LinearTransportEstimator(ctx, 2);
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.addSource(new float[2]));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void emptyBatchesAreNoOps(KernelContext ctx) {
    try (LinearTransportEstimator e = new LinearTransportEstimator(ctx, 3);
        FloatArray empty = ctx.allocate(0)) {
      e.addSource(new float[0]);
      e.addTarget(empty);
      e.addSource(empty);
      assertEquals(0, e.sourceRows());
      assertEquals(0, e.targetRows());
      e.addSource(data(9));
      e.addTarget(data(6));
      e.addTarget(new float[0]);
      assertEquals(3, e.sourceRows());
      assertEquals(2, e.targetRows());
      assertEquals(LinearTransport.fit(ctx, data(9), data(6), 3), e.fit());
    }
  }

  @Test
  void mapFactoriesRejectBadShapes() {
    rejects(() -> TransportMap.of(new float[2], new float[3], new float[2], new float[2]), "beta", "channels=2");
    rejects(() -> TransportMap.of(new float[0], new float[0], new float[0], new float[0]), "omega", "at least one");
    rejects(() -> TransportMap.of(new float[] {Float.NaN}, new float[1], new float[1], new float[1]), "omega",
        "finite");
    // min > max is an empty support (a strict band of a constant channel); NaN ends are refused.
    rejects(() -> TransportMap.of(new float[1], new float[1], new float[] {Float.NaN}, new float[] {1}), "supportMin",
        "channel 0");
    rejects(() -> TransportMap.affine(new float[2], new float[1]), "beta");
    rejects(() -> TransportMap.meanShift(new float[2], new float[3]), "targetMean");
    rejects(() -> TransportMap.detZero(3, new int[] {3}), "units", "[0, 3)");
    rejects(() -> TransportMap.identity(0), "channels");
    rejects(() -> TransportMap.of(new float[3], new float[3], new float[3], new float[3], new int[] {2, 0, 0}),
        "degenerateChannels", "ascending");
    rejects(() -> TransportMap.of(new float[3], new float[3], new float[3], new float[3], new int[] {1, 1}),
        "ascending");
    rejectsNull(() -> TransportMap.of(new float[1], new float[1], new float[1], new float[1], null),
        "degenerateChannels");
    rejectsNull(() -> TransportMap.load(null), "path");
    rejectsNull(() -> TransportMap.affine(null, new float[1]), "omega");
    rejectsNull(() -> TransportMap.detZero(2, null), "units");
  }

  @Test
  void accessorsReturnCopies() {
    float[] omega = {1, 2};
    TransportMap map = TransportMap.affine(omega, new float[2]);
    omega[0] = 9;
    map.omega()[1] = 9;
    assertArrayEquals(new float[] {1, 2}, map.omega());
    assertEquals(Float.NEGATIVE_INFINITY, map.supportMin()[0]);
  }
}
