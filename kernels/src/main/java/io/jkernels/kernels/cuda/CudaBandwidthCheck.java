package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.BackendProvider;
import io.jkernels.kernels.Backends;
import io.jkernels.kernels.KernelBackend;
import java.util.Locale;

/**
 * The GPU benchmark of {@code validation/gpu-check.sh}: transport apply's effective bandwidth (8 bytes per element:
 * read and write in place) against a device-to-device copy of the same bytes in the same run, best of several
 * repetitions each. Goal: apply ≥ 85% of the copy. Prints Markdown table rows; exit code 2 when CUDA is off.
 * Usage: {@code java -cp … io.jkernels.kernels.cuda.CudaBandwidthCheck [megabytes]}.
 */
public final class CudaBandwidthCheck {
  private CudaBandwidthCheck() {}

  public static void main(String[] args) {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 512;
    BackendProvider provider = Backends.provider("cuda");
    if (provider.unavailabilityCause().isPresent()) {
      System.out.println("CUDA backend off: " + provider.unavailabilityCause().get());
      System.exit(2);
    }
    int channels = 2304;
    long rows = megabytes * (1L << 20) / Float.BYTES / channels;
    long n = rows * channels;
    try (KernelBackend backend = provider.create()) {
      CudaBackend cuda = (CudaBackend) backend;
      CudaDriver driver = cuda.driver();
      System.out.println("device: " + backend.description());
      try (Buffer x = backend.allocate(n); Buffer copy = backend.allocate(n);
          Buffer params = backend.allocate(channels)) {
        DeviceBuffer dx = cuda.device(x, "x");
        DeviceBuffer dc = cuda.device(copy, "copy");
        driver.memset(dx.address(), (byte) 0, n * Float.BYTES);
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 0.5f);
        params.write(0, ones, 0, channels);
        long bytesMoved = 2 * n * Float.BYTES; // one read and one write of every element, for both operations
        double copyBest = Double.MAX_VALUE;
        double applyBest = Double.MAX_VALUE;
        for (int rep = 0; rep < 12; rep++) {
          long t0 = System.nanoTime();
          driver.copyDeviceToDevice(dx.address(), dc.address(), n * Float.BYTES);
          driver.synchronize();
          long t1 = System.nanoTime();
          // apply synchronises before it returns
          backend.transport().apply(x, rows, channels, params, params, params, params, 0.5f, true);
          long t2 = System.nanoTime();
          if (rep >= 2) { // the first runs load modules and warm the caches
            copyBest = Math.min(copyBest, (t1 - t0) / 1e9);
            applyBest = Math.min(applyBest, (t2 - t1) / 1e9);
          }
        }
        double copyGbs = bytesMoved / copyBest / 1e9;
        double applyGbs = bytesMoved / applyBest / 1e9;
        System.out.println("| operation | bytes moved | best time | GB/s |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| device-to-device copy (ceiling) | %d MiB | %.3f ms | %.1f |%n",
            bytesMoved >> 20, copyBest * 1e3, copyGbs);
        System.out.printf(Locale.ROOT, "| transport apply (%d x %d, in place) | %d MiB | %.3f ms | %.1f |%n", rows,
            channels, bytesMoved >> 20, applyBest * 1e3, applyGbs);
        System.out.printf(Locale.ROOT, "apply / copy = %.1f%% (goal >= 85%%): %s%n", 100 * applyGbs / copyGbs,
            applyGbs >= 0.85 * copyGbs ? "MET" : "NOT MET");
      }
    }
  }
}
