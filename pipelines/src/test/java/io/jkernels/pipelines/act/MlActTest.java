package io.jkernels.pipelines.act;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.QuantileBand;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ml-act's folders and hook state dicts (written by torch, see make_fixtures.py) read into jkernels maps. */
class MlActTest {
  private static final Path DIR = Path.of("src/test/resources/torch");

  private static Map<String, double[]> expected() throws IOException {
    Map<String, double[]> out = new HashMap<>();
    for (String line : Files.readAllLines(DIR.resolve("expected.txt"))) {
      String[] parts = line.split(" ");
      double[] v = new double[parts.length - 1];
      for (int i = 1; i < parts.length; i++) {
        v[i - 1] = Double.parseDouble(parts[i]);
      }
      out.put(parts[0], v);
    }
    return out;
  }

  private static float[] floats(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  @Test
  void responseFoldersAreTheRowsTorchSaved() throws IOException {
    MlAct.Responses toxic = MlAct.responses(DIR.resolve("responses/toxic"));
    assertEquals(5, toxic.rows());
    assertEquals(4, toxic.channels());
    assertArrayEquals(floats(expected().get("toxic")), toxic.data());
    MlAct.Responses clean = MlAct.responses(DIR.resolve("responses/non-toxic"));
    assertArrayEquals(floats(expected().get("non-toxic")), clean.data());
    try (KernelContext ctx = Kernels.open(Backend.SCALAR)) {
      TransportMap map = LinearTransport.fit(ctx, toxic.data(), clean.data(), 4);
      assertTrue(map.hasSourceQuantiles());
    }
  }

  @Test
  void linearHookConvertsToItsMapWithItsStrictBand() throws IOException {
    TransportMap map = MlAct.convert(DIR.resolve("linear_ot.statedict"), false, MlAct.STD_EPS);
    assertArrayEquals(new float[] {1.5f, 0.5f, -2f, 1f}, map.omega());
    assertArrayEquals(new float[] {0.25f, -1f, 3f, 0f}, map.beta());
    Map<String, double[]> e = expected();
    float[] lo = floats(e.get("linear.q_5_95.lo"));
    float[] hi = floats(e.get("linear.q_5_95.hi"));
    for (int c = 0; c < 4; c++) {
      assertEquals(Math.nextUp(lo[c]), map.supportMin()[c]); // strict: lo < x
      assertEquals(Math.nextDown(hi[c]), map.supportMax()[c]);
    }
    // All nine bands were stored, so they are the map's quantiles and any band can be picked again.
    assertArrayEquals(floats(e.get("linear.q_1_99.lo")), map.sourceQuantile(QuantileBand.Q_1_99.lower()));
    // Applying reproduces the hook: x*w1 + b1 strictly inside the band, x elsewhere.
    float[] x = {lo[0], Math.nextUp(lo[1]), 0, 0}; // channel 0 at its end, channel 1 one float inside
    float[] y = x.clone();
    try (KernelContext ctx = Kernels.open(Backend.SCALAR)) {
      ctx.transport().apply(map, y, 1, 1f, Support.SOURCE_RANGE);
    }
    assertEquals(lo[0], y[0]);
    assertEquals(0.5f * Math.nextUp(lo[1]) - 1f, y[1], Math.ulp(y[1]));
  }

  @Test
  void gaussianHookMasksSmallSigmasAndKeepsQAll() throws IOException {
    TransportMap map = MlAct.convert(DIR.resolve("gaussian_ot.statedict"), false, MlAct.STD_EPS);
    // mu1 = 0, mu2 = 1, std1 = [1, 2, 1e-6, 0.5], std2 = [2, 1, 1, 0.5]: unit 2 is masked.
    assertArrayEquals(new float[] {2, 0.5f, 1, 1}, map.omega());
    assertArrayEquals(new float[] {1, 1, 0, 1}, map.beta());
    assertTrue(map.supportMin()[2] > map.supportMax()[2], "masked unit has an empty support");
    assertEquals(Math.nextUp(-1e6f), map.supportMin()[0]); // q_all: -1e6 < x < 1e6
    TransportMap mean = MlAct.convert(DIR.resolve("gaussian_ot.statedict"), true, MlAct.STD_EPS);
    assertArrayEquals(new float[] {1, 1, 1, 1}, mean.omega());
  }

  @Test
  void auraHookIsOneMinusGini() throws IOException {
    TransportMap map = MlAct.convert(DIR.resolve("aura.statedict"), false, MlAct.STD_EPS);
    float[] auroc = {0.9f, 0.5f, 0.2f, 0.75f};
    for (int c = 0; c < 4; c++) {
      float expected = auroc[c] > 0.5f ? 1 - 2 * (auroc[c] - 0.5f) : 1;
      assertEquals(expected, map.omega()[c]);
    }
    assertEquals(Float.NEGATIVE_INFINITY, map.supportMin()[0]);
  }
}
