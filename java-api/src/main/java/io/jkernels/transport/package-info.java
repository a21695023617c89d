/**
 * Activation transport (AcT, Rodriguez et al. 2024): per-channel affine maps that steer a model's activations.
 * {@link io.jkernels.transport.LinearTransport} (or the streaming
 * {@link io.jkernels.transport.LinearTransportEstimator}) fits a {@link io.jkernels.transport.TransportMap} from
 * source and target activations; {@link io.jkernels.transport.Transport#apply} (from
 * {@code KernelContext.transport()}) applies {@code y = x + λ(ωx + β − x)} in place.
 *
 * <h2>Layout</h2>
 * Activations are samples×channels (rows×channels) float32, row-major: sample r, channel c at {@code r*channels + c}.
 * Maps hold one ω, β, support minimum and maximum per channel, and are stored as safetensors (F32 tensors
 * {@code omega}, {@code beta}, {@code support_min}, {@code support_max}, shape [channels]).
 *
 * <p>Errors follow the library's one rule (see {@link io.jkernels}): {@code NullPointerException} for a null argument,
 * {@code IllegalArgumentException} naming the argument and the expected shape for any other bad argument (checked
 * before anything is written), {@code KernelException} for a backend failure; files that are not valid maps get an
 * {@link java.io.IOException} saying what is wrong.
 */
package io.jkernels.transport;
