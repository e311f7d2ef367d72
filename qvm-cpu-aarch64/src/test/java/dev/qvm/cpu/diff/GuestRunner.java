package dev.qvm.cpu.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a bare-metal AArch64 ELF on a QEMU-virt-compatible machine (RAM at 0x40000000, pl011 at
 * 0x09000000, semihosting enabled, the vCPU entering at EL1 at the ELF entry) and collects its
 * console. Differential tests run the same image under two runners and compare the consoles.
 */
public interface GuestRunner {

  /** A short name for reports, e.g. "qemu" or "qvm". */
  String name();

  /** Runs {@code elf} until the guest exits via semihosting or {@code timeout} passes. */
  RunResult run(Path elf, Duration timeout) throws IOException, InterruptedException;
}
