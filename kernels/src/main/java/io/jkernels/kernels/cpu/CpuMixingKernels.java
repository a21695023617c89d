package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.ambisonics.MixingKernels;
import io.jkernels.kernels.ambisonics.MixingShape;
import java.lang.foreign.MemorySegment;

/**
 * The ambisonics mixing kernel on the CPU. This class is the one body both CPU backends share: the samples are cut
 * into tiles of {@link #TILE}, split over the fork-join pool, and each tile into segments of one keyframe pair
 * (constant gains, or a ramp with its weights w(j) = min(1, j/fade) in float32). What is done with a segment is the
 * {@link SegmentMixer}: over {@link CpuPrimitives} here ({@link AxpyMixer}: per output row, a {@code scale} for the
 * first non-zero term and an {@code axpy} for every further one, so the row stays in L1 while the input rows stream
 * through), and a register-blocked Vector API loop in {@code VectorMixingKernels}, where the loop shape differs.
 */
public class CpuMixingKernels implements MixingKernels {
  /** Samples per tile: an output row and an input row of it fit L1 together. */
  public static final int TILE = 2048;

  /** What one thread does with a segment of a tile: rows [0, outputs) of out over samples [t, t + len). */
  public interface SegmentMixer {
    /** Per-thread scratch for {@code inputs} inputs (may be null). */
    Object scratch(int inputs, boolean ramps);

    /** out_o = Σ_i G[base + o·inputs + i]·x_i. */
    void constant(float[] g, int base, int outputs, int inputs, MemorySegment x, MemorySegment y, long samples,
        long t, int len, Object scratch);

    /** out_o = Σ_i (G0 + (G1 − G0)·w)·x_i with G0 at base0, G1 at base1 and w[j] the weight of sample t + j. */
    void ramp(float[] g, int base0, int base1, float[] w, int outputs, int inputs, MemorySegment x, MemorySegment y,
        long samples, long t, int len, Object scratch);
  }

  private final SegmentMixer mixer;

  public CpuMixingKernels(CpuPrimitives primitives) {
    this(new AxpyMixer(primitives));
  }

  protected CpuMixingKernels(SegmentMixer mixer) {
    this.mixer = mixer;
  }

  @Override
  public void mix(Buffer gains, int keyframes, long hop, int fade, int outputs, int inputs, Buffer in, Buffer out,
      long samples) {
    MixingShape.check(gains.length(), keyframes, hop, fade, outputs, inputs, in.length(), out.length(), samples);
    if (samples == 0) {
      return;
    }
    MemorySegment gs = HostBuffer.segmentOf(gains);
    float[] g = new float[keyframes * outputs * inputs];
    MemorySegment.copy(gs, JAVA_FLOAT, 0, g, 0, g.length);
    MemorySegment x = HostBuffer.segmentOf(in);
    MemorySegment y = HostBuffer.segmentOf(out);
    long tiles = (samples + TILE - 1) / TILE;
    long grain = Math.max(1, (1L << 20) / ((long) TILE * outputs * inputs));
    CpuParallel.forRange(tiles, grain, (from, to) -> {
      Walk walk = new Walk(g, keyframes, hop, fade, outputs, inputs, x, y, samples);
      for (long k = from; k < to; k++) {
        long t0 = k * TILE;
        walk.run(t0, Math.min(samples, t0 + TILE));
      }
    });
  }

  /** One thread's walk over the keyframe segments of its tiles. */
  private final class Walk {
    private final float[] g;
    private final int keyframes;
    private final long hop;
    private final int fade;
    private final int outputs;
    private final int inputs;
    private final MemorySegment x;
    private final MemorySegment y;
    private final long samples;
    private final float[] weights = new float[TILE];
    private final Object scratch;

    Walk(float[] g, int keyframes, long hop, int fade, int outputs, int inputs, MemorySegment x, MemorySegment y,
        long samples) {
      this.g = g;
      this.keyframes = keyframes;
      this.hop = hop;
      this.fade = fade;
      this.outputs = outputs;
      this.inputs = inputs;
      this.x = x;
      this.y = y;
      this.samples = samples;
      this.scratch = mixer.scratch(inputs, keyframes > 1);
    }

    void run(long t0, long t1) {
      int matrix = outputs * inputs;
      long t = t0;
      while (t < t1) {
        long k = t / hop;
        if (k >= keyframes - 1) {
          mixer.constant(g, (keyframes - 1) * matrix, outputs, inputs, x, y, samples, t, (int) (t1 - t), scratch);
          return;
        }
        long j = t - k * hop;
        if (j < fade) {
          long end = Math.min(t1, k * hop + fade);
          int len = (int) (end - t);
          for (int q = 0; q < len; q++) {
            weights[q] = MixingShape.weight(j + q, fade);
          }
          mixer.ramp(g, (int) k * matrix, (int) (k + 1) * matrix, weights, outputs, inputs, x, y, samples, t, len,
              scratch);
          t = end;
        } else {
          long end = Math.min(t1, (k + 1) * hop);
          mixer.constant(g, (int) (k + 1) * matrix, outputs, inputs, x, y, samples, t, (int) (end - t), scratch);
          t = end;
        }
      }
    }
  }

  /** The segment mixer over {@link CpuPrimitives}: scale + axpy per output row, zero terms skipped. */
  static final class AxpyMixer implements SegmentMixer {
    private final CpuPrimitives primitives;

    AxpyMixer(CpuPrimitives primitives) {
      this.primitives = primitives;
    }

    /** w (TILE), zeros (TILE), w∘x_i (inputs × TILE) and which of those are formed. */
    private record Scratch(float[] w, MemorySegment ws, MemorySegment zero, MemorySegment wx, boolean[] formed) {}

    @Override
    public Object scratch(int inputs, boolean ramps) {
      float[] w = new float[TILE];
      return new Scratch(w, MemorySegment.ofArray(w), MemorySegment.ofArray(new float[TILE]),
          ramps ? MemorySegment.ofArray(new float[inputs * TILE]) : null, new boolean[inputs]);
    }

    @Override
    public void constant(float[] g, int base, int outputs, int inputs, MemorySegment x, MemorySegment y,
        long samples, long t, int len, Object scratch) {
      for (int o = 0; o < outputs; o++) {
        long yo = o * samples + t;
        boolean started = false;
        for (int i = 0; i < inputs; i++) {
          float a = g[base + o * inputs + i];
          if (a == 0f) {
            continue;
          }
          if (started) {
            primitives.axpy(a, x, i * samples + t, y, yo, len);
          } else {
            primitives.scale(a, x, i * samples + t, y, yo, len);
            started = true;
          }
        }
        if (!started) {
          y.asSlice(yo * Float.BYTES, (long) len * Float.BYTES).fill((byte) 0);
        }
      }
    }

    @Override
    public void ramp(float[] g, int base0, int base1, float[] w, int outputs, int inputs, MemorySegment x,
        MemorySegment y, long samples, long t, int len, Object scratch) {
      Scratch s = (Scratch) scratch;
      System.arraycopy(w, 0, s.w(), 0, len);
      java.util.Arrays.fill(s.formed(), false);
      for (int o = 0; o < outputs; o++) {
        long yo = o * samples + t;
        boolean started = false;
        for (int i = 0; i < inputs; i++) {
          float a0 = g[base0 + o * inputs + i];
          float d = g[base1 + o * inputs + i] - a0;
          long xi = i * samples + t;
          if (a0 != 0f) {
            if (started) {
              primitives.axpy(a0, x, xi, y, yo, len);
            } else {
              primitives.scale(a0, x, xi, y, yo, len);
              started = true;
            }
          }
          if (d != 0f) {
            if (!s.formed()[i]) {
              primitives.multiplyAdd(s.ws(), 0, x, xi, s.zero(), 0, s.wx(), (long) i * TILE, len);
              s.formed()[i] = true;
            }
            if (started) {
              primitives.axpy(d, s.wx(), (long) i * TILE, y, yo, len);
            } else {
              primitives.scale(d, s.wx(), (long) i * TILE, y, yo, len);
              started = true;
            }
          }
        }
        if (!started) {
          y.asSlice(yo * Float.BYTES, (long) len * Float.BYTES).fill((byte) 0);
        }
      }
    }
  }
}
