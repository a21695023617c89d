package io.jkernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#shared()} throws open()'s own exception when opening fails and retries on the next call. Run in a
 * fresh JVM: this one's shared context may already be open (other tests use it).
 */
class SharedContextTest {
  @Test
  void aFailedOpenThrowsItsOwnExceptionAndIsRetried() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(done, "the child JVM did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("first: IllegalArgumentException"), out);
    assertTrue(out.contains("then: same context twice"), out);
  }

  /** Forces a bad backend name, calls shared(), clears it, calls shared() twice. */
  public static final class Main {
    public static void main(String[] args) {
      System.setProperty(Kernels.BACKEND_PROPERTY, "no-such-backend");
      try {
        Kernels.shared();
        System.out.println("first: opened (wrong)");
      } catch (IllegalArgumentException e) {
        System.out.println("first: IllegalArgumentException " + e.getMessage());
      }
      System.clearProperty(Kernels.BACKEND_PROPERTY);
      KernelContext a = Kernels.shared();
      KernelContext b = Kernels.shared();
      System.out.println(a == b ? "then: same context twice" : "then: two contexts (wrong)");
    }
  }
}
