/**
 * jkernels: numerical kernels for the JVM behind one API, on three backends (CUDA, the Vector API, scalar loops).
 *
 * <p>Start with {@link io.jkernels.Kernels#open()} (the best backend present: CUDA &gt; VECTOR &gt; SCALAR, or the one
 * {@code -Djkernels.backend=cuda|vector|scalar} names); {@link io.jkernels.Kernels#unavailabilityCause} says why a
 * backend is off. A {@link io.jkernels.KernelContext} is thread-safe and gives the families:
 * {@link io.jkernels.KernelContext#pcr()} (parallel cyclic reduction, DeepPCR) and
 * {@link io.jkernels.KernelContext#transport()} (activation transport). Run with
 * {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED} for the Vector API backend.
 *
 * <h2>Data</h2>
 * float32 throughout; arrays are flat and row-major, each method states its layout (e.g. rows×channels:
 * element (r, c) at {@code r*channels + c}). {@code float[]} forms copy in and out; {@link io.jkernels.FloatArray}
 * forms keep the data resident on the backend (device memory on CUDA, off-heap memory on the CPU) so that chains of
 * calls move no data. Sizes count floats, never bytes.
 *
 * <h2>Errors, the same in every family</h2>
 * <ul>
 *   <li>A {@code null} argument: {@link java.lang.NullPointerException} naming it.
 *   <li>Any other bad argument (a length that is not the shape, a size below its minimum, a non-finite scalar where
 *       a finite one is needed, an array of another context): {@link java.lang.IllegalArgumentException} naming the
 *       argument and the expected shape. Every check runs before anything is written: a rejected call leaves its
 *       inputs and outputs as they were.
 *   <li>A closed {@link io.jkernels.FloatArray} or {@link io.jkernels.KernelContext}:
 *       {@link java.lang.IllegalStateException} naming the argument.
 *   <li>A singular tridiagonal system: {@link java.lang.ArithmeticException} naming the system.
 *   <li>A backend failure (a CUDA driver error by name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}; an allocation the
 *       operating system refuses): {@code io.jkernels.kernels.KernelException} (unchecked; it lives in the backends'
 *       package because they throw it). The context stays usable afterwards.
 *   <li>A backend asked for by name that cannot run here: {@link io.jkernels.BackendUnavailableException} with the
 *       cause.
 * </ul>
 * Nothing crashes the JVM: every native call is bounds-checked on the Java side first.
 */
package io.jkernels;
