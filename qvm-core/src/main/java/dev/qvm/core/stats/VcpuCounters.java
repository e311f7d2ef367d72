package dev.qvm.core.stats;

import dev.qvm.core.memory.MmioDevice;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What one vCPU did, counted for {@code qvm run --stats} (ARCHITECTURE.md section 4: each exit
 * "has a reason, is counted per vCPU"). Plain {@code long} fields: only the owning vCPU's thread
 * increments them, and they are read when the VM has stopped (the thread's end happens-before the
 * join that precedes the report), so no counter costs a fence or an atomic.
 *
 * <p>Nothing here is incremented per instruction or per TLB hit. The CPU counts where it already
 * leaves its fast paths: exits (MMIO, HVC/SMC, semihosting, WFI/WFE), exception entries and
 * returns, MMU slow-path accesses and table walks, and decoded-code-page lookups (one per entry
 * into a code page, not per instruction). TLB hits are deliberately not counted: that would put
 * an increment on every load and store.
 */
public final class VcpuCounters {

  // ---- exits: control leaves guest code for the host ----

  /** HVC instructions executed at EL1 (SMCCC calls to qvm as the EL2 firmware; PSCI among them). */
  public long hvcCalls;

  /** SMC instructions executed at EL1 (SMCCC calls to qvm as the EL3 firmware). */
  public long smcCalls;

  /** Semihosting calls ({@code HLT #0xF000} with semihosting on). */
  public long semihostingCalls;

  /**
   * WFI instructions executed (each leaves the guest until an interrupt or a timer deadline;
   * under icount it skips to the deadline instead); not those trapped to EL1 at EL0.
   */
  public long wfi;

  /** WFE instructions that found the event register clear and waited. */
  public long wfe;

  /** WFE instructions that found the event register set and went on at once (no wait). */
  public long wfeNoWait;

  /**
   * PSCI calls by function number (bits [4:0] of the function id, SMC32 and SMC64 forms
   * together): index 3 is CPU_ON, 8 SYSTEM_OFF (ARM DEN 0022 5.1). Counted by the VM's firmware.
   */
  public final long[] psciCalls = new long[32];

  /** SMCCC calls that are not PSCI (SMCCC_VERSION, unknown functions, non-zero immediates). */
  public long otherSmcccCalls;

  // ---- guest exceptions and interrupts ----

  /**
   * Synchronous exceptions taken to EL1, by exception class (ESR_EL1.EC, bits [31:26]): 0x15 SVC,
   * 0x24/0x25 data aborts, 0x00 UNDEFINED... The CPU module names the classes.
   */
  public final long[] synchronousExceptions = new long[64];

  /** IRQ exceptions taken (the vGIC asserted this PE's IRQ and PSTATE.I was clear). */
  public long irqsTaken;

  /** FIQ exceptions taken. */
  public long fiqsTaken;

  /** Exception returns (ERET). */
  public long exceptionReturns;

  // ---- memory ----

  /** Data reads the soft TLB served (its fast path), copied from the MMU when read. */
  public long tlbReadHits;

  /** Data writes the soft TLB served. */
  public long tlbWriteHits;

  /** Data reads the TLB did not serve that reached RAM (a TLB miss: stage 1 and 2 resolved). */
  public long tlbReadMisses;

  /** Data writes the TLB did not serve that reached RAM. */
  public long tlbWriteMisses;

  /** TLB entries filled after a miss (misses of Device memory, code pages or a watchpoint are not cached). */
  public long tlbFills;

  /** Stage-1 translation table walks (data, fetch; not AT instructions nor the debugger's). */
  public long stage1Walks;

  /** Whole-TLB flushes (TLBI, TLBI ...IS from another PE, writes to SCTLR/TCR/TTBR/MAIR). */
  public long tlbFlushes;

  /** TLBI by VA that dropped only that page's entries (a VA inside a cached block flushes all). */
  public long tlbPageInvalidations;

  /** Decoded-code-page lookups answered by the vCPU's fetch cache (one per entry into a page). */
  public long codePageHits;

  /** Decoded-code-page lookups that missed and translated the fetch (and decoded a new page if needed). */
  public long codePageMisses;

  /** Hot blocks this vCPU compiled (BlockCompiler); blocks of one shape share a class. */
  public long blocksCompiled;

  // ---- MMIO exits per vdev ----

  /** Reads and writes per device: {reads, writes}. A lookup per MMIO exit, never per RAM access. */
  private final Map<MmioDevice, long[]> mmio = new IdentityHashMap<>();

  private MmioDevice lastDevice;
  private long[] lastCounts;

  /** An MMIO exit: a read ({@code write} false) or a write of {@code device}'s window. */
  public void mmioAccess(MmioDevice device, boolean write) {
    long[] counts = lastCounts;
    if (device != lastDevice) {
      counts = mmio.computeIfAbsent(device, d -> new long[2]);
      lastDevice = device;
      lastCounts = counts;
    }
    counts[write ? 1 : 0]++;
  }

  /** MMIO reads and writes so far, by device: {reads, writes}. Read once the vCPU has stopped. */
  public Map<MmioDevice, long[]> mmioByDevice() {
    return mmio;
  }

  /** All MMIO exits (reads and writes of every vdev). */
  public long mmioAccesses() {
    long n = 0;
    for (long[] c : mmio.values()) {
      n += c[0] + c[1];
    }
    return n;
  }

  /** Every PSCI call counted in {@link #psciCalls}. */
  public long psciTotal() {
    long n = 0;
    for (long c : psciCalls) {
      n += c;
    }
    return n;
  }

  /** Every synchronous exception taken. */
  public long synchronousTotal() {
    long n = 0;
    for (long c : synchronousExceptions) {
      n += c;
    }
    return n;
  }

  /**
   * Every exit: MMIO accesses, HVC and SMC calls, semihosting calls and WFI/WFE waits. (IRQs are
   * guest exceptions here: qvm delivers them without leaving a guest that is running.)
   */
  public long exits() {
    return mmioAccesses() + hvcCalls + smcCalls + semihostingCalls + wfi + wfe;
  }
}
