package dev.qvm.cpu.diff;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs the differential tests need. A missing program skips the test
 * loudly, unless the environment variable QVM_REQUIRE_EXTERNAL=1 (set by CI), which turns the
 * skip into a failure (ARCHITECTURE.md section 8).
 */
public final class ExternalTools {

  private ExternalTools() {}

  /** Whether CI demands the external tools. */
  public static boolean required() {
    return "1".equals(System.getenv("QVM_REQUIRE_EXTERNAL"));
  }

  /** QEMU from PATH, or a loud skip (or failure when required). */
  public static QemuGuestRunner qemuOrSkip() {
    Optional<QemuGuestRunner> qemu = QemuGuestRunner.fromPath();
    if (qemu.isEmpty()) {
      String reason = QemuGuestRunner.EXECUTABLE + " is not on PATH: differential tests against"
          + " QEMU cannot run (apt-get install qemu-system-arm)";
      if (required()) {
        fail(reason + " and QVM_REQUIRE_EXTERNAL=1");
      }
      System.err.println("*** SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return qemu.get();
  }
}
