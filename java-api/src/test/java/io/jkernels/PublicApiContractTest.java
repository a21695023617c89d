package io.jkernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the dependency relies on besides the code: every public type and member of the public packages
 * carries javadoc (the javadoc tool itself checks, with doclint), the BOM lists every module at the build's version,
 * and the JDK rule says 25 in every place that states it.
 */
class PublicApiContractTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyPublicTypeAndMemberHasJavadoc(@TempDir Path out) {
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = List.of("-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "-d", out.toString(),
        "-sourcepath", Path.of("src/main/java").toString(), "-cp", System.getProperty("java.class.path"),
        "io.jkernels", "io.jkernels.pcr", "io.jkernels.transport");
    boolean ok = javadoc.getTask(new StringWriter(), null, diagnostics, null, options, null).call();
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      // "no @param"/"no @return" are not required where the prose says it; a missing comment or a broken one is.
      if (d.getKind() == Diagnostic.Kind.ERROR || message.contains("no comment")) {
        problems.add((d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber()
            + ": ") + message);
      }
    }
    assertTrue(problems.isEmpty(), () -> "javadoc problems in the public API:\n" + String.join("\n", problems));
    assertTrue(ok, "the javadoc tool failed");
  }

  private static List<String> all(Pattern p, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void theBomListsEveryModuleAtTheBuildVersion() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    String version = all(Pattern.compile("<artifactId>jkernels-parent</artifactId>\\s*<version>([^<]+)</version>"),
        root).getFirst();
    for (String module : all(Pattern.compile("<module>([^<]+)</module>"), root)) {
      if (module.equals("bom")) {
        continue;
      }
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      String artifact = all(Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>"), pom).getFirst();
      assertTrue(bom.contains("<artifactId>" + artifact + "</artifactId><version>" + version + "</version>"),
          () -> "the BOM does not list " + artifact + " at " + version);
    }
    assertEquals(version, all(Pattern.compile("<artifactId>jkernels-bom</artifactId>\\s*<version>([^<]+)</version>"),
        bom).getFirst());
  }

  @Test
  void theJdkRuleIsTwentyFiveEverywhere() throws Exception {
    String root = Files.readString(ROOT.resolve("pom.xml"));
    assertTrue(root.contains("<maven.compiler.release>25</maven.compiler.release>"), "compiler release");
    assertTrue(root.contains("<version>[25,)</version>"), "enforcer's requireJavaVersion");
    assertTrue(Files.readString(ROOT.resolve("scripts/env.sh")).contains("-ge 25"), "scripts/env.sh");
    assertTrue(Files.readString(ROOT.resolve("mvnw")).contains("-ge 25"), "mvnw finds a JDK 25 itself");
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(readme.contains("JDK 25"), "README");
    assertTrue(!readme.contains("22 at least") && !readme.contains("JDK ≥ 22"), "README states no older rule");
  }
}
