package io.jkernels.pcr;

/** Parallel cyclic reduction and DeepPCR on one backend; from {@code KernelContext.pcr()}. */
public interface Pcr {}
