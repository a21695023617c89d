package io.jkernels.kernels.vector;

import io.jkernels.kernels.pcr.PcrKernels;

/** PCR family on the CPU (vector). */
public final class VectorPcrKernels implements PcrKernels {}
