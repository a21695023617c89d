package io.jkernels.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkernels.Backend;
import io.jkernels.FloatArray;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.KernelException;
import io.jkernels.kernels.cuda.EmulatedCuda;
import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.ResidentMlp;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.LinearTransportEstimator;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Malformed calls on every public method, on every backend this JVM has (the CUDA kernels on the emulated driver
 * too): each valid call has one argument broken at random (null, a length off by one, an empty or negative size, an
 * overflowing shape, a non-finite scalar, a closed {@link FloatArray} or one of another context). The call must
 * either succeed or throw {@link NullPointerException} (always, and only it, for a null argument),
 * {@link IllegalArgumentException} or {@link IllegalStateException} (or, for a size a device cannot hold,
 * {@code KernelException} with {@code CUDA_ERROR_OUT_OF_MEMORY}; never another exception, never a JVM crash), and a
 * rejected call leaves every
 * array it was given, inputs and outputs alike, bit for bit as it was. Beside it: threads × calls bitwise equal to
 * the serial result, and allocate/close cycles that leave no buffer alive. Small enough for every CI run (seconds);
 * the seed is in every failure message ({@code -Djkernels.seed=} replays it).
 */
class ApiFuzzTest {
  private static final long SEED = ConformanceSuite.seed();
  /** Calls per CPU backend; {@code -Djkernels.fuzz.calls=} runs more (the hunt used 12,000). */
  private static final int CALLS_PER_BACKEND = Integer.getInteger("jkernels.fuzz.calls", 600);

  /** Shapes of the valid calls: small, awkward. */
  private static final int SIZE = 5, BATCH = 3, STEPS = 4, WIDTH = 3, ROWS = 7, CHANNELS = 3, LAYERS = 3;

  @TestFactory
  Stream<DynamicNode> everyBackend() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Backend b : Kernels.available()) {
      if (b != Backend.CUDA) {
        nodes.add(suite(b.id(), () -> Kernels.open(b), CALLS_PER_BACKEND));
      }
    }
    if (EmulatedCuda.unavailabilityCause().isEmpty()) {
      // emulated launches cost CPU fibres: fewer calls, the same mutations
      nodes.add(suite("cuda (emulated)", () -> new BackendContext(Backend.CUDA, EmulatedCuda.openBackend()),
          CALLS_PER_BACKEND / 3));
    }
    return nodes.stream();
  }

  private static DynamicContainer suite(String name, Supplier<KernelContext> opener, int calls) {
    return DynamicContainer.dynamicContainer(name, Stream.of(
        DynamicTest.dynamicTest("malformed calls", () -> {
          try (KernelContext ctx = opener.get(); KernelContext other = Kernels.open(Backend.SCALAR)) {
            malformedCalls(ctx, other, calls);
          }
        }),
        DynamicTest.dynamicTest("threads × calls equal serial", () -> {
          try (KernelContext ctx = opener.get()) {
            concurrentEqualsSerial(ctx, name.startsWith("cuda") ? 4 : 8, name.startsWith("cuda") ? 5 : 50);
          }
        }),
        DynamicTest.dynamicTest("allocate/close cycles and context close", () -> {
          try (KernelContext ctx = opener.get()) {
            cycles(ctx, name.startsWith("cuda") ? 2_000 : 20_000);
          }
          contextClose(opener);
        }),
        DynamicTest.dynamicTest("allocation limits", () -> {
          try (KernelContext ctx = opener.get()) {
            allocationLimits(ctx, name.startsWith("cuda"));
          }
        })));
  }

  // ---- one argument broken per call --------------------------------------------------------------------------

  /** A public method under test: valid arguments, and how to call it. */
  private record Method(String name, Supplier<Object[]> validArgs, Invoker invoker) {}

  @FunctionalInterface
  private interface Invoker {
    Object call(Object[] args) throws Exception;
  }

  private static float[] data(Random r, int n, float lo, float hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * r.nextFloat();
    }
    return x;
  }

  private static double[] data64(Random r, int n, double lo, double hi) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = lo + (hi - lo) * r.nextDouble();
    }
    return x;
  }

  /** A diagonally dominant float64 batch: lower, diag, upper, rhs. */
  private static double[][] tridiagonal64(Random r) {
    int n = SIZE * BATCH;
    return new double[][] {data64(r, n, -1, 1), data64(r, n, 3, 4), data64(r, n, -1, 1), data64(r, n, -1, 1)};
  }

  /** A diagonally dominant batch: lower, diag, upper, rhs. */
  private static float[][] tridiagonal(Random r) {
    int n = SIZE * BATCH;
    return new float[][] {data(r, n, -1, 1), data(r, n, 3, 4), data(r, n, -1, 1), data(r, n, -1, 1)};
  }

  /** A small tanh MLP, of residual blocks when {@code residual}. */
  private static Mlp mlp(Random r, boolean residual) {
    float[] w = data(r, LAYERS * WIDTH * WIDTH, -0.3f, 0.3f);
    float[] c = data(r, LAYERS * WIDTH, -0.1f, 0.1f);
    return residual ? Mlp.residual(Activation.TANH, LAYERS, WIDTH, w, c)
        : Mlp.of(Activation.TANH, LAYERS, WIDTH, w, c);
  }

  /** A float64-parameter MLP (residual every other time, so the residual float64 path is fuzzed too). */
  private static Mlp mlp64(Random r) {
    double[] w = data64(r, LAYERS * WIDTH * WIDTH, -0.3, 0.3);
    double[] c = data64(r, LAYERS * WIDTH, -0.1, 0.1);
    return r.nextBoolean() ? Mlp.of(Activation.TANH, LAYERS, WIDTH, w, c)
        : Mlp.residual(Activation.TANH, LAYERS, WIDTH, w, c);
  }

  private static TransportMap map(Random r) {
    float[] lo = data(r, CHANNELS, -1, -0.5f);
    float[] hi = data(r, CHANNELS, 0.5f, 1);
    return TransportMap.of(data(r, CHANNELS, 0.5f, 1.5f), data(r, CHANNELS, -1, 1), lo, hi);
  }

  private static List<Method> methods(KernelContext ctx, Random r, List<FloatArray> made) {
    java.util.function.Function<float[], FloatArray> upload = a -> {
      FloatArray f = ctx.upload(a);
      made.add(f);
      return f;
    };
    List<Method> m = new ArrayList<>();
    m.add(new Method("pcr.solveTridiagonal", () -> {
      float[][] t = tridiagonal(r);
      return new Object[] {t[0], t[1], t[2], t[3], SIZE, BATCH};
    }, a -> ctx.pcr().solveTridiagonal((float[]) a[0], (float[]) a[1], (float[]) a[2], (float[]) a[3], (int) a[4],
        (int) a[5])));
    m.add(new Method("pcr.solveTridiagonal(FloatArray)", () -> {
      float[][] t = tridiagonal(r);
      return new Object[] {upload.apply(t[0]), upload.apply(t[1]), upload.apply(t[2]), upload.apply(t[3]),
          upload.apply(new float[SIZE * BATCH]), SIZE, BATCH};
    }, a -> {
      ctx.pcr().solveTridiagonal((FloatArray) a[0], (FloatArray) a[1], (FloatArray) a[2], (FloatArray) a[3],
          (FloatArray) a[4], (int) a[5], (int) a[6]);
      return null;
    }));
    m.add(new Method("pcr.solveDiagonalRecurrence", () -> new Object[] {data(r, STEPS * WIDTH, -1, 1),
        data(r, STEPS * WIDTH, -1, 1), data(r, WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDiagonalRecurrence((float[]) a[0], (float[]) a[1], (float[]) a[2], (int) a[3],
            (int) a[4])));
    m.add(new Method("pcr.solveDiagonalRecurrence(FloatArray)", () -> new Object[] {
        upload.apply(data(r, STEPS * WIDTH, -1, 1)), upload.apply(data(r, STEPS * WIDTH, -1, 1)),
        upload.apply(data(r, WIDTH, -1, 1)), upload.apply(new float[STEPS * WIDTH]), STEPS, WIDTH}, a -> {
          ctx.pcr().solveDiagonalRecurrence((FloatArray) a[0], (FloatArray) a[1], (FloatArray) a[2],
              (FloatArray) a[3], (int) a[4], (int) a[5]);
          return null;
        }));
    m.add(new Method("pcr.solveDenseRecurrence", () -> new Object[] {data(r, STEPS * WIDTH * WIDTH, -0.5f, 0.5f),
        data(r, STEPS * WIDTH, -1, 1), data(r, WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDenseRecurrence((float[]) a[0], (float[]) a[1], (float[]) a[2], (int) a[3],
            (int) a[4])));
    m.add(new Method("pcr.solveDenseRecurrence(FloatArray)", () -> new Object[] {
        upload.apply(data(r, STEPS * WIDTH * WIDTH, -0.5f, 0.5f)), upload.apply(data(r, STEPS * WIDTH, -1, 1)),
        upload.apply(data(r, WIDTH, -1, 1)), upload.apply(new float[STEPS * WIDTH]), STEPS, WIDTH}, a -> {
          ctx.pcr().solveDenseRecurrence((FloatArray) a[0], (FloatArray) a[1], (FloatArray) a[2], (FloatArray) a[3],
              (int) a[4], (int) a[5]);
          return null;
        }));
    m.add(new Method("pcr.solveDiagonalRecurrenceAdjoint", () -> new Object[] {data(r, STEPS * WIDTH, -1, 1),
        data(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDiagonalRecurrenceAdjoint((float[]) a[0], (float[]) a[1], (int) a[2], (int) a[3])));
    m.add(new Method("pcr.solveDiagonalRecurrenceAdjoint(FloatArray)", () -> new Object[] {
        upload.apply(data(r, STEPS * WIDTH, -1, 1)), upload.apply(data(r, STEPS * WIDTH, -1, 1)),
        upload.apply(new float[STEPS * WIDTH]), STEPS, WIDTH}, a -> {
          ctx.pcr().solveDiagonalRecurrenceAdjoint((FloatArray) a[0], (FloatArray) a[1], (FloatArray) a[2],
              (int) a[3], (int) a[4]);
          return null;
        }));
    m.add(new Method("pcr.solveDenseRecurrenceAdjoint", () -> new Object[] {
        data(r, STEPS * WIDTH * WIDTH, -0.5f, 0.5f), data(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDenseRecurrenceAdjoint((float[]) a[0], (float[]) a[1], (int) a[2], (int) a[3])));
    m.add(new Method("pcr.solveDenseRecurrenceAdjoint(FloatArray)", () -> new Object[] {
        upload.apply(data(r, STEPS * WIDTH * WIDTH, -0.5f, 0.5f)), upload.apply(data(r, STEPS * WIDTH, -1, 1)),
        upload.apply(new float[STEPS * WIDTH]), STEPS, WIDTH}, a -> {
          ctx.pcr().solveDenseRecurrenceAdjoint((FloatArray) a[0], (FloatArray) a[1], (FloatArray) a[2], (int) a[3],
              (int) a[4]);
          return null;
        }));
    // float64 twins (issue 13), returning and out forms
    m.add(new Method("pcr.solveTridiagonal(double[])", () -> {
      double[][] t = tridiagonal64(r);
      return new Object[] {t[0], t[1], t[2], t[3], SIZE, BATCH};
    }, a -> ctx.pcr().solveTridiagonal((double[]) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3],
        (int) a[4], (int) a[5])));
    m.add(new Method("pcr.solveTridiagonal(double[], out)", () -> {
      double[][] t = tridiagonal64(r);
      return new Object[] {t[0], t[1], t[2], t[3], SIZE, BATCH, new double[SIZE * BATCH]};
    }, a -> {
      ctx.pcr().solveTridiagonal((double[]) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3], (int) a[4],
          (int) a[5], (double[]) a[6]);
      return null;
    }));
    m.add(new Method("pcr.solveDiagonalRecurrence(double[])", () -> new Object[] {data64(r, STEPS * WIDTH, -1, 1),
        data64(r, STEPS * WIDTH, -1, 1), data64(r, WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDiagonalRecurrence((double[]) a[0], (double[]) a[1], (double[]) a[2], (int) a[3],
            (int) a[4])));
    m.add(new Method("pcr.solveDiagonalRecurrence(double[], out)", () -> new Object[] {
        data64(r, STEPS * WIDTH, -1, 1), data64(r, STEPS * WIDTH, -1, 1), data64(r, WIDTH, -1, 1), STEPS, WIDTH,
        new double[STEPS * WIDTH]}, a -> {
          ctx.pcr().solveDiagonalRecurrence((double[]) a[0], (double[]) a[1], (double[]) a[2], (int) a[3],
              (int) a[4], (double[]) a[5]);
          return null;
        }));
    m.add(new Method("pcr.solveDenseRecurrence(double[])", () -> new Object[] {
        data64(r, STEPS * WIDTH * WIDTH, -0.5, 0.5), data64(r, STEPS * WIDTH, -1, 1), data64(r, WIDTH, -1, 1),
        STEPS, WIDTH},
        a -> ctx.pcr().solveDenseRecurrence((double[]) a[0], (double[]) a[1], (double[]) a[2], (int) a[3],
            (int) a[4])));
    m.add(new Method("pcr.solveDenseRecurrence(double[], out)", () -> new Object[] {
        data64(r, STEPS * WIDTH * WIDTH, -0.5, 0.5), data64(r, STEPS * WIDTH, -1, 1), data64(r, WIDTH, -1, 1),
        STEPS, WIDTH, new double[STEPS * WIDTH]}, a -> {
          ctx.pcr().solveDenseRecurrence((double[]) a[0], (double[]) a[1], (double[]) a[2], (int) a[3], (int) a[4],
              (double[]) a[5]);
          return null;
        }));
    m.add(new Method("pcr.solveDiagonalRecurrenceAdjoint(double[])", () -> new Object[] {
        data64(r, STEPS * WIDTH, -1, 1), data64(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDiagonalRecurrenceAdjoint((double[]) a[0], (double[]) a[1], (int) a[2], (int) a[3])));
    m.add(new Method("pcr.solveDiagonalRecurrenceAdjoint(double[], out)", () -> new Object[] {
        data64(r, STEPS * WIDTH, -1, 1), data64(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH, new double[STEPS * WIDTH]},
        a -> {
          ctx.pcr().solveDiagonalRecurrenceAdjoint((double[]) a[0], (double[]) a[1], (int) a[2], (int) a[3],
              (double[]) a[4]);
          return null;
        }));
    m.add(new Method("pcr.solveDenseRecurrenceAdjoint(double[])", () -> new Object[] {
        data64(r, STEPS * WIDTH * WIDTH, -0.5, 0.5), data64(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH},
        a -> ctx.pcr().solveDenseRecurrenceAdjoint((double[]) a[0], (double[]) a[1], (int) a[2], (int) a[3])));
    m.add(new Method("pcr.solveDenseRecurrenceAdjoint(double[], out)", () -> new Object[] {
        data64(r, STEPS * WIDTH * WIDTH, -0.5, 0.5), data64(r, STEPS * WIDTH, -1, 1), STEPS, WIDTH,
        new double[STEPS * WIDTH]}, a -> {
          ctx.pcr().solveDenseRecurrenceAdjoint((double[]) a[0], (double[]) a[1], (int) a[2], (int) a[3],
              (double[]) a[4]);
          return null;
        }));
    for (boolean residual : new boolean[] {false, true}) {
      String kind = residual ? "(residual)" : "";
      Supplier<Mlp> net = () -> mlp(r, residual);
      m.add(new Method("pcr.deepPcrForward" + kind, () -> new Object[] {net.get(), data(r, BATCH * WIDTH, -1, 1),
          BATCH, NewtonOptions.defaults()},
          a -> ctx.pcr().deepPcrForward((Mlp) a[0], (float[]) a[1], (int) a[2], (NewtonOptions) a[3])));
      m.add(new Method("pcr.sequentialForward" + kind, () -> new Object[] {net.get(), data(r, BATCH * WIDTH, -1, 1),
          BATCH}, a -> ctx.pcr().sequentialForward((Mlp) a[0], (float[]) a[1], (int) a[2])));
      m.add(new Method("pcr.deepPcrBackward" + kind, () -> new Object[] {net.get(), data(r, BATCH * WIDTH, -1, 1),
          data(r, LAYERS * BATCH * WIDTH, -1, 1), data(r, BATCH * WIDTH, -1, 1), BATCH},
          a -> ctx.pcr().deepPcrBackward((Mlp) a[0], (float[]) a[1], (float[]) a[2], (float[]) a[3], (int) a[4])));
      m.add(new Method("pcr.sequentialBackward" + kind, () -> new Object[] {net.get(), data(r, BATCH * WIDTH, -1, 1),
          data(r, LAYERS * BATCH * WIDTH, -1, 1), data(r, BATCH * WIDTH, -1, 1), BATCH},
          a -> ctx.pcr().sequentialBackward((Mlp) a[0], (float[]) a[1], (float[]) a[2], (float[]) a[3], (int) a[4])));
    }
    // resident MLP calls (issue 13): a fresh network per call, its parameter arrays closed with the others
    Supplier<ResidentMlp> net = () -> {
      ResidentMlp n = ctx.pcr().upload(mlp(r, r.nextBoolean()));
      made.add(n.weights());
      made.add(n.biases());
      return n;
    };
    m.add(new Method("pcr.upload(Mlp)", () -> new Object[] {mlp(r, r.nextBoolean())}, a -> {
      ResidentMlp n = ctx.pcr().upload((Mlp) a[0]);
      made.add(n.weights());
      made.add(n.biases());
      return n;
    }));
    m.add(new Method("ResidentMlp.toMlp", () -> new Object[] {net.get()}, a -> ((ResidentMlp) a[0]).toMlp()));
    m.add(new Method("pcr.deepPcrForward(ResidentMlp)", () -> new Object[] {net.get(),
        upload.apply(data(r, BATCH * WIDTH, -1, 1)), upload.apply(new float[LAYERS * BATCH * WIDTH]), BATCH,
        NewtonOptions.defaults()}, a -> ctx.pcr().deepPcrForward((ResidentMlp) a[0], (FloatArray) a[1],
            (FloatArray) a[2], (int) a[3], (NewtonOptions) a[4])));
    m.add(new Method("pcr.sequentialForward(ResidentMlp)", () -> new Object[] {net.get(),
        upload.apply(data(r, BATCH * WIDTH, -1, 1)), upload.apply(new float[LAYERS * BATCH * WIDTH]), BATCH}, a -> {
          ctx.pcr().sequentialForward((ResidentMlp) a[0], (FloatArray) a[1], (FloatArray) a[2], (int) a[3]);
          return null;
        }));
    Supplier<Object[]> backwardArgs = () -> new Object[] {net.get(), upload.apply(data(r, BATCH * WIDTH, -1, 1)),
        upload.apply(data(r, LAYERS * BATCH * WIDTH, -1, 1)), upload.apply(data(r, BATCH * WIDTH, -1, 1)),
        upload.apply(new float[BATCH * WIDTH]), upload.apply(new float[LAYERS * WIDTH * WIDTH]),
        upload.apply(new float[LAYERS * WIDTH]), BATCH};
    m.add(new Method("pcr.deepPcrBackward(ResidentMlp)", backwardArgs, a -> {
      ctx.pcr().deepPcrBackward((ResidentMlp) a[0], (FloatArray) a[1], (FloatArray) a[2], (FloatArray) a[3],
          (FloatArray) a[4], (FloatArray) a[5], (FloatArray) a[6], (int) a[7]);
      return null;
    }));
    m.add(new Method("pcr.sequentialBackward(ResidentMlp)", backwardArgs, a -> {
      ctx.pcr().sequentialBackward((ResidentMlp) a[0], (FloatArray) a[1], (FloatArray) a[2], (FloatArray) a[3],
          (FloatArray) a[4], (FloatArray) a[5], (FloatArray) a[6], (int) a[7]);
      return null;
    }));
    m.add(new Method("pcr.sgdUpdate", () -> new Object[] {net.get(),
        upload.apply(data(r, LAYERS * WIDTH * WIDTH, -1, 1)), upload.apply(data(r, LAYERS * WIDTH, -1, 1)), 0.1f},
        a -> {
          ctx.pcr().sgdUpdate((ResidentMlp) a[0], (FloatArray) a[1], (FloatArray) a[2], (float) a[3]);
          return null;
        }));
    m.add(new Method("pcr.meanSquaredError", () -> new Object[] {net.get(),
        upload.apply(data(r, LAYERS * BATCH * WIDTH, -1, 1)), upload.apply(data(r, BATCH * WIDTH, -1, 1)),
        upload.apply(new float[BATCH * WIDTH]), BATCH},
        a -> ctx.pcr().meanSquaredError((ResidentMlp) a[0], (FloatArray) a[1], (FloatArray) a[2], (FloatArray) a[3],
            (int) a[4])));
    // float64 MLP twins (issue 13): a double-built Mlp, and a float-built one (widened exactly) for variety
    m.add(new Method("pcr.deepPcrForward(double[])", () -> new Object[] {mlp64(r), data64(r, BATCH * WIDTH, -1, 1),
        BATCH, NewtonOptions.defaults()},
        a -> ctx.pcr().deepPcrForward((Mlp) a[0], (double[]) a[1], (int) a[2], (NewtonOptions) a[3])));
    m.add(new Method("pcr.sequentialForward(double[])", () -> new Object[] {mlp(r, false), data64(r, BATCH * WIDTH, -1, 1),
        BATCH}, a -> ctx.pcr().sequentialForward((Mlp) a[0], (double[]) a[1], (int) a[2])));
    m.add(new Method("pcr.sequentialForward(double[], out)", () -> new Object[] {mlp64(r),
        data64(r, BATCH * WIDTH, -1, 1), BATCH, new double[LAYERS * BATCH * WIDTH]}, a -> {
          ctx.pcr().sequentialForward((Mlp) a[0], (double[]) a[1], (int) a[2], (double[]) a[3]);
          return null;
        }));
    m.add(new Method("pcr.deepPcrBackward(double[])", () -> new Object[] {mlp64(r), data64(r, BATCH * WIDTH, -1, 1),
        data64(r, LAYERS * BATCH * WIDTH, -1, 1), data64(r, BATCH * WIDTH, -1, 1), BATCH},
        a -> ctx.pcr().deepPcrBackward((Mlp) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3], (int) a[4])));
    m.add(new Method("pcr.sequentialBackward(double[])", () -> new Object[] {mlp64(r),
        data64(r, BATCH * WIDTH, -1, 1), data64(r, LAYERS * BATCH * WIDTH, -1, 1), data64(r, BATCH * WIDTH, -1, 1),
        BATCH}, a -> ctx.pcr().sequentialBackward((Mlp) a[0], (double[]) a[1], (double[]) a[2], (double[]) a[3],
        (int) a[4])));
    m.add(new Method("Mlp.of(double[])", () -> new Object[] {Activation.RELU, LAYERS, WIDTH,
        data64(r, LAYERS * WIDTH * WIDTH, -1, 1), data64(r, LAYERS * WIDTH, -1, 1)},
        a -> Mlp.of((Activation) a[0], (int) a[1], (int) a[2], (double[]) a[3], (double[]) a[4])));
    m.add(new Method("Mlp.residual(double[])", () -> new Object[] {Activation.TANH, LAYERS, WIDTH,
        data64(r, LAYERS * WIDTH * WIDTH, -1, 1), data64(r, LAYERS * WIDTH, -1, 1)},
        a -> Mlp.residual((Activation) a[0], (int) a[1], (int) a[2], (double[]) a[3], (double[]) a[4])));
    m.add(new Method("Mlp.of", () -> new Object[] {Activation.RELU, LAYERS, WIDTH,
        data(r, LAYERS * WIDTH * WIDTH, -1, 1), data(r, LAYERS * WIDTH, -1, 1)},
        a -> Mlp.of((Activation) a[0], (int) a[1], (int) a[2], (float[]) a[3], (float[]) a[4])));
    m.add(new Method("Mlp.residual", () -> new Object[] {Activation.GELU, LAYERS, WIDTH,
        data(r, LAYERS * WIDTH * WIDTH, -1, 1), data(r, LAYERS * WIDTH, -1, 1)},
        a -> Mlp.residual((Activation) a[0], (int) a[1], (int) a[2], (float[]) a[3], (float[]) a[4])));
    m.add(new Method("transport.apply", () -> new Object[] {map(r), data(r, ROWS * CHANNELS, -2, 2), ROWS, 0.7f,
        Support.SOURCE_RANGE},
        a -> {
          ctx.transport().apply((TransportMap) a[0], (float[]) a[1], (int) a[2], (float) a[3], (Support) a[4]);
          return null;
        }));
    m.add(new Method("transport.apply(FloatArray)", () -> new Object[] {map(r),
        upload.apply(data(r, ROWS * CHANNELS, -2, 2)), (long) ROWS, 0.7f, Support.EVERYWHERE}, a -> {
          ctx.transport().apply((TransportMap) a[0], (FloatArray) a[1], (long) a[2], (float) a[3], (Support) a[4]);
          return null;
        }));
    m.add(new Method("LinearTransport.fit", () -> new Object[] {data(r, ROWS * CHANNELS, -1, 1),
        data(r, (ROWS + 2) * CHANNELS, 0, 2), CHANNELS},
        a -> LinearTransport.fit(ctx, (float[]) a[0], (float[]) a[1], (int) a[2])));
    m.add(new Method("LinearTransport.fit(FloatArray)", () -> new Object[] {
        upload.apply(data(r, ROWS * CHANNELS, -1, 1)), upload.apply(data(r, (ROWS + 2) * CHANNELS, 0, 2)), CHANNELS},
        a -> LinearTransport.fit(ctx, (FloatArray) a[0], (FloatArray) a[1], (int) a[2])));
    m.add(new Method("TransportMap.of", () -> new Object[] {data(r, CHANNELS, 0.5f, 1), data(r, CHANNELS, -1, 1),
        data(r, CHANNELS, -1, -0.5f), data(r, CHANNELS, 0.5f, 1)},
        a -> TransportMap.of((float[]) a[0], (float[]) a[1], (float[]) a[2], (float[]) a[3])));
    m.add(new Method("LinearTransportEstimator.addSource", () -> new Object[] {CHANNELS,
        data(r, ROWS * CHANNELS, -1, 1)}, a -> {
          try (LinearTransportEstimator e = new LinearTransportEstimator(ctx, (int) a[0])) {
            e.addSource((float[]) a[1]);
            e.addTarget(new float[(int) a[0] > 0 ? (int) a[0] * 2 : 0]);
            return e.sourceRows();
          }
        }));
    m.add(new Method("FloatArray.copyTo", () -> new Object[] {upload.apply(data(r, 9, -1, 1)), new float[9]},
        a -> {
          ((FloatArray) a[0]).copyTo((float[]) a[1]);
          return null;
        }));
    m.add(new Method("FloatArray.copyFrom", () -> new Object[] {upload.apply(data(r, 9, -1, 1)), data(r, 9, 5, 6)},
        a -> {
          ((FloatArray) a[0]).copyFrom((float[]) a[1]);
          return null;
        }));
    m.add(new Method("KernelContext.upload", () -> new Object[] {data(r, 11, -1, 1)}, a -> {
      FloatArray f = ctx.upload((float[]) a[0]);
      made.add(f);
      return f;
    }));
    m.add(new Method("KernelContext.allocate", () -> new Object[] {13L}, a -> {
      FloatArray f = ctx.allocate((long) a[0]);
      made.add(f);
      return f;
    }));
    m.add(new Method("Kernels.open", () -> new Object[] {Backend.SCALAR}, a -> {
      try (KernelContext c = Kernels.open((Backend) a[0])) {
        return c.backend();
      }
    }));
    return m;
  }

  /** The argument {@code a} broken one way, chosen by {@code r}; {@code other} is a second context. */
  private static Object broken(Object a, Random r, KernelContext ctx, KernelContext other, List<FloatArray> made) {
    int k = r.nextInt(4);
    if (a == null || k == 0) {
      return null;
    }
    return switch (a) {
      case float[] f -> switch (k) {
        case 1 -> Arrays.copyOf(f, Math.max(0, f.length - 1));
        case 2 -> Arrays.copyOf(f, f.length + 1);
        default -> new float[0];
      };
      case double[] f -> switch (k) {
        case 1 -> Arrays.copyOf(f, Math.max(0, f.length - 1));
        case 2 -> Arrays.copyOf(f, f.length + 1);
        default -> new double[0];
      };
      case Integer i -> new int[] {-1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, i + 1, 1 << 16}[r.nextInt(6)];
      case Long l -> new long[] {-1L, Long.MIN_VALUE, Long.MAX_VALUE, l + 1, 1L << 40}[r.nextInt(5)];
      case Float s -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[r.nextInt(3)];
      case FloatArray f -> switch (k) {
        case 1 -> { // closed
          FloatArray c = ctx.upload(f.toArray());
          c.close();
          yield c;
        }
        case 2 -> { // another context's
          FloatArray o = other.upload(f.toArray());
          made.add(o);
          yield o;
        }
        default -> { // one float short
          FloatArray s = ctx.allocate(Math.max(0, f.length() - 1));
          made.add(s);
          yield s;
        }
      };
      case ResidentMlp n -> switch (k) {
        case 1 -> { // closed
          ResidentMlp c = ctx.pcr().upload(n.toMlp());
          c.close();
          yield c;
        }
        case 2 -> other.pcr().upload(n.toMlp()); // another context's (closed with it)
        default -> null;
      };
      default -> null; // maps, MLPs, enums, options: null is their malformed form
    };
  }

  /** Everything an argument holds, to compare after a rejected call (null for what cannot be read). */
  private static Object snapshot(Object a) {
    if (a instanceof float[] f) {
      return f.clone();
    }
    if (a instanceof double[] f) {
      return f.clone();
    }
    if (a instanceof FloatArray f) {
      try {
        return f.toArray();
      } catch (IllegalStateException closed) {
        return null;
      }
    }
    if (a instanceof ResidentMlp n) { // its parameters: a refused call must not have updated them
      try {
        float[] w = n.weights().toArray();
        float[] c = n.biases().toArray();
        float[] both = Arrays.copyOf(w, w.length + c.length);
        System.arraycopy(c, 0, both, w.length, c.length);
        return both;
      } catch (IllegalStateException closed) {
        return null;
      }
    }
    return null;
  }

  private static void malformedCalls(KernelContext ctx, KernelContext other, int calls) throws Exception {
    Random r = new Random(SEED);
    List<FloatArray> made = new ArrayList<>();
    List<Method> methods = methods(ctx, r, made);
    int rejected = 0;
    for (int call = 0; call < calls; call++) {
      Method m = methods.get(r.nextInt(methods.size()));
      Object[] args = m.validArgs().get();
      int which = r.nextInt(args.length);
      args[which] = broken(args[which], r, ctx, other, made);
      Object[] before = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        before[i] = snapshot(args[i]);
      }
      String what = m.name() + " with argument " + which + " = " + describe(args[which]) + " (seed " + SEED
          + ", call " + call + ")";
      try {
        m.invoker().call(args);
      } catch (NullPointerException | IllegalArgumentException | IllegalStateException | KernelException e) {
        if (e instanceof KernelException && !String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) {
          fail(what + ": a backend failure for a malformed call: " + e, e); // only a device may refuse a size
        }
        rejected++;
        if (e instanceof NullPointerException && e.getMessage() == null) {
          fail(what + ": NullPointerException without a message naming the argument", e);
        }
        if (args[which] == null && !(e instanceof NullPointerException)) {
          fail(what + ": a null argument must get NullPointerException naming it (DESIGN.md §3), got " + e, e);
        }
        for (int i = 0; i < args.length; i++) {
          Object after = snapshot(args[i]);
          if (before[i] instanceof float[] b) {
            assertArrayEquals(b, (float[]) after, what + ": rejected (" + e + ") but argument " + i + " changed");
          } else if (before[i] instanceof double[] b) {
            assertArrayEquals(b, (double[]) after, what + ": rejected (" + e + ") but argument " + i + " changed");
          }
        }
      } catch (Throwable t) {
        fail(what + ": threw " + t, t);
      }
      if (made.size() > 200) {
        made.forEach(FloatArray::close);
        made.clear();
      }
    }
    made.forEach(FloatArray::close);
    assertTrue(rejected > calls / 2, "most broken calls must be rejected, " + rejected + " of " + calls + " were");
  }

  private static String describe(Object a) {
    return switch (a) {
      case null -> "null";
      case float[] f -> "float[" + f.length + "]";
      case double[] f -> "double[" + f.length + "]";
      case FloatArray f -> "FloatArray(" + f.length() + ")";
      default -> a.toString();
    };
  }

  // ---- concurrency, cycles, close, limits ---------------------------------------------------------------------

  private static void concurrentEqualsSerial(KernelContext ctx, int threads, int callsPerThread) throws Exception {
    Random r = new Random(SEED ^ 0x5eed);
    float[][] t = tridiagonal(r);
    TransportMap map = map(r);
    float[] x = data(r, ROWS * CHANNELS, -2, 2);
    float[] serialSolve = ctx.pcr().solveTridiagonal(t[0], t[1], t[2], t[3], SIZE, BATCH);
    float[] serialApply = x.clone();
    ctx.transport().apply(map, serialApply, ROWS, 0.6f, Support.SOURCE_RANGE);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        futures.add(pool.submit(() -> {
          for (int c = 0; c < callsPerThread; c++) {
            assertArrayEquals(serialSolve, ctx.pcr().solveTridiagonal(t[0], t[1], t[2], t[3], SIZE, BATCH));
            float[] y = x.clone();
            ctx.transport().apply(map, y, ROWS, 0.6f, Support.SOURCE_RANGE);
            assertArrayEquals(serialApply, y);
            try (FloatArray f = ctx.upload(x)) {
              ctx.transport().apply(map, f, ROWS, 0.6f, Support.SOURCE_RANGE);
              assertArrayEquals(serialApply, f.toArray());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void cycles(KernelContext ctx, int n) {
    long live = ctx.liveArrays();
    for (int i = 0; i < n; i++) {
      FloatArray f = (i & 1) == 0 ? ctx.allocate(i % 97) : ctx.upload(new float[i % 31]);
      f.close();
      f.close(); // twice is harmless
    }
    assertEquals(live, ctx.liveArrays(), "every allocated buffer was freed");
  }

  private static void contextClose(Supplier<KernelContext> opener) {
    KernelContext ctx = opener.get();
    FloatArray open = ctx.upload(new float[] {1, 2, 3});
    FloatArray closedBefore = ctx.allocate(4);
    closedBefore.close();
    ctx.close();
    ctx.close(); // twice is harmless
    assertEquals(3, open.length(), "the length stays readable");
    IllegalStateException e = assertThrows(IllegalStateException.class, open::toArray);
    assertTrue(e.getMessage().contains("KernelContext was closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> open.copyFrom(new float[3]));
    assertThrows(IllegalStateException.class, () -> ctx.allocate(1));
    assertThrows(IllegalStateException.class, () -> ctx.upload(new float[1]));
    open.close(); // closing an array of a closed context is harmless
    try (KernelContext again = opener.get()) {
      FloatArray closed = again.upload(new float[] {1, 2, 3});
      closed.close();
      IllegalStateException named = assertThrows(IllegalStateException.class,
          () -> again.transport().apply(TransportMap.identity(3), closed, 1, 1f, Support.EVERYWHERE));
      assertTrue(named.getMessage().startsWith("x: FloatArray is closed"), named.getMessage());
    }
  }

  private static void allocationLimits(KernelContext ctx, boolean cuda) {
    for (long length : new long[] {1L << 40, Long.MAX_VALUE, -1}) {
      try {
        ctx.allocate(length).close();
        if (length < 0 || !cuda) {
          fail("allocate(" + length + ") succeeded");
        }
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("length must be") && e.getMessage().contains(Long.toString(length)),
            e.getMessage());
      } catch (KernelException e) {
        assertTrue(cuda && length > 0, "only a device may refuse a plausible size: " + e);
      }
    }
    try (FloatArray ok = ctx.allocate(3)) {
      assertArrayEquals(new float[3], ok.toArray(), "the context is usable after refused allocations");
    }
  }
}
