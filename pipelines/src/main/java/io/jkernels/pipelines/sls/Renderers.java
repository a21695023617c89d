package io.jkernels.pipelines.sls;

import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import java.util.List;
import java.util.Locale;

/** The scene renderers by name, for the command line and cluster jobs (which ship names, not objects). */
public final class Renderers {
  /** Default time after the direct path up to which images are simulated before the diffuse tail, seconds. */
  public static final double DEFAULT_IMAGE_SECONDS = 0.1;

  private Renderers() {}

  /** Names {@link #byName} knows: {@code image-source} (the default), {@code image-source-full}, {@code free-field}. */
  public static List<String> names() {
    return List.of("image-source", "image-source-full", "free-field");
  }

  public static String defaultName() {
    return names().get(0);
  }

  /**
   * The renderer called {@code name}; library renderers run on {@code context} (null: one opened on first use
   * for the whole process, shared by its threads, as a {@link KernelContext} is thread-safe).
   */
  public static SceneRenderer byName(String name, KernelContext context) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "image-source" -> new LibraryRenderer(context != null ? context : Shared.CONTEXT, DEFAULT_IMAGE_SECONDS);
      case "image-source-full" -> new LibraryRenderer(context != null ? context : Shared.CONTEXT, 0);
      case "free-field", "anechoic" -> new FreeFieldRenderer();
      default -> throw new IllegalArgumentException("renderer: expected one of " + names() + ", got '" + name + "'");
    };
  }

  /** The process-wide context, opened lazily (a cluster worker opens one per JVM). */
  private static final class Shared {
    static final KernelContext CONTEXT = Kernels.open();
  }
}
