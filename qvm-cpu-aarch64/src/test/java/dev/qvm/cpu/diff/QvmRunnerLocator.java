package dev.qvm.cpu.diff;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the qvm side of the differential tests: the class {@value #CLASS_NAME}, a
 * {@link GuestRunner} with a public no-argument constructor that runs an ELF on qvm's VM. Until
 * it exists the tests that need it are skipped loudly.
 */
public final class QvmRunnerLocator {

  /** The runner class the interpreter's owner provides. */
  public static final String CLASS_NAME = "dev.qvm.cpu.diff.QvmGuestRunner";

  private QvmRunnerLocator() {}

  /** The qvm runner, or a loud skip with "qvm runner not wired yet". */
  public static GuestRunner qvmOrSkip() {
    Class<?> type;
    try {
      type = Class.forName(CLASS_NAME);
    } catch (ClassNotFoundException absent) {
      String reason = "qvm runner not wired yet: no class " + CLASS_NAME;
      System.err.println("*** SKIPPED: " + reason);
      Assumptions.abort(reason);
      throw new AssertionError("unreachable");
    }
    if (!GuestRunner.class.isAssignableFrom(type)) {
      throw new IllegalStateException(CLASS_NAME + " does not implement GuestRunner");
    }
    try {
      return (GuestRunner) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException(CLASS_NAME + " needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(CLASS_NAME + " failed to construct", e.getCause());
    }
  }
}
