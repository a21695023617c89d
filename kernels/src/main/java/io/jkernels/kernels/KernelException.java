package io.jkernels.kernels;

/**
 * A backend failed while running a kernel (for CUDA: a driver error, named, e.g. CUDA_ERROR_OUT_OF_MEMORY).
 * The context stays usable afterwards. Bad arguments are never reported this way: they get
 * {@link IllegalArgumentException} before anything runs.
 */
public class KernelException extends RuntimeException {
  public KernelException(String message) {
    super(message);
  }

  public KernelException(String message, Throwable cause) {
    super(message, cause);
  }
}
