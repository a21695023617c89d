package io.jkernels.kernels.scalar;

import io.jkernels.kernels.pcr.PcrKernels;

/** PCR family on the CPU (scalar). */
public final class ScalarPcrKernels implements PcrKernels {}
