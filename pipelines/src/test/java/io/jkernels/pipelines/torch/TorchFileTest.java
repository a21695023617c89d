package io.jkernels.pipelines.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torch files written by torch 1.13 ({@code src/test/resources/torch/make_fixtures.py}): tensors of every dtype and
 * layout come back with torch's values, and a pickle that calls code is refused without running it.
 */
class TorchFileTest {
  static Path fixture(String name) {
    return Path.of("src/test/resources/torch", name);
  }

  @Test
  void readsStridedFloat64HalfAndPlainValues() throws IOException {
    Map<?, ?> dict = (Map<?, ?>) TorchFile.read(fixture("mixed.pt"));
    TorchTensor t = (TorchTensor) dict.get("t"); // arange(12).reshape(3, 4).t(): a transposed (strided) view
    assertEquals("Double", t.dtype());
    assertArrayEquals(new long[] {4, 3}, t.shape());
    assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.values());
    TorchTensor h = (TorchTensor) dict.get("h");
    assertEquals("Half", h.dtype());
    assertArrayEquals(new double[] {1.5, -2}, h.values());
    assertEquals(java.util.Arrays.asList(1, 2.5, "x", null, true), dict.get("list"));
    assertArrayEquals(new Object[] {1, 2}, (Object[]) dict.get("tuple"));
  }

  @Test
  void refusesPickledCodeWithoutRunningIt() {
    IOException e = assertThrows(IOException.class, () -> TorchFile.read(fixture("evil.pt")));
    assertTrue(e.getMessage().contains("refused global posix.system") || e.getMessage().contains("refused global"),
        e.getMessage());
    assertTrue(e.getMessage().contains("never run"), e.getMessage());
  }

  @Test
  void refusesOtherFilesClearly(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("not.pt");
    Files.writeString(text, "hello");
    assertTrue(assertThrows(IOException.class, () -> TorchFile.read(text)).getMessage().contains("not a torch zip"));
  }

  @Test
  void readsTheStateDictsOfMlActHooks() throws IOException {
    Map<?, ?> linear = (Map<?, ?>) TorchFile.read(fixture("linear_ot.statedict"));
    assertArrayEquals(new double[] {1.5, 0.5, -2, 1}, ((TorchTensor) linear.get("net.w1")).values());
    assertArrayEquals(new long[] {1, 4}, ((TorchTensor) linear.get("net.w1")).shape());
    assertEquals("q_5_95", linear.get("quantiles_src"));
    Map<?, ?> bands = (Map<?, ?>) linear.get("quantiles_dict_src");
    assertEquals(9, bands.size());
    assertEquals(2, ((List<?>) bands.get("q_1_99")).size());
  }
}
