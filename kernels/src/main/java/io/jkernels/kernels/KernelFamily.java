package io.jkernels.kernels;

import io.jkernels.kernels.cpu.CpuPrimitives;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kernel family as the backends see it: its contract, how a CPU backend builds it over the CPU primitive seam,
 * and the class that implements it on CUDA. Every family is listed once, in {@link Families}; a backend or a
 * provider never names a family, so adding one touches no backend.
 *
 * <p>{@code cudaImplementation} names a class of package {@code io.jkernels.kernels.cuda} with a constructor taking
 * that package's {@code CudaBackend}; it is loaded by name so that this class never links against JCuda.
 *
 * @param <K> the family's backend contract, e.g. {@link io.jkernels.kernels.transport.TransportKernels}
 */
public final class KernelFamily<K> {
  private final String name;
  private final Class<K> contract;
  private final Function<CpuPrimitives, ? extends K> cpu;
  private final String cudaImplementation;

  private KernelFamily(String name, Class<K> contract, Function<CpuPrimitives, ? extends K> cpu,
      String cudaImplementation) {
    this.name = Objects.requireNonNull(name, "name");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.cpu = Objects.requireNonNull(cpu, "cpu");
    this.cudaImplementation = Objects.requireNonNull(cudaImplementation, "cudaImplementation");
  }

  public static <K> KernelFamily<K> of(String name, Class<K> contract, Function<CpuPrimitives, ? extends K> cpu,
      String cudaImplementation) {
    return new KernelFamily<>(name, contract, cpu, cudaImplementation);
  }

  /** "transport", "pcr", "ambisonics", … */
  public String name() {
    return name;
  }

  public Class<K> contract() {
    return contract;
  }

  /** The family's CPU kernels over {@code primitives} (scalar loops or the Vector API). */
  public K cpu(CpuPrimitives primitives) {
    return contract.cast(cpu.apply(primitives));
  }

  /** Binary name of the CUDA implementation class. */
  public String cudaImplementation() {
    return cudaImplementation;
  }

  @Override
  public String toString() {
    return "KernelFamily[" + name + "]";
  }
}
