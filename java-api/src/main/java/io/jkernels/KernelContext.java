package io.jkernels;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.pcr.Pcr;
import io.jkernels.transport.Transport;

/**
 * One backend, opened by {@link Kernels#open()}. Thread-safe; one per application is the normal use. Closing it
 * frees the backend's resources; {@link FloatArray}s made by it must be closed first (see {@link #liveArrays()}).
 */
public interface KernelContext extends AutoCloseable {
  Backend backend();

  /** E.g. the device name and compute capability, or the CPU's vector width; says when CUDA is emulated. */
  String description();

  FloatArray upload(float[] data);

  /** A zero-filled array of {@code length} floats. */
  FloatArray allocate(long length);

  /** Resident arrays made by this context and not yet closed (leak detection). */
  long liveArrays();

  Pcr pcr();

  Transport transport();

  /** Ambisonic encoding, rotation and decoding (io.jkernels.ambisonics). */
  Ambisonics ambisonics();

  @Override
  void close();
}
