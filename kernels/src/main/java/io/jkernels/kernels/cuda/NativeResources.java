package io.jkernels.kernels.cuda;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
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

  /**
   * The packaged library as a file the linker can load, extracted once per version and content (LWJGL's
   * SharedLibraryLoader): {@code <java.io.tmpdir>/jkernels-<user>/<version>-<sha256>/<name>}, reused by every later
   * JVM, so a JVM that crashes leaks nothing. A file lock guards the extraction between JVMs; an existing file is
   * used only when its SHA-256 matches the packaged bytes (else it is replaced, by a temp file and an atomic move).
   */
  static Optional<Path> extract(String resource) {
    Optional<byte[]> bytes = read(resource);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "jkernels-" + user);
    try {
      return Optional.of(extract(resource.substring(resource.lastIndexOf('/') + 1), bytes.get(), root));
    } catch (IOException e) {
      throw new UncheckedIOException("extracting " + resource + " under " + root, e);
    }
  }

  /** {@code bytes} as {@code root/<version>-<sha256>/fileName}, written at most once (see {@link #extract(String)}). */
  static synchronized Path extract(String fileName, byte[] bytes, Path root) throws IOException {
    // synchronized: a FileLock is held per JVM, and a second lock from this JVM would throw, not wait.
    String sha = sha256(bytes);
    String version = Objects.requireNonNullElse(NativeResources.class.getPackage().getImplementationVersion(), "dev");
    Path dir = root.resolve(version.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sha);
    createPrivateDirectories(root);
    Files.createDirectories(dir);
    Path target = dir.resolve(fileName);
    try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
      if (Files.isRegularFile(target) && sha.equals(sha256(Files.readAllBytes(target)))) {
        return target;
      }
      Path temp = Files.createTempFile(dir, fileName, ".tmp");
      try {
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return target;
    }
  }

  /** The per-user root, readable by its owner only where the file system has POSIX permissions. */
  private static void createPrivateDirectories(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      return;
    }
    try {
      Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(root);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
