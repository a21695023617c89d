package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.Activation;
import io.jkernels.pcr.Mlp;
import java.util.Random;

/**
 * The parameters of a deep residual MLP classifier, and the one place its trunk becomes a public-API {@link Mlp}:
 * <pre>
 *   h_{−1} = P x + p                                 input projection, features → width (on the host)
 *   h_l    = h_{l−1} + act(W_l h_{l−1} + c_l)        l = 0..L−1, the residual trunk (Pcr's MLP passes)
 *   z      = H h_{L−1} + b                           linear head, width → classes (on the host)
 * </pre>
 * trained with softmax cross-entropy on z. The arrays are live (the trainer updates them in place); {@link #copy()}
 * gives an independent twin, so two runs can start from the same parameters.
 *
 * <p>Initialisation, ResNet-style so that 1024 blocks stay stable: {@code P} and {@code H} Gaussian with variance
 * 1/fan-in (LeCun), biases zero, and the residual branches' weights {@code W_l} Gaussian with variance
 * {@code 1/(width·L)}. A block then adds a branch of about {@code 1/√L} of its input's size, so the trunk's gain
 * at initialisation is about {@code Π (1 + 1/L)^{1/2} ≤ e^{1/2}} whatever L is (without the 1/L the states would
 * grow like {@code 2^{L/2}}); the branch's pre-activations stay small, so tanh is nearly linear there and DeepPCR's
 * Newton iteration converges in a few steps. The trainer scales the trunk's learning rate by 1/L for the same
 * reason ({@link ClassifierTrainer}).
 */
public final class ResidualClassifier {
  private final Activation activation;
  private final int features;
  private final int width;
  private final int layers;
  private final int classes;
  final float[] projection;
  final float[] projectionBias;
  final float[] trunkWeights;
  final float[] trunkBiases;
  final float[] head;
  final float[] headBias;

  private ResidualClassifier(Activation activation, int features, int width, int layers, int classes,
      float[] projection, float[] projectionBias, float[] trunkWeights, float[] trunkBiases, float[] head,
      float[] headBias) {
    this.activation = activation;
    this.features = features;
    this.width = width;
    this.layers = layers;
    this.classes = classes;
    this.projection = projection;
    this.projectionBias = projectionBias;
    this.trunkWeights = trunkWeights;
    this.trunkBiases = trunkBiases;
    this.head = head;
    this.headBias = headBias;
  }

  /** A classifier initialised as the class comment says, from {@code random}. */
  public static ResidualClassifier initial(Activation activation, int features, int width, int layers, int classes,
      Random random) {
    if (features < 1 || width < 1 || layers < 1 || classes < 2) {
      throw new IllegalArgumentException("features, width and layers must be >= 1 and classes >= 2, got "
          + features + ", " + width + ", " + layers + ", " + classes);
    }
    float[] projection = gaussian(Math.multiplyExact(width, features), 1.0 / features, random);
    float[] trunk = gaussian(Math.multiplyExact(Math.multiplyExact(layers, width), width),
        1.0 / ((double) width * layers), random);
    float[] head = gaussian(Math.multiplyExact(classes, width), 1.0 / width, random);
    return new ResidualClassifier(activation, features, width, layers, classes, projection, new float[width], trunk,
        new float[Math.multiplyExact(layers, width)], head, new float[classes]);
  }

  private static float[] gaussian(int n, double variance, Random random) {
    float[] v = new float[n];
    double sd = Math.sqrt(variance);
    for (int i = 0; i < n; i++) {
      v[i] = (float) (sd * random.nextGaussian());
    }
    return v;
  }

  /**
   * The residual trunk as the public API's network, built from the current parameters. The only place the trunk's
   * {@link Mlp} is made.
   */
  public Mlp trunk() {
    return Mlp.residual(activation, layers, width, trunkWeights, trunkBiases);
  }

  /** An independent copy of every parameter. */
  public ResidualClassifier copy() {
    return new ResidualClassifier(activation, features, width, layers, classes, projection.clone(),
        projectionBias.clone(), trunkWeights.clone(), trunkBiases.clone(), head.clone(), headBias.clone());
  }

  /**
   * A copy with every parameter moved by one float32 ulp, up or down at random: the smallest change rounding can
   * make, for measuring how sensitive training is to it.
   */
  public ResidualClassifier movedOneUlp(Random random) {
    ResidualClassifier m = copy();
    for (float[] p : new float[][] {m.projection, m.projectionBias, m.trunkWeights, m.trunkBiases, m.head,
        m.headBias}) {
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextBoolean() ? Math.nextUp(p[i]) : Math.nextDown(p[i]);
      }
    }
    return m;
  }

  /** All parameters in one array (projection, its bias, trunk weights, biases, head, its bias): for comparisons. */
  public float[] flattened() {
    float[][] parts = {projection, projectionBias, trunkWeights, trunkBiases, head, headBias};
    int n = 0;
    for (float[] p : parts) {
      n = Math.addExact(n, p.length);
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** The trunk blocks' activation. */
  public Activation activation() {
    return activation;
  }

  /** Input features. */
  public int features() {
    return features;
  }

  /** Units of the trunk. */
  public int width() {
    return width;
  }

  /** Residual blocks L. */
  public int layers() {
    return layers;
  }

  /** Output classes. */
  public int classes() {
    return classes;
  }
}
