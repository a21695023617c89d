package io.jkernels.pipelines.sls;

/**
 * What the generator needs from the acoustics library: room responses for a sample's conditions, fast
 * convolution, and the acoustic labels of a response. One implementation runs on the library
 * ({@link LibraryRenderer}: image sources, partitioned FFT convolution, Schroeder labels on any backend); the seam
 * keeps the generator itself free of any room model, so that tests can render an exactly known scene.
 *
 * <p>Conventions (DESIGN.md §2): responses at the data set's sample rate; the direct path arrives at {@code d/c}
 * with amplitude {@code 1/d} (unit gain at 1 m); B-format planar, ACN/SN3D.
 */
public interface SceneRenderer {
  /** A short name recorded in the metadata (e.g. {@code image-source}). */
  String name();

  /** The talker's directivity this renderer applies to a sample ({@code omni} when it turns none). */
  String directivity(Conditions conditions);

  /**
   * The responses of one sample: B-format of {@code order} for the talker and for the noise source, the talker's
   * omni response (for the labels), and the array responses when {@code array} is set.
   */
  Responses responses(Conditions conditions, int sampleRate, double seconds, int order, boolean array);

  /** Full linear convolution (length {@code n + m - 1}) of {@code signal} with each response. */
  float[][] convolve(float[] signal, float[][] responses);

  /** Labels of an omni response: broadband and on the 33 third-octave bands. */
  AcousticFeatures labels(float[] omniResponse, int sampleRate);

  /**
   * @param speech planar B-format response of the talker, {@code (order+1)² × length}
   * @param noise the same for the noise source
   * @param speechOmni the talker's omni response, {@code length}
   * @param array the array responses ({@code [mic][length]}), or null
   */
  record Responses(float[] speech, float[] noise, float[] speechOmni, float[][] array, int length) {}
}
