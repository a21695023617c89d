package io.jkernels.kernels.cpu;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.transport.ChannelFits;
import io.jkernels.kernels.transport.SortedChannelFit;
import io.jkernels.kernels.transport.TransportKernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * {@link TransportKernels#fit} on the CPU, shared by the scalar and vector backends: the cost is the sort, and
 * {@link Arrays#sort(float[])} already uses the JDK's AVX-512/AVX2 sort intrinsics (JDK 22+), so there is no
 * separate Vector API version. Channels are processed in blocks: the rows are read once, block-wide (one cache line
 * per row for 16 channels), into per-channel columns, which are sorted and fitted; blocks run in parallel.
 */
public final class CpuTransportFit {
  /** Channels per block: 16 floats = one 64-byte cache line of each row. */
  private static final int BLOCK = 16;
  /** Upper bound on the floats one block holds per side, so huge sample counts do not multiply the memory use. */
  private static final long BLOCK_FLOATS = 1L << 23;

  private CpuTransportFit() {}

  public static ChannelFits fit(Buffer source, long sourceRows, Buffer target, long targetRows, int channels) {
    MemorySegment a = HostBuffer.segmentOf(source);
    MemorySegment b = HostBuffer.segmentOf(target);
    int na = Math.toIntExact(sourceRows);
    int nb = Math.toIntExact(targetRows);
    long longest = Math.max(na, nb);
    int block = (int) Math.max(1, Math.min(BLOCK, BLOCK_FLOATS / longest));
    long blocks = (channels + block - 1) / block;
    ChannelFits out = ChannelFits.forChannels(channels);
    CpuParallel.forRange(blocks, 1, (from, to) -> {
      float[][] colA = new float[block][na];
      float[][] colB = new float[block][nb];
      float[] row = new float[block];
      for (long blk = from; blk < to; blk++) {
        int c0 = (int) (blk * block);
        int width = Math.min(block, channels - c0);
        gatherColumns(a, na, channels, c0, width, colA, row);
        gatherColumns(b, nb, channels, c0, width, colB, row);
        for (int j = 0; j < width; j++) {
          Arrays.sort(colA[j]);
          Arrays.sort(colB[j]);
          SortedChannelFit.fit(colA[j], na, colB[j], nb, c0 + j, out);
        }
      }
    });
    return out;
  }

  /** Transposes channels [c0, c0+width) of a rows×channels segment into {@code columns[j][r]}. */
  private static void gatherColumns(MemorySegment data, int rows, int channels, int c0, int width, float[][] columns,
      float[] row) {
    for (int r = 0; r < rows; r++) {
      MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, ((long) r * channels + c0) * Float.BYTES, row, 0, width);
      for (int j = 0; j < width; j++) {
        columns[j][r] = row[j];
      }
    }
  }
}
