package io.jkernels.kernels.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The native build's outputs as packaged in the kernels jar (see cuda-src/Makefile): the fatbin, the emulation
 * library, and for each a {@code .missing} file saying why the build skipped it.
 */
final class NativeResources {
  static final String FATBIN = "/native/jkernels.fatbin";
  static final String EMULATION_LIBRARY = "/native/linux-x86_64/libjkernels_emu.so";

  private NativeResources() {}

  static Optional<byte[]> read(String resource) {
    try (InputStream in = NativeResources.class.getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading resource " + resource, e);
    }
  }

  /** Why {@code resource} is absent: the build's note, or a generic sentence. */
  static String whyMissing(String resource, String what) {
    return read(resource + ".missing").map(b -> new String(b, StandardCharsets.UTF_8).strip())
        .orElse(what + " is not in the kernels jar (resource " + resource + "; was the native build skipped?)");
  }

  /** Copies a packaged library to a private temporary file (deleted on exit) so the linker can load it. */
  static Optional<Path> extract(String resource) {
    Optional<byte[]> bytes = read(resource);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      String file = resource.substring(resource.lastIndexOf('/') + 1);
      Path dir = Files.createTempDirectory("jkernels-native");
      Path target = dir.resolve(file);
      try (InputStream in = new java.io.ByteArrayInputStream(bytes.get())) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return Optional.of(target);
    } catch (IOException e) {
      throw new UncheckedIOException("extracting " + resource, e);
    }
  }
}
