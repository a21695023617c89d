package io.jkernels.validation.transport;

import io.jkernels.KernelContext;
import io.jkernels.transport.ActivationPooling;
import io.jkernels.transport.ActivationTensors;
import io.jkernels.transport.Support;
import io.jkernels.transport.TokenPosition;
import io.jkernels.transport.TransportMap;
import io.jkernels.validation.Errors;
import io.jkernels.validation.reference.TransportReference;
import java.util.SplittableRandom;

/** Transport of token and diffusion tensors, and pooling for estimation, against plain loops in double. */
final class TensorChecks {
  private TensorChecks() {}

  private static TransportMap randomMap(SplittableRandom random, int channels) {
    float[] min = TransportChecks.uniform(random, channels, -1.5, -0.5);
    float[] max = TransportChecks.uniform(random, channels, 0.5, 1.5);
    return TransportMap.of(TransportChecks.uniform(random, channels, 0.3, 2), TransportChecks.uniform(random,
        channels, -1, 1), min, max);
  }

  /** LAST transports exactly the rows apply would at (b, tokens − 1) and leaves every other row bit for bit. */
  static double lastToken(KernelContext context, SplittableRandom random) {
    int batch = 5;
    int tokens = 7;
    int channels = 19;
    TransportMap map = randomMap(random, channels);
    float[] x = TransportChecks.uniform(random, batch * tokens * channels, -2, 2);
    float[] y = x.clone();
    ActivationTensors.applyTokens(context.transport(), map, y, batch, tokens, 0.6f, Support.SOURCE_RANGE,
        TokenPosition.LAST);
    float[] all = x.clone();
    ActivationTensors.applyTokens(context.transport(), map, all, batch, tokens, 0.6f, Support.SOURCE_RANGE,
        TokenPosition.ALL);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < tokens; t++) {
        for (int c = 0; c < channels; c++) {
          int i = (b * tokens + t) * channels + c;
          float expected = t == tokens - 1 ? all[i] : x[i];
          if (Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(expected)) {
            throw new AssertionError("LAST: b=" + b + " t=" + t + " c=" + c + " gave " + y[i] + ", expected "
                + expected);
          }
        }
      }
    }
    return TransportChecks.applyError(all, x, batch * tokens, map, 0.6f, false);
  }

  /** [batch, channels, H, W]: x − m + m' where the spatial mean m is in the support, against double loops. */
  static double spatialMean(KernelContext context, SplittableRandom random, int batch, int channels, int height,
      int width) {
    TransportMap map = randomMap(random, channels);
    int plane = height * width;
    float[] x = new float[batch * channels * plane];
    for (int p = 0; p < batch * channels; p++) {
      double centre = random.nextDouble(-2, 2); // some means inside the support, some outside
      for (int i = 0; i < plane; i++) {
        x[p * plane + i] = (float) (centre + 0.3 * random.nextGaussian());
      }
    }
    float[] y = x.clone();
    ActivationTensors.applySpatialMean(context.transport(), map, y, batch, height, width, 0.9f, Support.SOURCE_RANGE);
    double[] ref = TransportReference.spatialMeanApply(map.omega(), map.beta(), map.supportMin(), map.supportMax(), x,
        batch, plane, 0.9f);
    double[] scale = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      scale[i] = 4 * Math.abs(x[i]) + 4; // |x| + |m| + |m'| with |m|, |m'| ≲ |x| + 2 on these data
    }
    return Errors.relativeToScale(y, ref, scale);
  }

  /** Masked mean, max, min and last against plain loops (mean relative error; the others exact). */
  static double pooling(KernelContext context, SplittableRandom random) {
    int batch = 4;
    int tokens = 9;
    int channels = 5;
    float[] x = TransportChecks.uniform(random, batch * tokens * channels, -3, 3);
    boolean[] mask = new boolean[batch * tokens];
    for (int b = 0; b < batch; b++) {
      int length = 1 + random.nextInt(tokens); // right padding, as ml-act's tokenizer gives
      for (int t = 0; t < length; t++) {
        mask[b * tokens + t] = true;
      }
    }
    float[] mean = ActivationPooling.mean(x, batch, tokens, channels, mask);
    float[] max = ActivationPooling.max(x, batch, tokens, channels, mask);
    float[] min = ActivationPooling.min(x, batch, tokens, channels, mask);
    float[] last = ActivationPooling.last(x, batch, tokens, channels);
    double[] refMean = new double[batch * channels];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        int count = 0;
        float hi = -Float.MAX_VALUE;
        float lo = Float.MAX_VALUE;
        for (int t = 0; t < tokens; t++) {
          if (mask[b * tokens + t]) {
            float v = x[(b * tokens + t) * channels + c];
            sum += v;
            count++;
            hi = Math.max(hi, v);
            lo = Math.min(lo, v);
          }
        }
        refMean[b * channels + c] = sum / count;
        int o = b * channels + c;
        if (max[o] != hi || min[o] != lo || last[o] != x[(b * tokens + tokens - 1) * channels + c]) {
          throw new AssertionError("pooling b=" + b + " c=" + c + ": max " + max[o] + "/" + hi + ", min " + min[o]
              + "/" + lo + ", last " + last[o]);
        }
      }
    }
    return Errors.relative(mean, refMean);
  }
}
