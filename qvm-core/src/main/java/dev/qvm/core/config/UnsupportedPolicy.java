package dev.qvm.core.config;

/**
 * What an unsupported guest operation does, per category ({@code unsupported CATEGORY ACTION}).
 */
public record UnsupportedPolicy(Action instruction, Action reference, Action register) {

  /** QNX's defaults: instruction fail, reference ignore, register fail. */
  public static final UnsupportedPolicy DEFAULT =
      new UnsupportedPolicy(Action.FAIL, Action.IGNORE, Action.FAIL);

  /** The three actions of QVMCONF.md. */
  public enum Action {
    /** Dump guest state and stop qvm (exit code 5). */
    ABORT,
    /** Raise an exception in the guest. */
    FAIL,
    /** Reads return all ones, writes are dropped. */
    IGNORE
  }

  UnsupportedPolicy with(String category, Action action) {
    return switch (category) {
      case "instruction" -> new UnsupportedPolicy(action, reference, register);
      case "reference" -> new UnsupportedPolicy(instruction, action, register);
      case "register" -> new UnsupportedPolicy(instruction, reference, action);
      default -> throw new IllegalArgumentException(category);
    };
  }
}
