package io.jkernels.pipelines.torch;

/**
 * A tensor read from a torch file: its dtype name as torch spells the storage ({@code Float}, {@code Double},
 * {@code Half}, {@code BFloat16}), its shape, and its values in row-major order widened to double (exact for every
 * supported dtype).
 */
public record TorchTensor(String dtype, long[] shape, double[] values) {
  /** The number of elements (the product of the shape). */
  public long size() {
    return values.length;
  }

  /** The values rounded to float32 (exact for Float, Half and BFloat16 tensors). */
  public float[] toFloats() {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return dtype + java.util.Arrays.toString(shape);
  }
}
