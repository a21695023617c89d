package io.jkernels.pcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.cuda.EmulatedCuda;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resident MLP calls against the array forms on the same backend (scalar, vector, emulated CUDA): the same
 * kernels on the same values, so the states and gradients are bit for bit the array forms' (to a rounding on VECTOR,
 * see {@link #exact}) and the SGD update and the loss gradient are the Java loop's; the loss is the host's double sum (bit for bit on the CPU, to the last bits on CUDA, whose sum is
 * a tree). Bad input (another context's arrays or network, closed ones, wrong lengths, aliasing, NaN) is refused
 * before anything is written.
 */
class ResidentMlpTest {
  private static final List<KernelContext> CONTEXTS = new ArrayList<>();

  static {
    CONTEXTS.add(Kernels.open(Backend.SCALAR));
    if (Kernels.available().contains(Backend.VECTOR)) {
      CONTEXTS.add(Kernels.open(Backend.VECTOR));
    }
    if (EmulatedCuda.unavailabilityCause().isEmpty()) {
      CONTEXTS.add(new BackendContext(Backend.CUDA, EmulatedCuda.openBackend()));
    }
  }

  static Stream<KernelContext> contexts() {
    return CONTEXTS.stream();
  }

  @AfterAll
  static void close() {
    CONTEXTS.forEach(KernelContext::close);
  }

  private static float[] data(Random r, int n, float scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (scale * (2 * r.nextDouble() - 1));
    }
    return x;
  }

  /** Width 7 and batch 5 (vector tails), 6 layers of a contracting tanh net. */
  private static final int LAYERS = 6, WIDTH = 7, BATCH = 5;

  private static Mlp mlp(Random r) {
    return Mlp.of(Activation.TANH, LAYERS, WIDTH, data(r, LAYERS * WIDTH * WIDTH, 0.9f / WIDTH * 2),
        data(r, LAYERS * WIDTH, 0.5f));
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void residentCallsEqualTheArrayForms(KernelContext ctx) {
    Random r = new Random(13);
    residentCallsEqualTheArrayForms(ctx, mlp(r), r);
    // residual blocks x_l = x_{l-1} + act(W_l x_{l-1} + c_l): the kind travels with the resident network
    Mlp plain = mlp(r);
    residentCallsEqualTheArrayForms(ctx, Mlp.residual(Activation.GELU, LAYERS, WIDTH, plain.weights(),
        plain.biases()), r);
  }

  private static void residentCallsEqualTheArrayForms(KernelContext ctx, Mlp mlp, Random r) {
    Pcr pcr = ctx.pcr();
    float[] in = data(r, BATCH * WIDTH, 1);
    float[] targets = data(r, BATCH * WIDTH, 0.5f);
    int n = LAYERS * BATCH * WIDTH;
    try (ResidentMlp net = pcr.upload(mlp);
        FloatArray inputs = ctx.upload(in);
        FloatArray t = ctx.upload(targets);
        // garbage in the outputs: Newton starts from zero states whatever the array held
        FloatArray states = ctx.upload(data(r, n, 100));
        FloatArray g = ctx.allocate(BATCH * WIDTH);
        FloatArray di = ctx.upload(data(r, BATCH * WIDTH, 100));
        FloatArray dw = ctx.allocate(LAYERS * WIDTH * WIDTH);
        FloatArray db = ctx.allocate(LAYERS * WIDTH)) {
      assertEquals(LAYERS, net.layers());
      assertEquals(WIDTH, net.width());
      assertEquals(mlp.activation(), net.activation());
      assertEquals(mlp.isResidual(), net.isResidual());
      assertArrayEquals(mlp.weights(), net.weights().toArray());
      assertArrayEquals(mlp.biases(), net.biases().toArray());

      DeepPcrResult expected = pcr.deepPcrForward(mlp, in, BATCH, NewtonOptions.defaults());
      NewtonOutcome o = pcr.deepPcrForward(net, inputs, states, BATCH, NewtonOptions.defaults());
      float[] x = states.toArray();
      same(ctx, expected.states(), x, "the same Newton iteration on the same values");
      if (exact(ctx)) {
        assertEquals(new NewtonOutcome(expected.iterations(), expected.residual(), expected.converged(),
            expected.nonFinite()), o);
      } else {
        assertEquals(expected.iterations(), o.iterations());
      }
      assertTrue(o.converged());

      float[] sequential = pcr.sequentialForward(mlp, in, BATCH);
      try (FloatArray seq = ctx.allocate(n)) {
        pcr.sequentialForward(net, inputs, seq, BATCH);
        same(ctx, sequential, seq.toArray(), "sequentialForward");
      }

      // the loss of the last layer of the resident states, as the array-form training loop computes it on the host
      float[] y = java.util.Arrays.copyOfRange(x, n - BATCH * WIDTH, n);
      float[] hostGradient = new float[y.length];
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        double d = (double) y[i] - targets[i];
        sum += d * d;
        hostGradient[i] = (float) (2 * d / y.length);
      }
      double loss = pcr.meanSquaredError(net, states, t, g, BATCH);
      assertArrayEquals(hostGradient, g.toArray(), "the gradient is rounded once from double on every backend");
      if (ctx.backend() == Backend.CUDA) {
        // a tree sum of 35 non-negative doubles: within 35 roundings of the sequential one
        assertEquals(sum / y.length, loss, 35 * Math.ulp(sum / y.length));
      } else {
        assertEquals(sum / y.length, loss, 0, "the CPU adds in index order, as the host loop");
      }

      for (boolean adjoint : new boolean[] {true, false}) {
        MlpGradients ref = adjoint ? pcr.deepPcrBackward(mlp, in, x, hostGradient, BATCH)
            : pcr.sequentialBackward(mlp, in, x, hostGradient, BATCH);
        if (adjoint) {
          pcr.deepPcrBackward(net, inputs, states, g, di, dw, db, BATCH);
        } else {
          pcr.sequentialBackward(net, inputs, states, g, di, dw, db, BATCH);
        }
        same(ctx, ref.inputs(), di.toArray(), "dInputs");
        same(ctx, ref.weights(), dw.toArray(), "dWeights");
        same(ctx, ref.biases(), db.toArray(), "dBiases");
      }

      float rate = 0.37f;
      float[] w = mlp.weights();
      float[] c = mlp.biases();
      float[] gw = dw.toArray();
      float[] gc = db.toArray();
      for (int i = 0; i < w.length; i++) {
        w[i] -= rate * gw[i];
      }
      for (int i = 0; i < c.length; i++) {
        c[i] -= rate * gc[i];
      }
      pcr.sgdUpdate(net, dw, db, rate);
      assertArrayEquals(w, net.weights().toArray(), "θ − η·g rounded as the Java loop");
      assertArrayEquals(c, net.biases().toArray());
      Mlp back = net.toMlp();
      assertEquals(mlp.isResidual(), back.isResidual());
      assertArrayEquals(w, back.weights());
      assertArrayEquals(c, back.biases());
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("contexts")
  void badInputIsRefusedBeforeAnythingIsWritten(KernelContext ctx) {
    Pcr pcr = ctx.pcr();
    Random r = new Random(7);
    Mlp mlp = mlp(r);
    int n = LAYERS * BATCH * WIDTH;
    NewtonOptions opt = NewtonOptions.defaults();
    try (KernelContext other = Kernels.open(Backend.SCALAR);
        ResidentMlp net = pcr.upload(mlp);
        ResidentMlp foreign = other.pcr().upload(mlp);
        ResidentMlp closedNet = pcr.upload(mlp);
        FloatArray in = ctx.upload(data(r, BATCH * WIDTH, 1));
        FloatArray states = ctx.upload(data(r, n, 1));
        FloatArray g = ctx.upload(data(r, BATCH * WIDTH, 1));
        FloatArray di = ctx.upload(data(r, BATCH * WIDTH, 1));
        FloatArray dw = ctx.upload(data(r, LAYERS * WIDTH * WIDTH, 1));
        FloatArray db = ctx.upload(data(r, LAYERS * WIDTH, 1));
        FloatArray shortIn = ctx.allocate(BATCH * WIDTH - 1);
        FloatArray foreignIn = other.upload(data(r, BATCH * WIDTH, 1));
        FloatArray closedIn = ctx.upload(data(r, BATCH * WIDTH, 1));
        FloatArray nanIn = ctx.upload(data(r, BATCH * WIDTH, 1))) {
      closedNet.close();
      closedIn.close();
      float[] poisoned = nanIn.toArray();
      poisoned[BATCH * WIDTH - 1] = Float.NaN;
      nanIn.copyFrom(poisoned);
      List<FloatArray> watched = List.of(in, states, g, di, dw, db, net.weights(), net.biases());
      List<float[]> before = watched.stream().map(FloatArray::toArray).toList();

      refused(IllegalArgumentException.class, () -> pcr.deepPcrForward(foreign, in, states, BATCH, opt),
          "mlp", "another kernel context");
      refused(IllegalStateException.class, () -> pcr.deepPcrForward(closedNet, in, states, BATCH, opt),
          "mlp", "closed");
      refused(IllegalArgumentException.class, () -> pcr.deepPcrForward(net, foreignIn, states, BATCH, opt),
          "inputs", "another kernel context");
      refused(IllegalStateException.class, () -> pcr.sequentialForward(net, closedIn, states, BATCH), "inputs",
          "closed");
      refused(IllegalArgumentException.class, () -> pcr.sequentialForward(net, shortIn, states, BATCH), "inputs",
          "batch×width");
      refused(IllegalArgumentException.class, () -> pcr.deepPcrForward(net, in, in, BATCH, opt), "states",
          "layers×batch×width");
      refused(IllegalArgumentException.class, () -> pcr.deepPcrForward(net, nanIn, states, BATCH, opt), "inputs",
          "NaN");
      refused(NullPointerException.class, () -> pcr.deepPcrForward(net, in, states, BATCH, null), "options");
      refused(NullPointerException.class, () -> pcr.deepPcrForward(null, in, states, BATCH, opt), "mlp");
      refused(IllegalArgumentException.class, () -> pcr.deepPcrForward(net, in, states, 0, opt), "batch");

      refused(IllegalArgumentException.class, () -> pcr.deepPcrBackward(net, in, states, g, di, dw, g, BATCH),
          "dBiases", "layers×width");
      refused(IllegalArgumentException.class, () -> pcr.deepPcrBackward(net, in, states, g, g, dw, db, BATCH),
          "dInputs", "different");
      refused(IllegalArgumentException.class,
          () -> pcr.sequentialBackward(net, in, states, g, di, net.weights(), db, BATCH), "dWeights", "different");
      refused(IllegalArgumentException.class, () -> pcr.sequentialBackward(net, in, states, nanIn, di, dw, db, BATCH),
          "outputGradient", "NaN");
      refused(IllegalArgumentException.class,
          () -> pcr.deepPcrBackward(foreign, in, states, g, di, dw, db, BATCH), "mlp", "another");

      refused(IllegalArgumentException.class, () -> pcr.sgdUpdate(net, dw, db, Float.NaN), "learningRate");
      refused(IllegalArgumentException.class, () -> pcr.sgdUpdate(net, net.weights(), db, 0.1f), "dWeights",
          "different");
      refused(IllegalArgumentException.class, () -> pcr.sgdUpdate(net, db, dw, 0.1f), "dWeights",
          "layers×width×width");
      refused(IllegalStateException.class, () -> pcr.sgdUpdate(closedNet, dw, db, 0.1f), "mlp", "closed");

      refused(IllegalArgumentException.class, () -> pcr.meanSquaredError(net, states, g, g, BATCH),
          "outputGradient", "different");
      refused(IllegalArgumentException.class, () -> pcr.meanSquaredError(net, states, nanIn, g, BATCH), "targets",
          "NaN");
      refused(IllegalArgumentException.class, () -> pcr.meanSquaredError(net, in, g, di, BATCH), "states",
          "layers×batch×width");

      for (int k = 0; k < watched.size(); k++) {
        assertArrayEquals(before.get(k), watched.get(k).toArray(), "argument " + k + " changed by a refused call");
      }
      // a poisoned gradient never reaches the network
      try (FloatArray nanDw = ctx.upload(dw.toArray())) {
        float[] bad = nanDw.toArray();
        bad[3] = Float.POSITIVE_INFINITY;
        nanDw.copyFrom(bad);
        refused(IllegalArgumentException.class, () -> pcr.sgdUpdate(net, nanDw, db, 0.1f), "dWeights", "NaN");
        assertArrayEquals(mlp.weights(), net.weights().toArray());
      }
      // non-finite parameters written by the user are refused by the passes
      float[] w = mlp.weights();
      w[0] = Float.NaN;
      net.weights().copyFrom(w);
      refused(IllegalArgumentException.class, () -> pcr.sequentialForward(net, in, states, BATCH), "mlp.weights",
          "NaN");
      assertArrayEquals(before.get(1), states.toArray());
    }
  }

  @Test
  void closingTheContextClosesTheNetwork() {
    KernelContext ctx = Kernels.open(Backend.SCALAR);
    ResidentMlp net = ctx.pcr().upload(mlp(new Random(3)));
    long live = ctx.liveArrays();
    assertEquals(2, live, "weights and biases");
    ctx.close();
    assertThrows(IllegalStateException.class, net::toMlp);
    assertThrows(IllegalStateException.class, () -> net.weights().toArray());
    net.close(); // harmless
  }

  /**
   * Bit for bit on SCALAR and (emulated) CUDA. The VECTOR backend's dot products end in the Vector API's
   * {@code reduceLanes(ADD)}, whose lane order the JDK leaves open and which differs between interpreted and
   * C2-compiled code: two calls of the same kernel on the same values may then differ by a rounding of a dot
   * product, ≈ w·ε = 4e-7 relative here; 1e-6.
   */
  private static boolean exact(KernelContext ctx) {
    return ctx.backend() != Backend.VECTOR;
  }

  private static void same(KernelContext ctx, float[] expected, float[] actual, String what) {
    if (exact(ctx)) {
      assertArrayEquals(expected, actual, what);
      return;
    }
    assertEquals(expected.length, actual.length, what);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = (double) actual[i] - expected[i];
      diff += d * d;
      norm += (double) expected[i] * expected[i];
    }
    double relative = Math.sqrt(diff / norm);
    assertTrue(relative <= 1e-6, what + ": relative difference " + relative);
  }

  private static void refused(Class<? extends RuntimeException> type, Executable call, String... words) {
    RuntimeException e = assertThrows(type, call::execute);
    for (String w : words) {
      assertTrue(String.valueOf(e.getMessage()).contains(w),
          () -> "message '" + e.getMessage() + "' does not mention " + w);
    }
  }

  @FunctionalInterface
  private interface Executable {
    void execute() throws RuntimeException;
  }
}
