package io.jkernels.kernels.cuda;

import io.jkernels.kernels.cuda.KernelCostReport.KernelCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A kernel's cost floor, stated in its {@code .cu} comment as {@code // Cost floor: word word …} (the emulation
 * generator copies the words into the library; {@link KernelCostMeter#floors()} reads them back), checked against
 * what {@link KernelCostMeter} counted over the kernel's launches. Words:
 * <ul>
 *   <li>{@code coalescing>=F}: distinct bytes asked for / bytes of the 32-byte sectors moved, over every global
 *       warp-level request (1.0 = every sector fully used; a stride-2 float load gives 0.5);
 *   <li>{@code conflict<=F}: shared-memory wavefronts per ideal wavefront (1.0 = no bank conflict);
 *   <li>{@code l2/dram<=F}: global sectors requested per distinct sector (1.0 = every byte read from L2 once);
 *   <li>{@code same-value-writes}: writes by several threads of one word of global memory are intended (every
 *       writer stores the same value, as the kernel's comment says); other races still fail.
 * </ul>
 * Every floor also requires no race. The reason for each number is the comment it stands in.
 */
public record KernelCostFloor(String kernel, double coalescing, double conflict, double l2PerDram,
    boolean sameValueWrites) {
  /** Parses the words; an unknown or malformed word is an error, not a floor that checks nothing. */
  public static KernelCostFloor parse(String kernel, String words) {
    double coalescing = 0, conflict = Double.POSITIVE_INFINITY, l2 = Double.POSITIVE_INFINITY;
    boolean sameValue = false;
    if (words.isBlank()) {
      throw new IllegalArgumentException(kernel + " states no cost floor: add a '// Cost floor: …' line to the "
          + "comment above it in its .cu file (see KernelCostFloor)");
    }
    for (String w : words.trim().split("\\s+")) {
      try {
        if (w.startsWith("coalescing>=")) {
          coalescing = Double.parseDouble(w.substring("coalescing>=".length()));
        } else if (w.startsWith("conflict<=")) {
          conflict = Double.parseDouble(w.substring("conflict<=".length()));
        } else if (w.startsWith("l2/dram<=")) {
          l2 = Double.parseDouble(w.substring("l2/dram<=".length()));
        } else if (w.equals("same-value-writes")) {
          sameValue = true;
        } else {
          throw new IllegalArgumentException("unknown word");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(kernel + ": cost floor word '" + w + "' is not one of coalescing>=F, "
            + "conflict<=F, l2/dram<=F, same-value-writes", e);
      }
    }
    return new KernelCostFloor(kernel, coalescing, conflict, l2, sameValue);
  }

  /** What the counts break of this floor (empty when they hold it). */
  public List<String> violations(KernelCost c) {
    List<String> out = new ArrayList<>();
    if (c.coalescing() < coalescing) {
      out.add(String.format(Locale.ROOT, "%s: global accesses %.1f %% coalesced, floor %.1f %%", kernel,
          100 * c.coalescing(), 100 * coalescing));
    }
    if (c.conflictDegree() > conflict) {
      out.add(String.format(Locale.ROOT, "%s: shared-memory conflict degree %.2f (worst %d-way), floor %.2f",
          kernel, c.conflictDegree(), c.maxWays(), conflict));
    }
    if (c.l2PerDram() > l2PerDram) {
      out.add(String.format(Locale.ROOT, "%s: %.2f global sectors requested per distinct sector, floor %.2f",
          kernel, c.l2PerDram(), l2PerDram));
    }
    for (KernelCostReport.Race r : c.races()) {
      boolean intended = sameValueWrites && r.kind().equals("write-after-write") && r.space().equals("global");
      if (!intended) {
        out.add(kernel + ": race: " + r);
      }
    }
    return out;
  }
}
