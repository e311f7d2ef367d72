package dev.qvm.core.memory;

import java.nio.ByteBuffer;

/**
 * What stage 2 makes of one 4 KiB IPA page, in the form a vCPU's software TLB caches: host
 * memory (a direct buffer and the offset of the page in it), a trapping MMIO window, or a fault.
 * Created only on a TLB miss, never per instruction.
 *
 * @param kind RAM (includes ROM and pass-through windows: host memory the guest reaches without
 *     an exit), MMIO (an exit to a vdev), or FAULT (a stage-2 abort for the guest)
 * @param ipaPage the page-aligned IPA
 * @param buffer host memory for RAM pages, else null
 * @param bufferOffset offset of the page's first byte in {@code buffer}
 * @param readable stage-2 S2AP read permission
 * @param writable stage-2 S2AP write permission
 * @param executable stage-2 XN clear
 * @param device the vdev for MMIO pages; for a RAM page of a {@link RomDevice} in ROMD mode, the
 *     device that takes the writes (stage 2 maps the page read-only, and a write to it is a
 *     permission fault the hypervisor emulates as a device write, as KVM does for a read-only
 *     memory slot); else null
 * @param deviceOffset offset of the page's first byte inside the device window
 * @param faultLevel for FAULT: the translation level at which the walk failed
 */
public record PageMapping(
    Kind kind,
    long ipaPage,
    ByteBuffer buffer,
    int bufferOffset,
    boolean readable,
    boolean writable,
    boolean executable,
    MmioDevice device,
    long deviceOffset,
    int faultLevel) {

  /** The three outcomes of a stage-2 lookup. */
  public enum Kind {
    RAM,
    MMIO,
    FAULT
  }

  /** True when this mapping allows {@code type}. */
  public boolean permits(AccessType type) {
    return switch (type) {
      case READ -> readable;
      case WRITE -> writable;
      case FETCH -> executable;
    };
  }
}
