package io.jkernels.validation.transport;

import io.jkernels.KernelContext;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportFold;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Errors;
import java.util.SplittableRandom;

/** A Q_∞ map folded into the layer it follows equals the layer then the map (on this backend), in both layouts. */
final class FoldChecks {
  private FoldChecks() {}

  static double foldedEqualsHooked(KernelContext context, SplittableRandom random, TransportFold.Layout layout) {
    int in = 13;
    int out = 7;
    int rows = 9;
    float lambda = 0.7f;
    float[] weight = TransportChecks.uniform(random, in * out, -1, 1);
    float[] bias = TransportChecks.uniform(random, out, -1, 1);
    TransportMap map = TransportMap.affine(TransportChecks.uniform(random, out, 0.2, 2),
        TransportChecks.uniform(random, out, -1, 1));
    TransportFold.Folded folded = TransportFold.intoLayer(map, lambda, weight, bias, layout);
    float[] x = TransportChecks.uniform(random, rows * in, -2, 2);
    float[] hooked = new float[rows * out];
    double[] ref = new double[rows * out];
    double[] scale = new double[rows * out];
    float[] viaFold = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double y = bias[o];
        double yf = folded.bias()[o];
        double magnitude = Math.abs(bias[o]);
        for (int i = 0; i < in; i++) {
          int at = layout == TransportFold.Layout.OUT_IN ? o * in + i : i * out + o;
          y += (double) weight[at] * x[r * in + i];
          yf += (double) folded.weight()[at] * x[r * in + i];
          magnitude += Math.abs((double) weight[at] * x[r * in + i]);
        }
        hooked[r * out + o] = (float) y;
        viaFold[r * out + o] = (float) yf;
        double w = map.omega()[o];
        ref[r * out + o] = y + lambda * (w * y + map.beta()[o] - y);
        scale[r * out + o] = (1 + Math.abs(lambda) * (1 + Math.abs(w))) * magnitude + Math.abs(map.beta()[o]);
      }
    }
    context.transport().apply(map, hooked, rows, lambda, Support.EVERYWHERE);
    return Math.max(Errors.relativeToScale(viaFold, ref, scale), Errors.relativeToScale(hooked, ref, scale));
  }
}
