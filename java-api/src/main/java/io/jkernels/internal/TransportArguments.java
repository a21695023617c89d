package io.jkernels.internal;

import io.jkernels.KernelContext;
import io.jkernels.kernels.Buffer;

/** Argument checks of the transport family, shared by apply, fit and the streaming estimator. Not API. */
public final class TransportArguments {
  /** Floats read back per step when scanning resident data for non-finite samples. */
  private static final int SCAN_CHUNK = 1 << 20;

  private TransportArguments() {}

  /** The context as this library's implementation; a foreign implementation cannot hold our buffers. */
  public static BackendContext context(KernelContext context) {
    Arguments.notNull(context, "context");
    if (!(context instanceof BackendContext backend)) {
      throw new IllegalArgumentException("context must come from Kernels.open(), got " + context.getClass());
    }
    return backend;
  }

  public static void requireChannels(int channels) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be > 0, got " + channels);
    }
  }

  /** Rows of a rows×channels sample array, which must hold at least one row. */
  public static long sampleRows(String name, long length, int channels) {
    if (length % channels != 0) {
      throw new IllegalArgumentException(name + " must be rows×channels with channels=" + channels
          + " (a length that is a multiple of " + channels + "), got length " + length);
    }
    long rows = length / channels;
    if (rows < 1) {
      throw new IllegalArgumentException(name + " must hold at least one row of " + channels
          + " channels (rows×channels), got length 0");
    }
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + " has " + rows + " rows; a channel's column must fit a Java array"
          + " (at most " + (Integer.MAX_VALUE - 8) + " rows)");
    }
    return rows;
  }

  /** Throws naming side, row and channel of the first non-finite sample; rows count from {@code firstRow}. */
  public static void requireFinite(String side, float[] data, int channels, long firstRow) {
    requireFinite(side, data, 0, data.length, channels, firstRow);
  }

  private static void requireFinite(String side, float[] data, int from, int count, int channels, long firstIndex) {
    for (int i = from; i < from + count; i++) {
      if (!Float.isFinite(data[i])) {
        long index = firstIndex * channels + (i - from);
        throw new IllegalArgumentException(side + " sample at row " + index / channels + ", channel "
            + index % channels + " is " + data[i] + "; the fit needs finite samples");
      }
    }
  }

  /** As {@link #requireFinite(String, float[], int, long)} for resident data, read back in chunks. */
  public static void requireFinite(String side, Buffer data, long length, int channels, long firstRow) {
    float[] chunk = new float[(int) Math.min(SCAN_CHUNK, length)];
    long base = firstRow * channels;
    for (long done = 0; done < length; done += chunk.length) {
      int count = (int) Math.min(chunk.length, length - done);
      data.read(done, chunk, 0, count);
      for (int i = 0; i < count; i++) {
        if (!Float.isFinite(chunk[i])) {
          long index = base + done + i;
          throw new IllegalArgumentException(side + " sample at row " + index / channels + ", channel "
              + index % channels + " is " + chunk[i] + "; the fit needs finite samples");
        }
      }
    }
  }
}
