package io.jkernels.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.cuda.EmulatedCuda;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite on every CPU backend this JVM has (surefire runs it once with the Vector API module and
 * once without), and on the CUDA kernels under the emulated driver when its library was built (opened through the
 * {@link EmulatedCuda} test hook, so no system property changes what {@code Kernels.open()} picks; checks marked
 * {@link ConformanceCheck#large()} are skipped there). Real CUDA runs in {@code GpuConformanceTest} (tag gpu). Each case draws fresh random inputs; the
 * seed is in the failure message, and {@code -Djkernels.seed=} replays it.
 */
class ConformanceTest {
  private static final long SEED = ConformanceSuite.seed();
  private static final List<KernelContext> OPENED = new ArrayList<>();

  @TestFactory
  Stream<DynamicNode> everyCheckOnEveryCpuBackend() {
    List<DynamicNode> perBackend = new ArrayList<>();
    for (Backend backend : Kernels.available()) {
      if (backend == Backend.CUDA) {
        continue;
      }
      perBackend.add(suiteOn(backend.id(), () -> Kernels.open(backend), true));
    }
    if (EmulatedCuda.unavailabilityCause().isEmpty()) {
      perBackend.add(suiteOn("cuda (emulated)",
          () -> new BackendContext(Backend.CUDA, EmulatedCuda.openBackend()), false));
    }
    return perBackend.stream();
  }

  static DynamicContainer suiteOn(String name, java.util.function.Supplier<KernelContext> opener,
      boolean includeLarge) {
    KernelContext context = opener.get();
    OPENED.add(context);
    List<DynamicTest> tests = new ArrayList<>();
    for (ConformanceCheck check : ConformanceSuite.all()) {
      if (check.large() && !includeLarge) {
        continue;
      }
      String display = check.family() + " " + check.operation() + " [" + check.caseName() + "]";
      tests.add(DynamicTest.dynamicTest(display, () -> {
        CheckResult r = ConformanceSuite.run(check, context, SEED);
        assertTrue(r.passed(), () -> display + " on " + name + ": error " + r.error() + " > tolerance "
            + r.tolerance() + " (" + check.toleranceReason() + ")"
            + (r.failure() != null ? "; " + r.failure() : "") + "; replay with -Djkernels.seed=" + SEED);
      }));
    }
    return DynamicContainer.dynamicContainer(name + ": " + context.description(), tests);
  }

  @AfterAll
  static void closeContexts() {
    OPENED.forEach(KernelContext::close);
    OPENED.clear();
  }
}
