package io.jkernels.cli;

import io.jkernels.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks of output locations made before any work starts, so a run that cannot write its result fails in a second
 * with the reason instead of after minutes of work: the folder is created and a probe file written and removed in it.
 */
final class Outputs {
  private Outputs() {}

  /** {@code dir} exists (created if needed) and a file can be created in it; else an IAE naming {@code option}. */
  static void checkWritableFolder(Path dir, String option) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      Path probe = AtomicFiles.createTemporary(abs, ".jkernels-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(option + " " + dir + " is not a writable folder (" + reason(e) + ")", e);
    }
  }

  /** The folder of {@code file} is writable and {@code file} is not a folder. */
  static void checkWritableFile(Path file, String option) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException(option + " " + file + " is a folder, expected a file name");
    }
    checkWritableFolder(abs.getParent(), option + " " + file + ": its folder");
  }

  /** {@code file}'s name ends in {@code extension} (case-insensitive); else an IAE saying what is written. */
  static void requireExtension(Path file, String extension, String option, String why) {
    if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension)) {
      throw new IllegalArgumentException(option + " " + file + ": must end in " + extension + " (" + why + ")");
    }
  }

  private static String reason(Exception e) {
    String kind = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.FileSystemException
            && String.valueOf(e.getMessage()).contains("Not a directory") ? "a file is in the way"
        : e.getClass().getSimpleName();
    return kind + ": " + e.getMessage();
  }
}
