package io.jkernels.kernels.cuda;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, in the kernel's parameter order, with their C types: device pointers and
 * 64-bit integers (8 bytes), 32-bit integers and floats (4 bytes). The drivers turn them into cuLaunchKernel's
 * {@code void** kernelParams}.
 */
public final class KernelArgs {
  /** C type of one argument. */
  public enum Kind { POINTER, I64, I32, F32, F64 }

  private Kind[] kinds = new Kind[8];
  private long[] bits = new long[8];
  private int count;

  public static KernelArgs of() {
    return new KernelArgs();
  }

  /** A device address (a {@code T*} parameter). */
  public KernelArgs pointer(long address) {
    return add(Kind.POINTER, address);
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

  private KernelArgs add(Kind kind, long value) {
    if (count == kinds.length) {
      kinds = Arrays.copyOf(kinds, count * 2);
      bits = Arrays.copyOf(bits, count * 2);
    }
    kinds[count] = kind;
    bits[count] = value;
    count++;
    return this;
  }

  public int count() {
    return count;
  }

  public Kind kind(int i) {
    return kinds[i];
  }

  /** The raw value: the address or integer, or the float's or double's bits. */
  public long bits(int i) {
    return bits[i];
  }
}
