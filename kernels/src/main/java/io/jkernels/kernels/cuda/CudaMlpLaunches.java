package io.jkernels.kernels.cuda;

import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.cuda.CudaDriver.Dim3;
import io.jkernels.kernels.pcr.ActivationKind;
import java.lang.foreign.MemorySegment;

/**
 * The launch logic of the MLP primitives on CUDA ({@code cuda-src/pcr.cu}, one thread per output), written once for
 * both element types: {@link CudaPcrKernels} drives the {@code pcr_mlp_*} kernels through the
 * {@link CudaPcrSolves#FLOAT32} instance, {@link CudaPcr64Kernels} the {@code pcr64_mlp_*} ones (the double
 * instantiations of the same templates). Methods as {@code io.jkernels.kernels.pcr.MlpKernels}; every buffer goes to
 * the launch as the {@link DeviceSpan} of the bytes the kernel reaches.
 */
final class CudaMlpLaunches {
  private static final int THREADS = 256;

  private final CudaBackend backend;
  private final String prefix;
  private final int bytes;

  CudaMlpLaunches(CudaBackend backend, CudaPcrSolves precision) {
    this.backend = backend;
    this.prefix = precision.prefix();
    this.bytes = precision.bytes();
  }

  private CudaDriver driver() {
    return backend.driver();
  }

  private String kernel(String name) {
    return prefix + "_" + name;
  }

  private int gridFor(long work) {
    return Launches.blocks(work, THREADS, 16L * driver().properties().multiprocessors());
  }

  /** The first {@code elements} elements of a buffer of this backend, as the span a kernel reaches. */
  private DeviceSpan span(Buffer buffer, long elements, String name) {
    return DeviceSpan.floats(backend.device(buffer, name), Math.multiplyExact(elements, (long) bytes / Float.BYTES));
  }

  /** The kernels' residual-block flag (an int argument: one kernel serves both kinds of layer). */
  private static int flag(boolean residual) {
    return residual ? 1 : 0;
  }

  void mlpLinearize(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      Buffer values, Buffer slopes, Buffer offsets, int layers, int batch, int width, boolean residual) {
    long n = (long) layers * batch * width;
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan c = span(biases, (long) layers * width, "biases");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    DeviceSpan v = span(values, n, "values");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan of = span(offsets, n, "offsets");
    if (n == 0) {
      return;
    }
    driver().launch(kernel("mlp_linearize"), Dim3.of(gridFor(n)), Dim3.of(THREADS), 0, KernelArgs.of()
        .i32(activation.ordinal()).pointer(w).pointer(c).pointer(in)
        .pointer(st).pointer(v).pointer(sl).pointer(of).i32(layers)
        .i32(batch).i32(width).i32(flag(residual)));
    driver().synchronize();
  }

  void mlpJacobians(Buffer weights, Buffer slopes, Buffer jacobians, int layers, int batch, int width,
      boolean residual) {
    long n = (long) layers * batch * width;
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    long entries = Math.multiplyExact(n, (long) width);
    DeviceSpan j = span(jacobians, entries, "jacobians");
    if (entries == 0) {
      return;
    }
    driver().launch(kernel("mlp_jacobians"), Dim3.of(gridFor(entries)), Dim3.of(THREADS), 0, KernelArgs.of()
        .pointer(w).pointer(sl).pointer(j).i32(layers).i32(batch).i32(width).i32(flag(residual)));
    driver().synchronize();
  }

  /**
   * max |x − y| by {prefix}_max_abs_diff: the kernel leaves the maximum's bit pattern (a float's or a double's:
   * non-negative values order like their bits) in one device word, or a NaN's when a value was not finite.
   */
  double maxAbsDifference(Buffer x, Buffer y, long count) {
    DeviceSpan dx = span(x, count, "x");
    DeviceSpan dy = span(y, count, "y");
    if (count == 0) {
      return 0;
    }
    CudaDriver driver = driver();
    try (DeviceScratch scratch = new DeviceScratch(driver)) {
      long result = scratch.allocate(bytes);
      driver.memset(result, (byte) 0, bytes);
      driver.launch(kernel("max_abs_diff"), Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(dx).pointer(dy).i64(count).pointer(result));
      double max;
      if (bytes == Float.BYTES) {
        int[] bits = new int[1];
        driver.copyToHost(result, MemorySegment.ofArray(bits), Integer.BYTES);
        max = Float.intBitsToFloat(bits[0]);
      } else {
        long[] bits = new long[1];
        driver.copyToHost(result, MemorySegment.ofArray(bits), Long.BYTES);
        max = Double.longBitsToDouble(bits[0]);
      }
      return Double.isNaN(max) ? Double.NaN : max;
    }
  }

  /** out = x + alpha·y by {prefix}_add_scaled (alpha passed as the element type: a float or a double). */
  void addScaled(Buffer x, float alpha, Buffer y, Buffer out, long count) {
    DeviceSpan dx = span(x, count, "x");
    DeviceSpan dy = span(y, count, "y");
    DeviceSpan dout = span(out, count, "out");
    if (count == 0) {
      return;
    }
    KernelArgs args = KernelArgs.of().pointer(dx);
    args = bytes == Float.BYTES ? args.f32(alpha) : args.f64(alpha);
    driver().launch(kernel("add_scaled"), Dim3.of(gridFor(count)), Dim3.of(THREADS), 0,
        args.pointer(dy).pointer(dout).i64(count));
    driver().synchronize();
  }

  void mlpForward(ActivationKind activation, Buffer weights, Buffer biases, Buffer inputs, Buffer states,
      int layers, int batch, int width, boolean residual) {
    long n = (long) layers * batch * width;
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan c = span(biases, (long) layers * width, "biases");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * bytes;
    int grid = gridFor((long) batch * width);
    for (int l = 0; l < layers; l++) {
      DeviceSpan prev = l == 0 ? in : st.slice((l - 1) * layerBytes, layerBytes);
      driver.launch(kernel("mlp_forward_layer"), Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .i32(activation.ordinal()).pointer(w).pointer(c).pointer(prev)
          .pointer(st.slice(l * layerBytes, layerBytes)).i32(l).i32(batch).i32(width).i32(flag(residual)));
    }
    driver.synchronize();
  }

  void mlpAdjoint(Buffer weights, Buffer slopes, Buffer outputGradient, Buffer adjoint, int layers, int batch,
      int width, boolean residual) {
    long n = (long) layers * batch * width;
    DeviceSpan w = span(weights, Math.multiplyExact((long) layers * width, (long) width), "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan g = span(outputGradient, (long) batch * width, "outputGradient");
    DeviceSpan y = span(adjoint, n, "adjoint");
    if (n == 0) {
      return;
    }
    CudaDriver driver = driver();
    long layerBytes = (long) batch * width * bytes;
    driver.copyDeviceToDevice(g.address(), y.address() + (layers - 1L) * layerBytes, layerBytes);
    int grid = gridFor((long) batch * width);
    for (int l = layers - 1; l >= 1; l--) {
      driver.launch(kernel("mlp_adjoint_layer"), Dim3.of(grid), Dim3.of(THREADS), 0, KernelArgs.of()
          .pointer(w).pointer(sl.slice(l * layerBytes, layerBytes)).pointer(y.slice(l * layerBytes, layerBytes))
          .pointer(y.slice((l - 1) * layerBytes, layerBytes)).i32(l).i32(batch).i32(width)
          .i32(flag(residual)));
    }
    driver.synchronize();
  }

  void mlpGradients(Buffer weights, Buffer slopes, Buffer adjoint, Buffer inputs, Buffer states,
      Buffer dInputs, Buffer dWeights, Buffer dBiases, int layers, int batch, int width, boolean residual) {
    long n = (long) layers * batch * width;
    long weightCount = Math.multiplyExact((long) layers * width, (long) width);
    DeviceSpan w = span(weights, weightCount, "weights");
    DeviceSpan sl = span(slopes, n, "slopes");
    DeviceSpan y = span(adjoint, n, "adjoint");
    DeviceSpan in = span(inputs, (long) batch * width, "inputs");
    DeviceSpan st = span(states, n, "states");
    DeviceSpan dIn = span(dInputs, (long) batch * width, "dInputs");
    DeviceSpan dW = span(dWeights, weightCount, "dWeights");
    DeviceSpan dB = span(dBiases, (long) layers * width, "dBiases");
    if (weightCount == 0) {
      return;
    }
    CudaDriver driver = driver();
    long parameters = (long) layers * width * (width + 1);
    driver.launch(kernel("mlp_parameter_gradients"), Dim3.of(gridFor(parameters)), Dim3.of(THREADS), 0,
        KernelArgs.of().pointer(sl).pointer(y).pointer(in).pointer(st)
            .pointer(dW).pointer(dB).i32(layers).i32(batch).i32(width));
    if (batch > 0) {
      driver.launch(kernel("mlp_input_gradients"), Dim3.of(gridFor((long) batch * width)), Dim3.of(THREADS), 0,
          KernelArgs.of().pointer(w).pointer(sl).pointer(y).pointer(dIn)
              .i32(batch).i32(width).i32(flag(residual)));
    }
    driver.synchronize();
  }
}
