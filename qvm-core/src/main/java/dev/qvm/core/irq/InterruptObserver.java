package dev.qvm.core.irq;

/**
 * Events of an {@link InterruptController} that the host side follows: the host gate of
 * mask-until-EOI and the interrupt statistics. The controller calls these after releasing its
 * lock, on the thread that caused the event (a source's thread for assertions, the vCPU's for
 * acknowledge and deactivation), so an observer may call back into the controller.
 *
 * <p>{@code vcpu} is the PE whose CPU interface did it, or -1 for an assertion of a shared
 * interrupt (SPI); {@code intid} is the GIC INTID.
 */
public interface InterruptObserver {

  /** A source drove an interrupt line high (or pulsed it), or software made it pending. */
  default void asserted(int vcpu, int intid) {}

  /** A CPU interface acknowledged the interrupt (ICC_IAR0/1_EL1 returned it). */
  default void acknowledged(int vcpu, int intid) {}

  /**
   * The interrupt left the active state: EOI with EOImode 0, ICC_DIR_EL1 with EOImode 1, or a
   * write to ICACTIVER. This is the "physical EOI" point of the QNX model.
   */
  default void deactivated(int vcpu, int intid) {}

  /**
   * The guest changed something that decides whether interrupts can be forwarded at all: the
   * distributor's group enables, a CPU interface's group enable, or an interrupt's enable.
   */
  default void enablesChanged() {}

  // ---- events of a host gate (mask-until-EOI), for the host side's trace ----

  /**
   * The gate forwarded a host assertion of {@code intid} into the vGIC and masked the source
   * (not with {@code ,u}) until the guest deactivates the INTID.
   */
  default void hostForwarded(int intid, boolean sourceMasked) {}

  /** A host assertion of {@code intid} arrived while the source was masked: counted and held. */
  default void hostHeld(int intid, String why) {}

  /** The guest's deactivation (on {@code vcpu}) unmasked the host source of {@code intid}. */
  default void hostUnmasked(int vcpu, int intid) {}
}
