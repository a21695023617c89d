package io.jkernels.internal.pcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.kernels.Backends;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.pcr.ActivationKind;
import io.jkernels.kernels.pcr.PcrKernels;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch chunking (the Jacobian memory budget of backends whose Newton step forms the Jacobians, and of the
 * adjoint solve) must not change answers: Newton per chunk converges to the same states, and the chunked adjoint
 * solve gives the same gradients bit for bit (each batch element's adjoint is the same arithmetic whatever the
 * chunk). Plain and residual nets; the proxy's forward takes the correction-form step of Jacobian-forming backends.
 */
class DeepPcrSolverTest {
  private static final int LAYERS = 9;
  private static final int WIDTH = 5;
  private static final int BATCH = 7;

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble(-1, 1) * scale);
    }
    return v;
  }

  /**
   * The scalar backend made to behave like a GPU one: its Newton step forms the Jacobians (the contract's default
   * path), so the forward pass chunks its batch under a budget.
   */
  private static KernelBackend formingJacobians(KernelBackend cpu) {
    PcrKernels pcr = (PcrKernels) Proxy.newProxyInstance(PcrKernels.class.getClassLoader(),
        new Class<?>[] {PcrKernels.class}, (p, m, args) -> {
          if (m.getName().equals("newtonStepNeedsJacobians")) {
            return true;
          }
          if (m.getName().equals("mlpNewtonStep")) {
            return InvocationHandler.invokeDefault(p, m, args);
          }
          try {
            return m.invoke(cpu.pcr(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return (KernelBackend) Proxy.newProxyInstance(KernelBackend.class.getClassLoader(),
        new Class<?>[] {KernelBackend.class}, (p, m, args) -> {
          if (m.getName().equals("pcr")) {
            return pcr;
          }
          try {
            return m.invoke(cpu, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void chunkedBatchesGiveTheSameStatesAndGradients(boolean residual) {
    KernelBackend kb = formingJacobians(Backends.provider("scalar").create());
    SplittableRandom r = new SplittableRandom(3);
    float[] w = random(r, LAYERS * WIDTH * WIDTH, 0.6 / Math.sqrt(WIDTH));
    float[] c = random(r, LAYERS * WIDTH, 0.5);
    float[] in = random(r, BATCH * WIDTH, 1);
    float[] g = random(r, BATCH * WIDTH, 1);
    int n = LAYERS * BATCH * WIDTH;
    long oneElement = (long) LAYERS * WIDTH * WIDTH;
    float[][] states = new float[2][n];
    float[][] dW = new float[2][w.length];
    float[][] dc = new float[2][c.length];
    float[][] dIn = new float[2][in.length];
    long[] budgets = {Long.MAX_VALUE, 3 * oneElement}; // whole batch, then chunks of 3, 3, 1
    for (int k = 0; k < 2; k++) {
      try (Buffer wb = kb.bindArray(w);
          Buffer cb = kb.bindArray(c);
          Buffer ib = kb.bindArray(in);
          Buffer gb = kb.bindArray(g);
          Buffer sb = kb.bindArray(states[k]);
          Buffer dwb = kb.bindArray(dW[k]);
          Buffer dcb = kb.bindArray(dc[k]);
          Buffer dib = kb.bindArray(dIn[k])) {
        DeepPcrSolver.Network net = new DeepPcrSolver.Network(ActivationKind.TANH, wb, cb, LAYERS, WIDTH, residual);
        DeepPcrSolver.Outcome o = DeepPcrSolver.forward(kb, net, ib, sb, BATCH, 1e-6, 30, budgets[k]);
        assertTrue(o.converged(), "converged with budget " + budgets[k]);
        DeepPcrSolver.backward(kb, net, ib, sb, gb, BATCH, dib, dwb, dcb, budgets[k]);
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(states[0][i], states[1][i], 2e-6, "state " + i);
    }
    // gradients from identical states are identical; recompute the unchunked ones from the chunked states
    try (Buffer wb = kb.bindArray(w);
        Buffer cb = kb.bindArray(c);
        Buffer ib = kb.bindArray(in);
        Buffer gb = kb.bindArray(g);
        Buffer sb = kb.bindArray(states[1]);
        Buffer dwb = kb.bindArray(dW[0]);
        Buffer dcb = kb.bindArray(dc[0]);
        Buffer dib = kb.bindArray(dIn[0])) {
      DeepPcrSolver.Network net = new DeepPcrSolver.Network(ActivationKind.TANH, wb, cb, LAYERS, WIDTH, residual);
      DeepPcrSolver.backward(kb, net, ib, sb, gb, BATCH, dib, dwb, dcb, Long.MAX_VALUE);
    }
    assertArrayEquals(dW[0], dW[1]);
    assertArrayEquals(dc[0], dc[1]);
    assertArrayEquals(dIn[0], dIn[1]);
    assertEquals(0, kb.liveBuffers(), "scratch buffers freed");
    kb.close();
  }
}
