package io.jkernels.kernels;

import io.jkernels.kernels.cpu.CpuPcrKernels;
import io.jkernels.kernels.convolution.ConvolutionKernels;
import io.jkernels.kernels.cpu.CpuPrimitives;
import io.jkernels.kernels.cpu.CpuTransportKernels;
import io.jkernels.kernels.cpu.CpuTridiagonalSolver;
import io.jkernels.kernels.pcr.PcrKernels;
import io.jkernels.kernels.room.ImageSourceKernels;
import io.jkernels.kernels.transport.TransportKernels;
import java.util.List;

/**
 * The registry of kernel families: one constant and one list entry per family. Backends build a family's kernels
 * on first use ({@link KernelBackend#kernels}); nothing else in the backends knows which families exist.
 */
public final class Families {
  private Families() {}

  public static final KernelFamily<TransportKernels> TRANSPORT = KernelFamily.of("transport", TransportKernels.class,
      p -> new CpuTransportKernels(CpuPrimitives.vectorOnly(p, "io.jkernels.kernels.vector.VectorTransportApply",
          () -> CpuTransportKernels.SCALAR_APPLY)),
      "io.jkernels.kernels.cuda.CudaTransportKernels");

  public static final KernelFamily<PcrKernels> PCR = KernelFamily.of("pcr", PcrKernels.class,
      p -> new CpuPcrKernels(p, CpuPrimitives.vectorOnly(p, "io.jkernels.kernels.vector.VectorTridiagonalSweep",
          () -> CpuTridiagonalSolver.SCALAR_SWEEP)),
      "io.jkernels.kernels.cuda.CudaPcrKernels");

  public static final KernelFamily<io.jkernels.kernels.pcr.Pcr64Kernels> PCR64 = KernelFamily.of("pcr64",
      io.jkernels.kernels.pcr.Pcr64Kernels.class, p -> new io.jkernels.kernels.cpu.CpuPcr64Kernels(),
      "io.jkernels.kernels.cuda.CudaPcr64Kernels");

  public static final KernelFamily<ImageSourceKernels> ROOM = KernelFamily.of("room", ImageSourceKernels.class,
      io.jkernels.kernels.cpu.CpuImageSourceKernels::new, "io.jkernels.kernels.cuda.CudaImageSourceKernels");

  public static final KernelFamily<io.jkernels.kernels.ambisonics.MixingKernels> AMBISONICS = KernelFamily.of(
      "ambisonics", io.jkernels.kernels.ambisonics.MixingKernels.class,
      p -> CpuPrimitives.vectorOnly(p, "io.jkernels.kernels.vector.VectorMixingKernels",
          () -> new io.jkernels.kernels.cpu.CpuMixingKernels(p)),
      "io.jkernels.kernels.cuda.CudaAmbisonicsKernels");

  public static final KernelFamily<io.jkernels.kernels.ambisonics.BiquadKernels> AMBISONICS_FILTERS = KernelFamily.of(
      "ambisonics-filters", io.jkernels.kernels.ambisonics.BiquadKernels.class,
      p -> new io.jkernels.kernels.cpu.CpuBiquadKernels(), "io.jkernels.kernels.cuda.CudaBiquadKernels");

  public static final KernelFamily<ConvolutionKernels> CONVOLUTION = KernelFamily.of("convolution",
      ConvolutionKernels.class, io.jkernels.kernels.cpu.CpuConvolutionKernels::new,
      "io.jkernels.kernels.cuda.CudaConvolutionKernels");

  /** Every family, in the order reports list them. */
  public static List<KernelFamily<?>> all() {
    return List.of(
        TRANSPORT,
        PCR,
        PCR64,
        ROOM,
        AMBISONICS,
        AMBISONICS_FILTERS,
        CONVOLUTION);
  }
}
