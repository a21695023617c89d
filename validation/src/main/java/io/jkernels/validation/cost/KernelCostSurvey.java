package io.jkernels.validation.cost;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.internal.BackendContext;
import io.jkernels.kernels.cuda.GpuRoofline;
import io.jkernels.kernels.cuda.KernelCostFloor;
import io.jkernels.kernels.cuda.KernelCostMeter;
import io.jkernels.kernels.cuda.KernelCostReport;
import io.jkernels.kernels.cuda.KernelCostReport.KernelCost;
import io.jkernels.validation.CheckResult;
import io.jkernels.validation.ConformanceCheck;
import io.jkernels.validation.ConformanceSuite;
import io.jkernels.validation.pcr.Pcr64Checks;
import io.jkernels.validation.pcr.PcrChecks;
import io.jkernels.validation.transport.TransportChecks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every CUDA kernel's cost, counted by the instrumented emulation ({@link KernelCostMeter}) while the conformance
 * suite's small cases (those not marked large) run on it: per kernel the DRAM bytes, coalescing, sectors per
 * request, bank-conflict degree, barriers, collectives, atomics, races, its stated floor and whether the counts hold
 * it, and the predicted H100/H200 time of the launches ({@link GpuRoofline}). The checks also run, so a wrong
 * answer on the instrumented library is reported too. Printed by {@code jkernels bench --backend cuda-emulated},
 * {@code jkernels report} and validation/gpu-check.sh; held by KernelCostFloorsTest.
 *
 * <p>Usage: {@code java -cp … io.jkernels.validation.cost.KernelCostSurvey}; exit code 2 when the instrumented
 * library is unavailable, 1 when a floor is broken or a check fails.
 */
public final class KernelCostSurvey {
  private KernelCostSurvey() {}

  /** What one survey found. */
  public record Result(KernelCostReport report, Map<String, String> floors, List<CheckResult> checks) {
    /** Kernels of the library the survey's cases did not launch, so not measured (none, when it is complete). */
    public List<String> unmeasured() {
      return floors.keySet().stream().filter(k -> !report.byKernel().containsKey(k)).toList();
    }

    /** Every broken or missing floor of a measured kernel, and every failed check. */
    public List<String> problems() {
      List<String> out = new ArrayList<>();
      Map<String, KernelCost> costs = report.byKernel();
      floors.forEach((kernel, words) -> {
        KernelCost c = costs.get(kernel);
        if (c == null) {
          return;
        }
        try {
          out.addAll(KernelCostFloor.parse(kernel, words).violations(c));
        } catch (IllegalArgumentException e) {
          out.add(e.getMessage());
        }
      });
      for (CheckResult r : checks) {
        if (!r.passed()) {
          out.add("check failed on the instrumented library: " + r.family() + " " + r.operation() + " ["
              + r.caseName() + "]: " + (r.failure() != null ? r.failure() : "error " + r.error()));
        }
      }
      return out;
    }
  }

  /** Lane accesses an operation's cases may add before the survey moves on: about 0.3 s of instrumented run each. */
  public static final long ACCESS_BUDGET_PER_OPERATION = 300_000;

  /**
   * The smallest cases that launch the kernels the budgeted small cases never reach, run after them whatever the
   * budget (about 3.2 M lane accesses, 2–3 s instrumented): a system one row longer than pcr_tridiag_shared's
   * 2048-row tile (CudaPcrKernels.PCR_CAPACITY) takes one pcr_tridiag_global_step round; width 65, one above the
   * one-block product (CudaPcrKernels.COMPOSE_SMALL_WIDTH), takes the tiled pcr_dense_compose, with 3 steps so that
   * one map has a partner that is not final (2 steps compose only the thin v-column tile); a column of 8191 rows pads
   * to two 4096-float sort tiles (CudaTransportKernels.SORT_TILE), sorted by transport_bitonic_shared and merged by
   * one transport_bitonic_global step (8191, not 4097: the same network, but a second tile of data rather than of
   * +∞ padding, so the merge swaps half its pairs instead of one). One system, one channel. The float64 twins'
   * limits are lower (CudaPcrSolves.FLOAT64: 1024-row shared tile, one-block product up to width 45), so 1025 rows
   * and width 46 cover pcr64_tridiag_global_step and pcr64_dense_compose. KernelCostFloorsTest fails if a kernel is
   * left unmeasured, so a changed threshold shows.
   */
  public static List<ConformanceCheck> coverageCases() {
    return List.of(PcrChecks.dominantTridiagonal(2049, 1, false), PcrChecks.denseRecurrence(3, 65, false),
        Pcr64Checks.dominantTridiagonal(1025, 1, false), Pcr64Checks.denseRecurrence(3, 46, false),
        TransportChecks.unequalFit(8191, 17, 1));
  }

  /** The survey's seed (fixed, so the cases it takes and what they count repeat; -Djkernels.seed= overrides). */
  public static long seed() {
    String fixed = System.getProperty("jkernels.seed");
    return fixed != null ? Long.parseLong(fixed.trim()) : 20261201L;
  }

  /**
   * Runs the small (not large) cases of each (family, operation) of the suite on the meter's backend, in the
   * suite's order, while that operation's cases have counted fewer than {@code budget} lane accesses (at least one
   * case each), then the {@link #coverageCases()}, and collects the counts. The instrumented run costs about 1 µs
   * per access, so this keeps it to seconds with cases of more than a few warps; a kernel none of these launch is
   * listed as not measured (see {@link Result#unmeasured()}); the conformance suite proper runs every case.
   * {@code progress}, if not null, gets one line per case.
   */
  public static Result run(KernelCostMeter meter, long seed, long budget, PrintStream progress) {
    List<CheckResult> results = new ArrayList<>();
    Map<String, Long> spent = new java.util.HashMap<>();
    meter.reset();
    try (KernelContext context = new BackendContext(Backend.CUDA, meter.openBackend())) {
      for (ConformanceCheck check : ConformanceSuite.all()) {
        String operation = check.family() + "/" + check.operation();
        if (check.large()) {
          continue;
        }
        if (spent.getOrDefault(operation, 0L) >= budget) {
          continue;
        }
        spent.merge(operation, Math.max(1, runOne(meter, check, context, seed, results, progress)), Long::sum);
      }
      for (ConformanceCheck check : coverageCases()) {
        runOne(meter, check, context, seed, results, progress);
      }
    }
    return new Result(meter.report(), meter.floors(), results);
  }

  private static long runOne(KernelCostMeter meter, ConformanceCheck check, KernelContext context, long seed,
      List<CheckResult> results, PrintStream progress) {
    long start = System.nanoTime();
    long before = meter.accesses();
    results.add(ConformanceSuite.run(check, context, seed));
    long counted = meter.accesses() - before;
    if (progress != null) {
      progress.printf(Locale.ROOT, "%.2f s  %d accesses  %s %s [%s]%n", (System.nanoTime() - start) * 1e-9,
          counted, check.family(), check.operation(), check.caseName());
    }
    return counted;
  }

  /** The per-kernel table (Markdown), the predicted times, and the problems found. */
  public static void print(Result r, PrintStream out) {
    out.println("Kernel costs counted by the instrumented emulation (conformance suite, small cases; cc 8.0/9.0 "
        + "rules: 32-byte sectors, 32 banks of 4 bytes). Predicted time: launch 3 µs + the highest of DRAM, L2 "
        + "and shared-memory roofs (GpuRoofline: no latency, occupancy or instruction costs, nominal bandwidths).");
    out.println();
    out.println("| kernel | launches | DRAM bytes | coalesced | sectors/req | L2/DRAM | bank conflict (worst) "
        + "| barriers | shuffles | atomics | races | H100 µs | H200 µs | floor |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (KernelCost c : r.report().byKernel().values()) {
      String floor = r.floors().getOrDefault(c.kernel(), "");
      out.printf(Locale.ROOT, "| %s | %d | %d | %.1f %% | %.2f | %.2f | %.2f (%d-way) | %d | %d | %d | %d | %.1f "
              + "| %.1f | %s |%n", c.kernel(), c.launches(), c.dramBytes(), 100 * c.coalescing(),
          c.sectorsPerRequest(), c.l2PerDram(), c.conflictDegree(), Math.max(1, c.maxWays()), c.barriers(),
          c.shuffles(), c.atomics(), c.races().size(), 1e6 * GpuRoofline.H100.seconds(c.perLaunch()),
          1e6 * GpuRoofline.H200.seconds(c.perLaunch()), floor.isEmpty() ? "(none)" : floor);
    }
    out.println();
    if (!r.unmeasured().isEmpty()) {
      out.println("Not measured (no survey case launched them): "
          + String.join(", ", r.unmeasured()) + ".");
      out.println();
    }
    List<String> problems = r.problems();
    out.println(problems.isEmpty() ? "Every kernel holds its cost floor; no race."
        : "Cost problems (" + problems.size() + "):");
    problems.forEach(p -> out.println("- " + p));
  }

  /** The sites of each kernel (per source line: requests, sectors, efficiency; shared wavefronts), Markdown. */
  public static void printSites(Result r, PrintStream out) {
    for (String kernel : r.report().byKernel().keySet()) {
      out.println();
      out.println("### " + kernel);
      out.println("| line | space | op | bytes/lane | requests | sectors/req | efficiency | wavefronts/req |");
      out.println("|---|---|---|---|---|---|---|---|");
      for (KernelCostReport.Site s : r.report().sitesOf(kernel)) {
        if (s.space().equals("local")) {
          out.printf(Locale.ROOT, "| %s | local | %s | %d | %d lane accesses | | | |%n", s.at(), s.op(), s.size(),
              s.lanes());
          continue;
        }
        boolean global = s.space().equals("global");
        out.printf(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s |%n", s.at(), s.space(), s.op(), s.size(),
            s.requests(), global ? String.format(Locale.ROOT, "%.2f", s.sectors() / (double) s.requests()) : "",
            global ? String.format(Locale.ROOT, "%.1f %%", 100.0 * s.unique() / (32.0 * s.sectors())) : "",
            global ? "" : String.format(Locale.ROOT, "%.2f", s.wavefronts() / (double) s.ideal()));
      }
    }
  }

  public static void main(String[] args) {
    if (KernelCostMeter.unavailabilityCause().isPresent()) {
      System.out.println("kernel cost survey off: " + KernelCostMeter.unavailabilityCause().get());
      System.exit(2);
    }
    long budget = Long.getLong("jkernels.cost.budget", ACCESS_BUDGET_PER_OPERATION);
    Result r = run(KernelCostMeter.packaged(), seed(), budget,
        Boolean.getBoolean("jkernels.cost.progress") ? System.err : null);
    print(r, System.out);
    if (args.length > 0 && args[0].equals("sites")) {
      printSites(r, System.out);
    }
    System.exit(r.problems().isEmpty() ? 0 : 1);
  }
}
