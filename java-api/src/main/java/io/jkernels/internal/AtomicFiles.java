package io.jkernels.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written beside their target and then moved into place, so a reader never sees half a file (not API). One
 * place for the move and its fallback for file systems without atomic moves.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What fills the temporary file. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Path temporary) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file beside it (named after it, ending in {@code temporarySuffix}),
   * creating the parent folders; the temporary file is removed whatever happens.
   */
  public static void write(Path target, String temporarySuffix, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = createTemporary(abs.getParent(), "." + abs.getFileName() + ".", temporarySuffix);
    try {
      body.writeTo(tmp);
      moveIntoPlace(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates a new empty file {@code dir/prefix<random>suffix} with the default permissions, so the umask applies as
   * for any tool's output ({@code Files.createTempFile} would make it 0600, and the move would keep that).
   */
  public static Path createTemporary(Path dir, String prefix, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path candidate = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
      try {
        return Files.createFile(candidate);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** Moves {@code source} over {@code target}: atomically where the file system can, else by a plain replace. */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
