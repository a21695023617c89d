package io.jkernels.kernels.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.room.ImageSourceKernels;
import java.lang.foreign.MemorySegment;

/**
 * The room family on the CPU, one body over {@link CpuPrimitives}: the output is cut into blocks of
 * {@link #BLOCK} samples per room (the parallel work items, each owned by one thread, so no two threads write the
 * same sample); a block gathers the contiguous run of images whose window reaches it (binary search on the sorted
 * delays), evaluates each image's windowed-sinc taps once in double, and adds them to every band and channel with
 * {@link CpuPrimitives#axpy} (vectorised across the ≤ 2W samples an image touches).
 */
public final class CpuImageSourceKernels implements ImageSourceKernels {
  /** Samples per work item: large enough that the per-block binary search and taps at block edges are noise. */
  static final int BLOCK = 2048;

  private final CpuPrimitives primitives;

  public CpuImageSourceKernels(CpuPrimitives primitives) {
    this.primitives = primitives;
  }

  @Override
  public void synthesize(Buffer delays, Buffer gains, Buffer weights, int[] imageStart, int bands, int channels,
      int samples, int halfWidth, Buffer out) {
    int rooms = imageStart.length - 1;
    long images = imageStart[rooms];
    check(delays.length() >= images && gains.length() >= images * bands && weights.length() >= images * channels
        && out.length() >= (long) rooms * bands * channels * samples && halfWidth >= 1, "buffer sizes");
    MemorySegment d = HostBuffer.segmentOf(delays);
    MemorySegment g = HostBuffer.segmentOf(gains);
    MemorySegment w = HostBuffer.segmentOf(weights);
    MemorySegment o = HostBuffer.segmentOf(out);
    long blocksPerRoom = (samples + BLOCK - 1) / BLOCK;
    CpuParallel.forRange(rooms * blocksPerRoom, 1, (from, to) -> {
      float[] taps = new float[2 * halfWidth + 1];
      WindowedSinc sinc = new WindowedSinc(halfWidth);
      MemorySegment tapSegment = MemorySegment.ofArray(taps);
      for (long item = from; item < to; item++) {
        int room = (int) (item / blocksPerRoom);
        int t0 = (int) (item % blocksPerRoom) * BLOCK;
        int t1 = Math.min(samples, t0 + BLOCK);
        block(d, g, w, o, imageStart[room], imageStart[room + 1], images, room, bands, channels, samples,
            halfWidth, t0, t1, sinc, taps, tapSegment);
      }
    });
  }

  private void block(MemorySegment d, MemorySegment g, MemorySegment w, MemorySegment o, int first, int end,
      long images, int room, int bands, int channels, int samples, int halfWidth, int t0, int t1, WindowedSinc sinc,
      float[] taps, MemorySegment tapSegment) {
    long roomBase = (long) room * bands * channels * samples;
    for (int bc = 0; bc < bands * channels; bc++) {
      o.asSlice((roomBase + (long) bc * samples + t0) * Float.BYTES, (long) (t1 - t0) * Float.BYTES)
          .fill((byte) 0);
    }
    // Images with t0 − W < delay < t1 + W − 1 … the window |t − delay| < W reaches some t in [t0, t1).
    int lo = firstAbove(d, first, end, t0 - halfWidth);
    for (int i = lo; i < end; i++) {
      double delay = d.getAtIndex(JAVA_FLOAT, i);
      if (delay >= t1 - 1 + halfWidth) {
        break;
      }
      int start = Math.max(t0, (int) Math.floor(delay) - halfWidth + 1);
      int stop = Math.min(t1, (int) Math.ceil(delay) + halfWidth); // exclusive; |x| = W contributes 0
      if (stop <= start) {
        continue;
      }
      sinc.taps(start - delay, stop - start, taps);
      for (int b = 0; b < bands; b++) {
        float gain = g.getAtIndex(JAVA_FLOAT, (long) b * images + i);
        for (int c = 0; c < channels; c++) {
          float alpha = gain * w.getAtIndex(JAVA_FLOAT, (long) i * channels + c);
          if (alpha != 0f) {
            long row = roomBase + ((long) b * channels + c) * samples;
            primitives.axpy(alpha, tapSegment, 0, o, row + start, stop - start);
          }
        }
      }
    }
  }

  /** First index in [first, end) whose delay is &gt; {@code bound} (delays ascending). */
  private static int firstAbove(MemorySegment d, int first, int end, double bound) {
    int lo = first;
    int hi = end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (d.getAtIndex(JAVA_FLOAT, mid) > bound) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("image-source synthesis: inconsistent " + what);
    }
  }
}
