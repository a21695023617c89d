package io.jkernels.internal;

import static io.jkernels.internal.Arguments.arrayProduct;
import static io.jkernels.internal.Arguments.notNull;

import io.jkernels.ambisonics.Ambisonics;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.NearFieldFilter;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.ShRotation;
import io.jkernels.ambisonics.SphericalHarmonics;
import io.jkernels.kernels.Buffer;
import io.jkernels.kernels.Families;
import io.jkernels.kernels.KernelBackend;
import io.jkernels.kernels.ambisonics.BiquadKernels;

/**
 * {@link Ambisonics} on a backend context: every argument checked first (naming it and the expected shape), the
 * gain matrices designed in double and rounded to float once, then one call of the family's mixing kernel.
 */
final class BackendAmbisonics implements Ambisonics {
  private final BackendContext context;

  private final io.jkernels.internal.ambisonics.ConvolutionAmbisonics convolution;

  BackendAmbisonics(BackendContext context) {
    this.context = context;
    this.convolution = new io.jkernels.internal.ambisonics.ConvolutionAmbisonics(context);
  }

  @Override
  public float[][] convolve(float[] signal, float[][] impulseResponses) {
    return convolution.convolve(signal, impulseResponses);
  }

  @Override
  public float[][] binaural(io.jkernels.ambisonics.Hrtf hrtf, float[] bformat, int order) {
    return convolution.binaural(hrtf, bformat, order);
  }

  @Override
  public float[][] binaural(io.jkernels.ambisonics.BinauralDecoder decoder, float[] bformat) {
    return convolution.binaural(decoder, bformat);
  }

  @Override
  public float[] encode(float[] signal, int order, double azimuth, double elevation, Normalization normalization) {
    notNull(signal, "signal");
    int k = channels(order, normalization);
    angle(azimuth, "azimuth");
    angle(elevation, "elevation");
    arrayProduct("(order+1)²×samples", k, signal.length);
    double[] gains = SphericalHarmonics.real(order, azimuth, elevation, normalization);
    return mix(gains, 1, 1, 1, k, 1, signal, signal.length);
  }

  @Override
  public float[] encodeSources(float[][] signals, double[] azimuths, double[] elevations, int order,
      Normalization normalization) {
    return sources(signals, azimuths, elevations, null, order, normalization);
  }

  @Override
  public float[] encodeSources(float[][] signals, double[] azimuths, double[] elevations, double[] distances,
      int order, Normalization normalization) {
    notNull(distances, "distances");
    return sources(signals, azimuths, elevations, distances, order, normalization);
  }

  private float[] sources(float[][] signals, double[] azimuths, double[] elevations, double[] distances, int order,
      Normalization normalization) {
    notNull(signals, "signals");
    notNull(azimuths, "azimuths");
    notNull(elevations, "elevations");
    int k = channels(order, normalization);
    int sources = signals.length;
    if (sources == 0) {
      throw new IllegalArgumentException("signals must hold at least one source, got none");
    }
    int samples = notNull(signals[0], "signals[0]").length;
    for (int m = 0; m < sources; m++) {
      if (notNull(signals[m], "signals[" + m + "]").length != samples) {
        throw new IllegalArgumentException("signals[" + m + "] has length " + signals[m].length
            + ", expected the length of signals[0] = " + samples);
      }
    }
    Arguments.length(azimuths, "azimuths", sources, "sources");
    Arguments.length(elevations, "elevations", sources, "sources");
    for (int m = 0; m < sources; m++) {
      angle(azimuths[m], "azimuths[" + m + "]");
      angle(elevations[m], "elevations[" + m + "]");
    }
    if (distances != null) {
      Arguments.length(distances, "distances", sources, "sources");
      for (int m = 0; m < sources; m++) {
        if (!(distances[m] > 0) || Double.isInfinite(distances[m])) {
          throw new IllegalArgumentException("distances[" + m + "] is " + distances[m]
              + "; must be finite and > 0 metres");
        }
      }
    }
    arrayProduct("sources×samples", sources, samples);
    arrayProduct("(order+1)²×samples", k, samples);
    double[] y = SphericalHarmonics.real(order, azimuths, elevations, normalization); // source-major
    double[] gains = new double[k * sources];
    for (int m = 0; m < sources; m++) {
      double g = distances == null ? 1.0 : 1.0 / distances[m];
      for (int c = 0; c < k; c++) {
        gains[c * sources + m] = g * y[m * k + c];
      }
    }
    float[] planar = new float[sources * samples];
    for (int m = 0; m < sources; m++) {
      System.arraycopy(signals[m], 0, planar, m * samples, samples);
    }
    return mix(gains, 1, 1, 1, k, sources, planar, samples);
  }

  @Override
  public float[] encodeMoving(float[] signal, double[] azimuths, double[] elevations, int hop, int order,
      Normalization normalization) {
    notNull(signal, "signal");
    notNull(azimuths, "azimuths");
    notNull(elevations, "elevations");
    int k = channels(order, normalization);
    if (azimuths.length == 0) {
      throw new IllegalArgumentException("azimuths must hold at least one keyframe, got none");
    }
    Arguments.length(elevations, "elevations", azimuths.length, "keyframes (azimuths.length)");
    Arguments.positive(hop, "hop");
    for (int f = 0; f < azimuths.length; f++) {
      angle(azimuths[f], "azimuths[" + f + "]");
      angle(elevations[f], "elevations[" + f + "]");
    }
    arrayProduct("(order+1)²×samples", k, signal.length);
    arrayProduct("keyframes×(order+1)²", azimuths.length, k);
    double[] gains = SphericalHarmonics.real(order, azimuths, elevations, normalization); // keyframe-major, 1 input
    return mix(gains, azimuths.length, hop, hop, k, 1, signal, signal.length);
  }

  @Override
  public float[] rotate(float[] bformat, int order, double yaw, double pitch, double roll) {
    int samples = samples(bformat, order);
    angle(yaw, "yaw");
    angle(pitch, "pitch");
    angle(roll, "roll");
    int k = (order + 1) * (order + 1);
    return mix(ShRotation.matrix(order, yaw, pitch, roll), 1, 1, 1, k, k, bformat, samples);
  }

  @Override
  public float[] rotate(float[] bformat, int order, double[] yaws, double[] pitches, double[] rolls, int block) {
    int samples = samples(bformat, order);
    notNull(yaws, "yaws");
    notNull(pitches, "pitches");
    notNull(rolls, "rolls");
    if (yaws.length == 0) {
      throw new IllegalArgumentException("yaws must hold at least one rotation, got none");
    }
    Arguments.length(pitches, "pitches", yaws.length, "rotations (yaws.length)");
    Arguments.length(rolls, "rolls", yaws.length, "rotations (yaws.length)");
    Arguments.positive(block, "block");
    for (int f = 0; f < yaws.length; f++) {
      angle(yaws[f], "yaws[" + f + "]");
      angle(pitches[f], "pitches[" + f + "]");
      angle(rolls[f], "rolls[" + f + "]");
    }
    int k = (order + 1) * (order + 1);
    arrayProduct("rotations×(order+1)⁴", yaws.length, (long) k * k);
    double[] gains = new double[yaws.length * k * k];
    for (int f = 0; f < yaws.length; f++) {
      System.arraycopy(ShRotation.matrix(order, yaws[f], pitches[f], rolls[f]), 0, gains, f * k * k, k * k);
    }
    return mix(gains, yaws.length, block, block, k, k, bformat, samples);
  }

  @Override
  public float[][] decode(Decoder decoder, float[] bformat, int order) {
    notNull(decoder, "decoder");
    notNull(bformat, "bformat");
    if (order != decoder.order()) {
      throw new IllegalArgumentException("order " + order + " differs from the decoder's order " + decoder.order());
    }
    int samples = samples(bformat, order);
    int speakers = decoder.speakers();
    arrayProduct("speakers×samples", speakers, samples);
    float[] feeds = mix(decoder.matrix(), 1, 1, 1, speakers, decoder.channels(), bformat, samples);
    float[][] out = new float[speakers][];
    for (int l = 0; l < speakers; l++) {
      out[l] = java.util.Arrays.copyOfRange(feeds, l * samples, (l + 1) * samples);
    }
    return out;
  }

  @Override
  public float[] nearFieldCompensation(float[] bformat, int order, double speakerRadius, double sourceDistance,
      double sampleRate) {
    int samples = samples(bformat, order);
    if (order > 30) {
      throw new IllegalArgumentException("NFC filters are designed up to order 30, got order " + order);
    }
    int channels = (order + 1) * (order + 1);
    double[][][] sections = new double[order + 1][][];
    for (int n = 0; n <= order; n++) {
      sections[n] = NearFieldFilter.design(n, speakerRadius, sourceDistance, sampleRate).sections();
    }
    // Channel c (degree ⌊√c⌋) gets its own copy of its degree's sections: the kernel's cascade table is per channel.
    int[] first = new int[channels + 1];
    for (int c = 0; c < channels; c++) {
      first[c + 1] = first[c] + sections[(int) Math.sqrt(c)].length;
    }
    double[] coefficients = new double[first[channels] * BiquadKernels.SECTION];
    for (int c = 0; c < channels; c++) {
      double[][] own = sections[(int) Math.sqrt(c)];
      for (int s = 0; s < own.length; s++) {
        System.arraycopy(own[s], 0, coefficients, (first[c] + s) * BiquadKernels.SECTION, BiquadKernels.SECTION);
      }
    }
    float[] out = bformat.clone();
    if (samples == 0) {
      return out;
    }
    KernelBackend kb = context.kernels();
    try (Buffer y = kb.bindArray(out)) {
      kb.kernels(Families.AMBISONICS_FILTERS).cascade(coefficients, first, y, samples);
      kb.readBack(y, out);
    }
    return out;
  }

  // ---- shared ------------------------------------------------------------------------------------------------

  /** One call of the mixing kernel on the backend, gains rounded to float once. */
  private float[] mix(double[] gains, int keyframes, long hop, int fade, int outputs, int inputs, float[] in,
      int samples) {
    float[] g = new float[gains.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) gains[i];
    }
    float[] out = new float[outputs * samples];
    if (samples == 0) {
      return out;
    }
    KernelBackend kb = context.kernels();
    try (Buffer gb = kb.bindArray(g);
        Buffer x = kb.bindArray(in);
        Buffer y = kb.bindArray(out)) {
      kb.kernels(Families.AMBISONICS).mix(gb, keyframes, hop, fade, outputs, inputs, x, y, samples);
      kb.readBack(y, out);
    }
    return out;
  }

  /** (order+1)² after the order and normalisation checks. */
  private static int channels(int order, Normalization normalization) {
    notNull(normalization, "normalization");
    if (order < 0 || order > SphericalHarmonics.MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + SphericalHarmonics.MAX_ORDER + "], got " + order);
    }
    if (normalization == Normalization.FUMA && order > 1) {
      throw new IllegalArgumentException("FuMa is defined to first order only, got order " + order
          + " (use SN3D, N3D or ORTHONORMAL)");
    }
    return (order + 1) * (order + 1);
  }

  /** T of a planar B-format of {@code order}: its length must be (order+1)²·T. */
  private static int samples(float[] bformat, int order) {
    notNull(bformat, "bformat");
    if (order < 0 || order > SphericalHarmonics.MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [0, " + SphericalHarmonics.MAX_ORDER + "], got " + order);
    }
    int k = (order + 1) * (order + 1);
    if (bformat.length % k != 0) {
      throw new IllegalArgumentException("bformat has length " + bformat.length + ", expected (order+1)²×samples = "
          + k + "×samples (order " + order + ")");
    }
    return bformat.length / k;
  }

  private static void angle(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite angle in radians, got " + value);
    }
  }
}
