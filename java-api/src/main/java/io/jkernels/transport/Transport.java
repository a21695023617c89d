package io.jkernels.transport;

/** Applies transport maps to activation tensors on one backend; from {@code KernelContext.transport()}. */
public interface Transport {}
