package dev.qvm.cpu.diff;

/**
 * What a guest run produced.
 *
 * @param console everything the guest wrote to its UART (pl011 at 0x09000000)
 * @param exitCode the semihosting SYS_EXIT status, or the emulator's own exit status; -1 when
 *     the run timed out
 * @param timedOut whether the run was killed at its deadline
 */
public record RunResult(String console, int exitCode, boolean timedOut) {}
