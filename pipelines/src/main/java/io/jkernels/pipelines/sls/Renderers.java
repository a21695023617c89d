package io.jkernels.pipelines.sls;

import java.util.List;
import java.util.Locale;

/** The scene renderers by name, for the command line and cluster jobs (which ship names, not objects). */
public final class Renderers {
  private Renderers() {}

  /** Names {@link #byName} knows. */
  public static List<String> names() {
    return List.of("free-field");
  }

  public static String defaultName() {
    return names().get(0);
  }

  public static SceneRenderer byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "free-field", "anechoic" -> new FreeFieldRenderer();
      default -> throw new IllegalArgumentException("renderer: expected one of " + names() + ", got '" + name + "'");
    };
  }
}
