package io.jkernels.validation;

import io.jkernels.KernelContext;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One conformance case of any family: its family and public operation, what the case exercises, a tolerance with
 * its reason, whether it is {@link ConformanceCheck#large() large}, and the body that runs it on a context and
 * returns its error metric. Every family's checks are these; a family adapts its own body shape with a small
 * factory (e.g. a body over {@code context.pcr()}).
 */
public record Check(String family, String operation, String caseName, double tolerance, String toleranceReason,
    boolean large, BiFunction<KernelContext, SplittableRandom, Double> body) implements ConformanceCheck {

  @Override
  public double measure(KernelContext context, SplittableRandom random) {
    return body.apply(context, random);
  }
}
