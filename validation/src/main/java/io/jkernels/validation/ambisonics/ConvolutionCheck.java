package io.jkernels.validation.ambisonics;

import io.jkernels.KernelContext;
import io.jkernels.validation.ConformanceCheck;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** One convolution or binaural conformance case: a name, a tolerance with its reason, and its body. */
record ConvolutionCheck(String operation, String caseName, double tolerance, String toleranceReason, boolean large,
    BiFunction<KernelContext, SplittableRandom, Double> body) implements ConformanceCheck {

  @Override
  public String family() {
    return "ambisonics";
  }

  @Override
  public double measure(KernelContext context, SplittableRandom random) {
    return body.apply(context, random);
  }
}
