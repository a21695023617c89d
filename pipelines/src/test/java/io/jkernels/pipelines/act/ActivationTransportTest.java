package io.jkernels.pipelines.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.pipelines.io.MatrixFile;
import io.jkernels.pipelines.io.MatrixFileWriter;
import io.jkernels.pipelines.io.SafetensorsFile;
import io.jkernels.transport.LinearTransport;
import io.jkernels.transport.Support;
import io.jkernels.transport.TransportMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file pipeline gives what the in-memory API gives, and the example closes the per-channel gaps. */
class ActivationTransportTest {
  @TempDir
  Path dir;

  @Test
  void streamedFitAndApplyMatchTheInMemoryApi() throws Exception {
    ActExample.generate(dir, 3000, 2000, 6, 5);
    try (KernelContext ctx = Kernels.open();
        MatrixFile source = MatrixFile.open(dir.resolve("source.npy"), null);
        MatrixFile target = MatrixFile.open(dir.resolve("target.npy"), null)) {
      List<String> phases = new ArrayList<>();
      TransportMap map = ActivationTransport.fit(ctx, source, target, (p, done, total) -> phases.add(p));
      assertTrue(phases.contains("source") && phases.contains("target") && phases.contains("fit"), phases.toString());
      TransportMap direct = LinearTransport.fit(ctx, source.readAll(), target.readAll(), 6);
      assertEquals(direct, map);

      Path out = dir.resolve("steered.safetensors");
      try (MatrixFileWriter w = MatrixFileWriter.create(out, source.rows(), source.channels(), "h")) {
        ActivationTransport.apply(ctx, map, source, w, 1f, Support.EVERYWHERE, Progress.NONE);
        w.commit();
      }
      float[] expected = source.readAll();
      ctx.transport().apply(map, expected, (int) source.rows(), 1f, Support.EVERYWHERE);
      try (MatrixFile steered = SafetensorsFile.open(out, "h")) {
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(steered.readAll()));
        ChannelStats before = ActExample.stats(source);
        ChannelStats after = ActExample.stats(steered);
        ChannelStats goal = ActExample.stats(target);
        assertTrue(after.meanGap(goal) < 0.1 * before.meanGap(goal), "mean gap closes");
        assertTrue(after.stdGap(goal) < 0.1 * before.stdGap(goal), "std gap closes");
      }
    }
  }

  @Test
  void mismatchedChannelsAreRejected() throws Exception {
    ActExample.generate(dir, 10, 10, 3, 1);
    Path other = dir.resolve("other.npy");
    io.jkernels.pipelines.io.NpyFile.write(other, new float[8], 2, 4);
    try (KernelContext ctx = Kernels.open();
        MatrixFile a = MatrixFile.open(dir.resolve("source.npy"), null);
        MatrixFile b = MatrixFile.open(other, null)) {
      var e = assertThrows(IllegalArgumentException.class, () -> ActivationTransport.fit(ctx, a, b, Progress.NONE));
      assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }
  }
}
