package dev.qvm.cpu.exception;

/**
 * Thrown after an architectural exception has been taken in the middle of an instruction (a
 * data abort in a load, an UNDEFINED encoding found late), to abandon the rest of that
 * instruction so that it writes nothing back. The exception state (ESR, ELR, PC) is already
 * set when this is thrown.
 *
 * <p>One shared instance without a stack trace: throwing it allocates nothing, and it is thrown
 * only when the guest takes a synchronous exception, never on the normal path of an
 * instruction. The interpreter loop catches it and continues at the vector.
 */
public final class GuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final GuestException INSTANCE = new GuestException();

  private GuestException() {
    super("guest exception taken", null, false, false);
  }
}
