package io.jkernels.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native library is extracted once per content into a stable folder, reused, verified, and repaired. */
class NativeResourcesTest {
  @TempDir
  Path root;

  @Test
  void extractsOnceAndReuses() throws Exception {
    byte[] bytes = {1, 2, 3, 4, 5};
    Path first = NativeResources.extract("lib.so", bytes, root);
    long modified = Files.getLastModifiedTime(first).toMillis();
    Path second = NativeResources.extract("lib.so", bytes, root);
    assertEquals(first, second);
    assertEquals(modified, Files.getLastModifiedTime(second).toMillis(), "an intact file is not rewritten");
    assertArrayEquals(bytes, Files.readAllBytes(first));
    assertEquals(NativeResources.sha256(bytes), first.getParent().getFileName().toString().replaceAll(".*-", ""));
    try (var files = Files.list(first.getParent())) {
      assertEquals(List.of(".lock", "lib.so"), files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp file is left behind");
    }
  }

  @Test
  void otherContentGetsItsOwnFolder() throws Exception {
    Path a = NativeResources.extract("lib.so", new byte[] {1}, root);
    Path b = NativeResources.extract("lib.so", new byte[] {2}, root);
    assertNotEquals(a.getParent(), b.getParent());
  }

  @Test
  void aCorruptedFileIsReplaced() throws Exception {
    byte[] bytes = {9, 8, 7};
    Path target = NativeResources.extract("lib.so", bytes, root);
    Files.write(target, new byte[] {9, 8}); // a crash mid-write by an older version, or tampering
    assertEquals(target, NativeResources.extract("lib.so", bytes, root));
    assertArrayEquals(bytes, Files.readAllBytes(target));
  }

  @Test
  void concurrentExtractionsAgree() throws Exception {
    byte[] bytes = new byte[1 << 16];
    new java.util.Random(1).nextBytes(bytes);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> NativeResources.extract("lib.so", bytes, root)));
      }
      Path expected = futures.get(0).get();
      for (Future<Path> f : futures) {
        assertEquals(expected, f.get());
      }
      assertArrayEquals(bytes, Files.readAllBytes(expected));
    } finally {
      pool.shutdownNow();
    }
  }
}
