package io.jkernels.kernels.cuda;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, in the kernel's parameter order, with their C types: device pointers and
 * 64-bit integers (8 bytes), 32-bit integers and floats (4 bytes). The drivers turn them into cuLaunchKernel's
 * {@code void** kernelParams}. A pointer may carry the extent the kernel reaches through it: {@link CudaDriver}
 * checks that whole range against the live allocations before the launch (the CUDA side's one bounds guard).
 */
public final class KernelArgs {
  /** C type of one argument. */
  public enum Kind { POINTER, I64, I32, F32, F64 }

  private Kind[] kinds = new Kind[8];
  private long[] bits = new long[8];
  private long[] extents = new long[8];
  private int count;

  public static KernelArgs of() {
    return new KernelArgs();
  }

  /** A device address (a {@code T*} parameter) inside a live allocation. */
  public KernelArgs pointer(long address) {
    return pointer(address, 0);
  }

  /**
   * A device address through which the kernel reaches {@code bytes} bytes: {@code [address, address + bytes)} must
   * lie in one live allocation ({@code bytes = 0}: the address itself must).
   */
  public KernelArgs pointer(long address, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("pointer extent must be >= 0 bytes, got " + bytes);
    }
    add(Kind.POINTER, address);
    extents[count - 1] = bytes;
    return this;
  }

  /** A {@code long long} parameter. */
  public KernelArgs i64(long value) {
    return add(Kind.I64, value);
  }

  /** An {@code int} (or {@code unsigned}) parameter. */
  public KernelArgs i32(int value) {
    return add(Kind.I32, value);
  }

  /** A {@code float} parameter. */
  public KernelArgs f32(float value) {
    return add(Kind.F32, Float.floatToRawIntBits(value));
  }

  /** A {@code double} parameter. */
  public KernelArgs f64(double value) {
    return add(Kind.F64, Double.doubleToRawLongBits(value));
  }

  /** The start of a span, carrying its extent. */
  KernelArgs pointer(DeviceSpan span) {
    return pointer(span.address(), span.bytes());
  }

  private KernelArgs add(Kind kind, long value) {
    if (count == kinds.length) {
      kinds = Arrays.copyOf(kinds, count * 2);
      bits = Arrays.copyOf(bits, count * 2);
      extents = Arrays.copyOf(extents, count * 2);
    }
    kinds[count] = kind;
    bits[count] = value;
    extents[count] = 0;
    count++;
    return this;
  }

  public int count() {
    return count;
  }

  public Kind kind(int i) {
    return kinds[i];
  }

  /** Bytes a pointer argument reaches (0: only its address is known); 0 for the other kinds. */
  public long extent(int i) {
    return extents[i];
  }

  /** The raw value: the address or integer, or the float's or double's bits. */
  public long bits(int i) {
    return bits[i];
  }
}
