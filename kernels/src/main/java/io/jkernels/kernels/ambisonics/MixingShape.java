package io.jkernels.kernels.ambisonics;

/** The shape checks every {@link MixingKernels} implementation runs before it touches memory. */
public final class MixingShape {
  private MixingShape() {}

  /** Throws IllegalArgumentException unless the arguments describe a valid {@link MixingKernels#mix} call. */
  public static void check(long gainsLength, int keyframes, long hop, int fade, int outputs, int inputs,
      long inLength, long outLength, long samples) {
    if (keyframes < 1 || hop < 1 || fade < 1 || fade > hop || outputs < 1 || inputs < 1 || samples < 0) {
      throw new IllegalArgumentException("mix needs keyframes >= 1, hop >= 1, 1 <= fade <= hop, outputs and inputs"
          + " >= 1, samples >= 0; got keyframes " + keyframes + ", hop " + hop + ", fade " + fade + ", outputs "
          + outputs + ", inputs " + inputs + ", samples " + samples);
    }
    long g = Math.multiplyExact(Math.multiplyExact((long) keyframes, outputs), inputs);
    if (gainsLength < g) {
      throw new IllegalArgumentException("gains hold " + gainsLength + " floats, keyframes×outputs×inputs = " + g);
    }
    if (inLength < Math.multiplyExact((long) inputs, samples)) {
      throw new IllegalArgumentException("in holds " + inLength + " floats, inputs×samples = " + inputs + "×"
          + samples);
    }
    if (outLength < Math.multiplyExact((long) outputs, samples)) {
      throw new IllegalArgumentException("out holds " + outLength + " floats, outputs×samples = " + outputs + "×"
          + samples);
    }
  }

  /** The interpolation weight of sample j after a keyframe: min(1, j/fade) in float32, as every backend computes it. */
  public static float weight(long j, int fade) {
    return j >= fade ? 1f : (float) j / (float) fade;
  }
}
