/**
 * ARM semihosting for A64 guests: the host services a guest reaches with {@code HLT #0xF000}
 * (console output and input, clocks, heap information, exit with a status). The reference is
 * ARM's "Semihosting for AArch32 and AArch64" (version 2.0); section numbers in this package
 * refer to it. qvm gives guests the console only, never the host's files.
 */
package dev.qvm.core.semihosting;
