package io.jkernels.kernels.cuda;

import io.jkernels.kernels.cuda.KernelCostReport.Launch;
import java.util.List;

/**
 * Predicted GPU time of a counted launch ({@link KernelCostReport.Launch}), as a roofline over three memory roofs
 * plus a fixed launch cost: time = launch + max(DRAM bytes / HBM bandwidth, L2 bytes / L2 bandwidth, shared
 * wavefronts / (SMs · clock)), each roof scaled down when the grid has fewer blocks than the device has SMs (one
 * block keeps one SM busy, at most). DRAM bytes are the distinct sectors the launch touched (so the footprint is
 * assumed to fit in L2, true for the small cases this is measured on, and reuse across launches is not credited);
 * L2 bytes are all the sectors the warp requests asked for (no L1 reuse credited).
 *
 * <p>What it leaves out, so read it as a floor, not a forecast: latency (a kernel with too few bytes in flight per
 * SM does not reach the bandwidth), occupancy, instruction and flop costs (every kernel here is bound by memory by
 * design; a compute-bound kernel is under-predicted), atomics' serialisation, DRAM page effects and the 64-byte
 * DRAM burst, and clock throttling. The bandwidths are the nominal ones of the data sheets (achievable streaming
 * bandwidth is typically 85–93 % of them); gpu-check.sh prints the prediction beside the measured time.
 */
public record GpuRoofline(String name, double hbmBytesPerSecond, double l2BytesPerSecond, int multiprocessors,
    double clockHz, double launchSeconds) {
  /** H100 SXM5: HBM3 3.35 TB/s, 132 SMs at 1.98 GHz; L2 bandwidth about 5.5 TB/s (microbenchmarks, not a spec). */
  public static final GpuRoofline H100 = new GpuRoofline("H100 SXM", 3.35e12, 5.5e12, 132, 1.98e9, 3e-6);
  /** H200 SXM: the same GH100 chip with HBM3e at 4.8 TB/s. */
  public static final GpuRoofline H200 = new GpuRoofline("H200 SXM", 4.8e12, 5.5e12, 132, 1.98e9, 3e-6);
  public static final List<GpuRoofline> DEVICES = List.of(H100, H200);

  /** Seconds for one launch. */
  public double seconds(Launch l) {
    double busy = Math.min(1.0, l.blocks() / (double) multiprocessors);
    long l2Bytes = 0;
    long wavefronts = 0;
    for (KernelCostReport.Site s : l.sites()) {
      if (s.space().equals("global")) {
        l2Bytes += 32 * s.sectors();
      } else if (s.space().equals("shared")) {
        wavefronts += s.wavefronts();
      }
    }
    double dram = l.dramBytes() / (hbmBytesPerSecond * busy);
    double l2 = l2Bytes / (l2BytesPerSecond * busy);
    double shared = wavefronts / (multiprocessors * clockHz * busy);
    return launchSeconds + Math.max(dram, Math.max(l2, shared));
  }

  /** Seconds for launches run one after another on one stream. */
  public double seconds(List<Launch> launches) {
    double total = 0;
    for (Launch l : launches) {
      total += seconds(l);
    }
    return total;
  }
}
