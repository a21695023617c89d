package io.jkernels.cli;

import io.jkernels.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that appear whole and never replace an existing one: the bytes go to a temporary file in the target's
 * folder, which is then hard-linked to the first free name {@code base + ext}, {@code base-2 + ext}, ... (a link
 * fails atomically if the name exists, so two runs cannot overwrite each other) and removed. Where the file system
 * has no hard links, the temporary file is moved to the free name (without replacing).
 */
final class NewFiles {
  private NewFiles() {}

  /** Writes {@code bytes} to a new file named {@code base[-k]ext} in {@code dir}; returns its path. */
  static Path write(Path dir, String base, String ext, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Path tmp = AtomicFiles.createTemporary(dir, "." + base + ".", ext + ".part");
    try {
      Files.write(tmp, bytes);
      for (int k = 1; ; k++) {
        Path target = dir.resolve(base + (k == 1 ? "" : "-" + k) + ext);
        try {
          try {
            Files.createLink(target, tmp);
          } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException f) {
              throw f;
            }
            Files.move(tmp, target); // no REPLACE_EXISTING: fails if the name was taken meanwhile
          }
          return target;
        } catch (FileAlreadyExistsException taken) {
          if (k > 1000) {
            throw taken;
          }
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
