package dev.qvm.core.boot;

/**
 * An image could not be loaded: broken or truncated, of the wrong machine, or not fitting in
 * guest RAM/ROM. The message is one line without a location; the caller, which knows where the
 * {@code load} option stands, wraps it in a {@code FILE:LINE:COL} config error.
 */
public final class ImageLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public ImageLoadException(String message) {
    super(message);
  }

  public ImageLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
