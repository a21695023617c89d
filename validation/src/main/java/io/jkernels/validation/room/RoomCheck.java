package io.jkernels.validation.room;

import io.jkernels.KernelContext;
import io.jkernels.validation.ConformanceCheck;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/** One room conformance case: a name, a tolerance with its reason, and the body that measures it. */
record RoomCheck(String operation, String caseName, double tolerance, String toleranceReason, boolean large,
    BiFunction<KernelContext, SplittableRandom, Double> body) implements ConformanceCheck {

  @Override
  public String family() {
    return "room";
  }

  @Override
  public double measure(KernelContext context, SplittableRandom random) {
    return body.apply(context, random);
  }
}
