package io.jkernels.kernels.pcr;

/** Backend contract of the parallel-cyclic-reduction family (DeepPCR, Danieli et al. 2023). */
public interface PcrKernels {}
