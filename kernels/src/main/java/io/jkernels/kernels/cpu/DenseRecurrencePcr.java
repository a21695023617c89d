package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * The dense recurrence {@code x_l = A_l x_{l−1} + b_l} by parallel cyclic reduction (Hillis–Steele form): each
 * step l holds an affine map (M_l, v_l) from x_{l−2^k} to x_l; step k composes it with the map 2^k places back,
 * {@code (M_l, v_l) ← (M_l M_{l−d}, M_l v_{l−d} + v_l)}, and a map with no partner that far back is composed with
 * the identity (identity padding, so any L works, not only powers of two). The initial state is folded into
 * step 0 ({@code v_0 = A_0 x0 + b_0}, {@code M_0 = 0}), so after ⌈log₂ L⌉ steps {@code x_l = v_l}.
 *
 * <p>This is the GPU's algorithm (each step is one batched small-matrix product over all l). On the CPU it does
 * O(L log L · w³) work against the sweep's O(L · w²), so the CPU backends use the sweep; this class is the
 * executable specification the CUDA kernels follow, held to the sweep by the kernels' tests. Layouts as
 * {@code PcrKernels.denseRecurrence}; plain float32 loops.
 */
public final class DenseRecurrencePcr {
  private DenseRecurrencePcr() {}

  /** As {@code PcrKernels.denseRecurrence}. */
  public static void solve(MemorySegment a, MemorySegment b, MemorySegment x0, MemorySegment x, int steps,
      int batch, int width) {
    int w = width;
    for (int s = 0; s < batch; s++) {
      float[] m = new float[steps * w * w];
      float[] v = new float[steps * w];
      for (int l = 0; l < steps; l++) {
        long src = ((long) l * batch + s) * w;
        for (int i = 0; i < w; i++) {
          v[l * w + i] = b.getAtIndex(JAVA_FLOAT, src + i);
          for (int j = 0; j < w; j++) {
            m[(l * w + i) * w + j] = a.getAtIndex(JAVA_FLOAT, (src + i) * w + j);
          }
        }
      }
      // Fold x0 into step 0: v_0 = A_0 x0 + b_0, M_0 = 0.
      for (int i = 0; i < w; i++) {
        float sum = 0;
        for (int j = 0; j < w; j++) {
          sum += m[i * w + j] * x0.getAtIndex(JAVA_FLOAT, (long) s * w + j);
        }
        v[i] += sum;
      }
      java.util.Arrays.fill(m, 0, w * w, 0f);
      for (int d = 1; d < steps; d *= 2) {
        float[] m2 = m.clone();
        float[] v2 = v.clone();
        for (int l = d; l < steps; l++) {
          compose(m, v, l, l - d, m2, v2, w);
        }
        m = m2;
        v = v2;
      }
      store(v, x, s, steps, batch, w);
    }
  }

  /**
   * As {@code PcrKernels.denseRecurrenceAdjoint}: the same reduction run backwards on
   * {@code y_l = A_{l+1}ᵀ y_{l+1} + g_l} ({@code M_{L−1} = 0}, partners 2^k places ahead).
   */
  public static void solveAdjoint(MemorySegment a, MemorySegment g, MemorySegment y, int steps, int batch,
      int width) {
    int w = width;
    for (int s = 0; s < batch; s++) {
      float[] m = new float[steps * w * w];
      float[] v = new float[steps * w];
      for (int l = 0; l < steps; l++) {
        long src = ((long) l * batch + s) * w;
        for (int i = 0; i < w; i++) {
          v[l * w + i] = g.getAtIndex(JAVA_FLOAT, src + i);
        }
        if (l + 1 < steps) {
          long next = ((long) (l + 1) * batch + s) * w;
          for (int i = 0; i < w; i++) {
            for (int j = 0; j < w; j++) {
              m[(l * w + i) * w + j] = a.getAtIndex(JAVA_FLOAT, (next + j) * w + i); // transpose
            }
          }
        }
      }
      for (int d = 1; d < steps; d *= 2) {
        float[] m2 = m.clone();
        float[] v2 = v.clone();
        for (int l = 0; l + d < steps; l++) {
          compose(m, v, l, l + d, m2, v2, w);
        }
        m = m2;
        v = v2;
      }
      store(v, y, s, steps, batch, w);
    }
  }

  /** Writes sample {@code s}'s solved states {@code v} (step-major, w per step) into the batch layout. */
  private static void store(float[] v, MemorySegment out, int s, int steps, int batch, int w) {
    for (int l = 0; l < steps; l++) {
      long dst = ((long) l * batch + s) * w;
      for (int i = 0; i < w; i++) {
        out.setAtIndex(JAVA_FLOAT, dst + i, v[l * w + i]);
      }
    }
  }

  /** (m2_l, v2_l) = (M_l M_p, M_l v_p + v_l): map l after map p. */
  private static void compose(float[] m, float[] v, int l, int p, float[] m2, float[] v2, int w) {
    for (int i = 0; i < w; i++) {
      float vi = v[l * w + i];
      for (int k = 0; k < w; k++) {
        vi += m[(l * w + i) * w + k] * v[p * w + k];
      }
      v2[l * w + i] = vi;
      for (int j = 0; j < w; j++) {
        float sum = 0;
        for (int k = 0; k < w; k++) {
          sum += m[(l * w + i) * w + k] * m[(p * w + k) * w + j];
        }
        m2[(l * w + i) * w + j] = sum;
      }
    }
  }
}
