package dev.qvm.cpu.mmu;

import dev.qvm.core.memory.AccessType;
import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.exception.Esr;
import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.exec.Cpu;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One vCPU's view of memory: stage 1 (the guest's tables, {@link Stage1Walker}) composed with
 * stage 2 (the hypervisor's, {@link IpaSpace}), cached in a software TLB (ARCHITECTURE.md
 * section 3).
 *
 * <p>The TLB is structure-of-arrays, direct-mapped by VA page, separate for reads and writes,
 * tagged by the VA page and the exception level so an EL change needs no flush. A hit costs a
 * tag compare and one absolute {@code ByteBuffer} get/put. Misses, MMIO, page-crossing and
 * faulting accesses take the slow path. A TLBI by VA drops that page's entries at every EL and
 * ASID ({@link #invalidatePage}); TLBI by ASID or of everything, and writes to the translation
 * registers, flush the whole TLB: over-invalidation is always architecturally allowed, and it
 * keeps ASID handling trivially correct.
 */
public final class Mmu {

  static final int TLB_BITS = 10;
  static final int TLB_SIZE = 1 << TLB_BITS;
  static final int TLB_MASK = TLB_SIZE - 1;
  private static final long NO_TAG = -1L;

  /** What the guest sees when it touches an IPA with nothing behind it (QVMCONF "unsupported reference"). */
  public enum ReferencePolicy {
    /** Reads return all ones, writes are dropped (QNX's default). */
    IGNORE,
    /** A synchronous external abort in the guest. */
    FAIL,
    /** qvm stops with a report (exit code 5). */
    ABORT
  }

  private final IpaSpace ipaSpace;
  private final CodeListener codeListener;
  private Cpu cpu;
  private final Stage1Walker walker;

  /** The owning CPU's statistics; only slow paths count here (never a TLB hit). */
  private dev.qvm.core.stats.VcpuCounters counters;

  private final long[] readTag = new long[TLB_SIZE];
  private final ByteBuffer[] readBuf = new ByteBuffer[TLB_SIZE];
  private final int[] readOff = new int[TLB_SIZE];
  private final long[] writeTag = new long[TLB_SIZE];
  private final ByteBuffer[] writeBuf = new ByteBuffer[TLB_SIZE];
  private final int[] writeOff = new int[TLB_SIZE];

  /**
   * Either 0 or 0x3f (SCTLR_EL1.A): the misaligned low bits of a VA, masked by this and shifted
   * above the page offset, make the fast path's offset test fail, so a misaligned access takes
   * the slow path and its alignment fault.
   */
  private int alignCheck;

  /** Stage 1 enabled (SCTLR_EL1.M). Updated by {@link #systemRegistersChanged}. */
  private boolean stage1;

  public ReferencePolicy referencePolicy = ReferencePolicy.IGNORE;

  /** Called for an {@link ReferencePolicy#ABORT}; set by the VM. */
  public AbortHandler abortHandler = (va, ipa, size, write) -> {};

  /** Told of a reference under {@link ReferencePolicy#ABORT} before the guest's abort is taken. */
  @FunctionalInterface
  public interface AbortHandler {
    void unsupportedReference(long va, long ipa, int size, boolean write);
  }

  /**
   * Debugging and tracing (dev.qvm.cpu.trace): told of every slow-path access after its stage-1
   * translation, i.e. TLB misses, MMIO and page-crossing accesses; it may abandon the access by
   * throwing {@link GuestException} (a watchpoint). Null when nobody watches. Set only on the
   * owning vCPU's thread or while it is halted.
   */
  public dev.qvm.cpu.trace.MemoryObserver observer;

  /** While true nothing enters the TLB, so every access reaches {@link #observer} (watchpoints). */
  public boolean bypassTlb;

  /** Host-side observer of stores to pages that hold decoded code. */
  public interface CodeListener {
    /** Whether the IPA page holds decoded code (stores to it must re-decode). */
    boolean isCode(long ipaPage);

    /** A store of {@code size} bytes at {@code ipa} changed a code page. */
    void codeWritten(long ipa, int size);
  }

  // Exclusive monitor (ARM ARM B2.9): the local monitor of this PE.
  private long exclusiveVa = -1;
  private int exclusiveSize;
  private long exclusiveValue;
  private long exclusiveValueHigh;

  public Mmu(IpaSpace ipaSpace, CodeListener codeListener) {
    this.ipaSpace = ipaSpace;
    this.codeListener = codeListener;
    this.walker = new Stage1Walker(this::readDescriptor);
    flushAll();
  }

  /** Binds this MMU to its CPU (done once by the CPU's constructor). */
  public void attach(Cpu owner) {
    this.cpu = owner;
    this.counters = owner.counters;
    walker.granule16k = ((owner.model.idAa64mmfr0() >>> 20) & 0xf) == 1;
  }

  public IpaSpace ipaSpace() {
    return ipaSpace;
  }

  /** Drops every cached translation (TLBI, writes to SCTLR/TCR/TTBR/MAIR). */
  public void flushAll() {
    Arrays.fill(readTag, NO_TAG);
    Arrays.fill(writeTag, NO_TAG);
    Arrays.fill(readBuf, null);
    Arrays.fill(writeBuf, null);
  }

  /** Drops cached write permissions only (a page just became code). */
  public void flushWrites() {
    Arrays.fill(writeTag, NO_TAG);
    Arrays.fill(writeBuf, null);
  }

  /** Set by another vCPU's thread: drop the write TLB before the next instruction. */
  private volatile boolean writeFlushRequested;

  /**
   * Asks this MMU, from any thread, to drop its cached write permissions (a page just became
   * code on another vCPU). Only the owning vCPU touches its TLB arrays, so the request is carried
   * out by {@link #serviceRequests()} on the owner's thread at its next slice.
   */
  public void requestWriteFlush() {
    writeFlushRequested = true;
  }

  /** Carries out requests from other threads; the owning vCPU calls it between slices. */
  public void serviceRequests() {
    if (writeFlushRequested) {
      writeFlushRequested = false;
      flushWrites();
    }
  }

  /**
   * Re-reads SCTLR_EL1 and flushes: called after any write to a translation-control register,
   * and for TLBI by ASID or of everything. The caller drops the decoded-code lookups with it
   * (Cpu.translationChanged), so the record of large leaves starts again too.
   */
  public void systemRegistersChanged() {
    long sctlr = cpu.sys.sctlrEl1;
    stage1 = (sctlr & 1) != 0;
    alignCheck = (sctlr & 2) != 0 ? 0x3f : 0;
    counters.tlbFlushes++;
    flushAll();
    largeLeaves = 0;
    descriptorPage = -1;
  }

  // ---- TLBI by VA ----

  /** VA[55:12] of a page number: what a TLBI by VA names (its Xt[43:0]); top byte ignored. */
  private static final long VA_PAGE_BITS = (1L << 44) - 1;

  private static final int MAX_LARGE_LEAVES = 16;

  /**
   * The regions larger than 4KB (blocks, 16KB/64KB pages) whose translations may be cached here,
   * in this TLB or the owner's decoded-code lookups, since the last full flush: VA page number
   * and size as a page-number mask. Every entry is one 4KB page, so a TLBI naming one VA of such
   * a region must drop its other pages too; with more regions than this records, any TLBI by VA
   * flushes everything.
   */
  private final long[] largeLeafPage = new long[MAX_LARGE_LEAVES];

  private final long[] largeLeafMask = new long[MAX_LARGE_LEAVES];
  private int largeLeaves;

  private void noteLeaf(long va, int leafShift) {
    if (leafShift <= 12 || largeLeaves > MAX_LARGE_LEAVES) {
      return;
    }
    long mask = ((1L << (leafShift - 12)) - 1);
    long page = (va >>> 12) & VA_PAGE_BITS & ~mask;
    for (int k = 0; k < largeLeaves; k++) {
      if (largeLeafPage[k] == page && largeLeafMask[k] == mask) {
        return;
      }
    }
    if (largeLeaves == MAX_LARGE_LEAVES) {
      largeLeaves++; // too many to track: every TLBI by VA becomes a full flush
      return;
    }
    largeLeafPage[largeLeaves] = page;
    largeLeafMask[largeLeaves++] = mask;
  }

  /**
   * TLBI VAE1, VALE1, VAAE1, VAALE1 and their IS forms (D8.13): drops the cached translations of
   * the page of {@code va}, whatever EL, ASID or top byte they were tagged with (invalidating more
   * than asked is always allowed). Returns false when it had to flush everything instead (the
   * VA lies in a cached block, see {@link #largeLeafPage}): the caller then drops all decoded-code
   * lookups as well; true means only that page's lookups need to go.
   */
  public boolean invalidatePage(long va) {
    long page = (va >>> 12) & VA_PAGE_BITS;
    boolean inLarge = largeLeaves > MAX_LARGE_LEAVES;
    for (int k = 0; k < largeLeaves && !inLarge; k++) {
      inLarge = ((page ^ largeLeafPage[k]) & ~largeLeafMask[k]) == 0;
    }
    if (inLarge) {
      systemRegistersChanged();
      return false;
    }
    int i = (int) page & TLB_MASK;
    if (((readTag[i] ^ page) & VA_PAGE_BITS) == 0) {
      readTag[i] = NO_TAG;
      readBuf[i] = null;
    }
    if (((writeTag[i] ^ page) & VA_PAGE_BITS) == 0) {
      writeTag[i] = NO_TAG;
      writeBuf[i] = null;
    }
    counters.tlbPageInvalidations++;
    return true;
  }

  /**
   * Data reads and writes the TLB served (the fast paths' hits), for {@code --stats}: one
   * increment of a field of this object, which the access touches anyway.
   */
  long readHits;

  long writeHits;

  public long tlbReadHits() {
    return readHits;
  }

  public long tlbWriteHits() {
    return writeHits;
  }

  private long tag(long va) {
    return (va >>> 12) | elTag;
  }

  /** PSTATE.EL in the TLB tag's top bits, kept here so a lookup reads no field of the CPU. */
  private long elTag = 1L << 62;

  /** The CPU changed PSTATE.EL (exception entry or return, reset): later lookups use its tag. */
  public void elChanged(int el) {
    elTag = (long) el << 62;
  }

  // ---- fast paths ----

  public long read64(long va) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (readTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 7) << 12)) <= 0xff8)) {
      readHits++;
      return readBuf[i].getLong(readOff[i] + off);
    }
    return slowRead(va, 8, cpu.el);
  }

  public long read32(long va) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (readTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 3) << 12)) <= 0xffc)) {
      readHits++;
      return readBuf[i].getInt(readOff[i] + off) & 0xffff_ffffL;
    }
    return slowRead(va, 4, cpu.el);
  }

  public long read16(long va) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (readTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 1) << 12)) <= 0xffe)) {
      readHits++;
      return readBuf[i].getShort(readOff[i] + off) & 0xffffL;
    }
    return slowRead(va, 2, cpu.el);
  }

  public long read8(long va) {
    int i = (int) (va >>> 12) & TLB_MASK;
    if (readTag[i] == tag(va)) {
      readHits++;
      return readBuf[i].get(readOff[i] + ((int) va & 0xfff)) & 0xffL;
    }
    return slowRead(va, 1, cpu.el);
  }

  /** Reads {@code size} (1, 2, 4, 8) bytes, zero-extended. */
  public long read(long va, int size) {
    return switch (size) {
      case 1 -> read8(va);
      case 2 -> read16(va);
      case 4 -> read32(va);
      default -> read64(va);
    };
  }

  public void write64(long va, long value) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (writeTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 7) << 12)) <= 0xff8)) {
      writeHits++;
      writeBuf[i].putLong(writeOff[i] + off, value);
      return;
    }
    slowWrite(va, 8, value, cpu.el);
  }

  public void write32(long va, long value) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (writeTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 3) << 12)) <= 0xffc)) {
      writeHits++;
      writeBuf[i].putInt(writeOff[i] + off, (int) value);
      return;
    }
    slowWrite(va, 4, value, cpu.el);
  }

  public void write16(long va, long value) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    if (writeTag[i] == tag(va) && ((off | ((alignCheck & (int) va & 1) << 12)) <= 0xffe)) {
      writeHits++;
      writeBuf[i].putShort(writeOff[i] + off, (short) value);
      return;
    }
    slowWrite(va, 2, value, cpu.el);
  }

  public void write8(long va, long value) {
    int i = (int) (va >>> 12) & TLB_MASK;
    if (writeTag[i] == tag(va)) {
      writeHits++;
      writeBuf[i].put(writeOff[i] + ((int) va & 0xfff), (byte) value);
      return;
    }
    slowWrite(va, 1, value, cpu.el);
  }

  /** Writes the low {@code size} (1, 2, 4, 8) bytes of {@code value}. */
  public void write(long va, int size, long value) {
    switch (size) {
      case 1 -> write8(va, value);
      case 2 -> write16(va, value);
      case 4 -> write32(va, value);
      default -> write64(va, value);
    }
  }

  /** An unprivileged access (LDTR/STTR): checked with EL0 permissions when executed at EL1. */
  public long readUnprivileged(long va, int size) {
    return cpu.el == 0 ? read(va, size) : slowRead(va, size, 0);
  }

  public void writeUnprivileged(long va, int size, long value) {
    if (cpu.el == 0) {
      write(va, size, value);
    } else {
      slowWrite(va, size, value, 0);
    }
  }

  // ---- slow paths ----

  private long slowRead(long va, int size, int el) {
    if ((va & (size - 1)) != 0 && alignCheck != 0) {
      throw alignmentFault(va, false);
    }
    int off = (int) va & 0xfff;
    if (off + size > 0x1000) {
      // Crosses a page: each byte is its own access, translated on its own (B2.5.2).
      long value = 0;
      for (int b = 0; b < size; b++) {
        value |= slowRead(va + b, 1, el) << (8 * b);
      }
      return value;
    }
    long ipa = translate(va, AccessType.READ, el, false);
    if (observer != null) {
      observer.access(va, ipa, size, false, 0);
    }
    PageMapping m = ipaSpace.lookup(ipa);
    int ipaOff = (int) ipa & 0xfff;
    switch (m.kind()) {
      case RAM -> {
        if (!m.readable()) {
          return unmappedRead(va, ipa, size);
        }
        if (walker.device && (va & (size - 1)) != 0) {
          throw alignmentFault(va, false);
        }
        counters.tlbReadMisses++;
        if (el == cpu.el && !walker.device && !bypassTlb) {
          counters.tlbFills++;
          int i = (int) (va >>> 12) & TLB_MASK;
          readTag[i] = tag(va);
          readBuf[i] = m.buffer();
          readOff[i] = m.bufferOffset();
        }
        ByteBuffer b = m.buffer();
        int at = m.bufferOffset() + ipaOff;
        return switch (size) {
          case 1 -> b.get(at) & 0xffL;
          case 2 -> b.getShort(at) & 0xffffL;
          case 4 -> b.getInt(at) & 0xffff_ffffL;
          default -> b.getLong(at);
        };
      }
      case MMIO -> {
        if ((va & (size - 1)) != 0) {
          throw alignmentFault(va, false); // Device memory must be accessed aligned
        }
        counters.mmioAccess(m.device(), false);
        return m.device().read(m.deviceOffset() + ipaOff, size);
      }
      default -> {
        return unmappedRead(va, ipa, size);
      }
    }
  }

  private void slowWrite(long va, int size, long value, int el) {
    if ((va & (size - 1)) != 0 && alignCheck != 0) {
      throw alignmentFault(va, true);
    }
    int off = (int) va & 0xfff;
    if (off + size > 0x1000) {
      for (int b = 0; b < size; b++) {
        slowWrite(va + b, 1, value >>> (8 * b), el);
      }
      return;
    }
    long ipa = translate(va, AccessType.WRITE, el, false);
    if (observer != null) {
      observer.access(va, ipa, size, true, value);
    }
    PageMapping m = ipaSpace.lookup(ipa);
    int ipaOff = (int) ipa & 0xfff;
    switch (m.kind()) {
      case RAM -> {
        if (!m.writable()) {
          if (m.device() != null) {
            romdWrite(m, va, ipa, size, value);
          } else {
            unmappedWrite(va, ipa, size);
          }
          return;
        }
        if (walker.device && (va & (size - 1)) != 0) {
          throw alignmentFault(va, true);
        }
        counters.tlbWriteMisses++;
        ByteBuffer b = m.buffer();
        int at = m.bufferOffset() + ipaOff;
        switch (size) {
          case 1 -> b.put(at, (byte) value);
          case 2 -> b.putShort(at, (short) value);
          case 4 -> b.putInt(at, (int) value);
          default -> b.putLong(at, value);
        }
        long ipaPage = ipa & ~0xfffL;
        if (codeListener.isCode(ipaPage)) {
          // Never cache write access to a code page: every store must re-decode (self-modifying code).
          codeListener.codeWritten(ipa, size);
        } else if (el == cpu.el && !walker.device && !bypassTlb) {
          counters.tlbFills++;
          int i = (int) (va >>> 12) & TLB_MASK;
          writeTag[i] = tag(va);
          writeBuf[i] = m.buffer();
          writeOff[i] = m.bufferOffset();
        }
      }
      case MMIO -> {
        if ((va & (size - 1)) != 0) {
          throw alignmentFault(va, true);
        }
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        counters.mmioAccess(m.device(), true);
        m.device().write(m.deviceOffset() + ipaOff, size, value & mask);
      }
      default -> unmappedWrite(va, ipa, size);
    }
  }

  /**
   * A store to a ROM device's page in ROMD mode: stage 2 maps it read-only, and the permission
   * fault is emulated as a write to the device (which may switch its window, see RomdWindow).
   */
  private void romdWrite(PageMapping m, long va, long ipa, int size, long value) {
    if ((va & (size - 1)) != 0) {
      throw alignmentFault(va, true);
    }
    long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
    m.device().write(m.deviceOffset() + ((int) ipa & 0xfff), size, value & mask);
  }

  private long unmappedRead(long va, long ipa, int size) {
    switch (referencePolicy) {
      case FAIL -> throw dataAbort(va, false, Esr.FSC_SYNC_EXTERNAL);
      case ABORT -> {
        abortHandler.unsupportedReference(va, ipa, size, false);
        throw dataAbort(va, false, Esr.FSC_SYNC_EXTERNAL);
      }
      default -> {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
      }
    }
  }

  private void unmappedWrite(long va, long ipa, int size) {
    switch (referencePolicy) {
      case FAIL -> throw dataAbort(va, true, Esr.FSC_SYNC_EXTERNAL);
      case ABORT -> {
        abortHandler.unsupportedReference(va, ipa, size, true);
        throw dataAbort(va, true, Esr.FSC_SYNC_EXTERNAL);
      }
      default -> {}
    }
  }

  /**
   * Stage 1 for a data access: returns the IPA or takes the data abort and throws. With
   * SCTLR_EL1.M clear the VA is the IPA, but must fit the physical address size (D8.2.9).
   */
  public long translate(long va, AccessType type, int el, boolean cacheMaintenance) {
    if (!stage1) {
      if ((va >>> Stage1Walker.PA_BITS) != 0) {
        throw abort(va, type, Esr.FSC_ADDRESS_SIZE, cacheMaintenance);
      }
      // D8.2.9 makes data accesses Device-nGnRnE with stage 1 off, which would fault every unaligned
      // access; QEMU does not model that, and neither do we, so that the same images run on both.
      walker.device = false;
      return va;
    }
    var s = cpu.sys;
    counters.stage1Walks++;
    long ipa = walker.walk(va, type, el, s.tcrEl1, s.ttbr0El1, s.ttbr1El1, s.sctlrEl1, s.mairEl1);
    if (ipa < 0) {
      throw abort(va, type, walker.faultStatus, cacheMaintenance);
    }
    noteLeaf(va, walker.leafShift);
    return ipa;
  }

  /** AT S1E0R/W, S1E1R/W (C5.5): a translation without exception; returns PAR_EL1. */
  public long translateForAt(long va, boolean write, int el) {
    if (!stage1) {
      // D8.2.9: with stage 1 off, data is Device-nGnRnE (Attr 0x00), Outer Shareable (SH 0b10).
      return (va & 0x0000_ffff_ffff_f000L) | PAR_RES1 | PAR_NS | (2L << 7);
    }
    var s = cpu.sys;
    long ipa = walker.walk(va, write ? AccessType.WRITE : AccessType.READ, el, s.tcrEl1, s.ttbr0El1, s.ttbr1El1, s.sctlrEl1, s.mairEl1);
    if (ipa < 0) {
      // PAR_EL1 with F=1: FST in bits [6:1]; S (bit 9) and PTW (bit 8) are 0 for stage 1.
      return 1L | ((long) walker.faultStatus << 1) | PAR_RES1;
    }
    int attr = (int) (s.mairEl1 >>> (walker.attrIndex * 8)) & 0xff;
    return ((long) attr << 56) | (ipa & 0x0000_ffff_ffff_f000L) | PAR_RES1 | PAR_NS
        | ((long) walker.shareability << 7);
  }

  /** PAR_EL1 bit 11 is RES1 in both formats (D17.2.111). */
  private static final long PAR_RES1 = 1L << 11;

  /**
   * PAR_EL1.NS: the output address space. A guest of qvm is Non-secure, so every translation
   * reports NS = 1, as QEMU's cortex-a57 without EL3 does.
   */
  private static final long PAR_NS = 1L << 9;

  private GuestException abort(long va, AccessType type, int fsc, boolean cacheMaintenance) {
    if (type == AccessType.FETCH) {
      int ec = cpu.el == 0 ? Esr.EC_INSN_ABORT_LOWER : Esr.EC_INSN_ABORT_SAME;
      cpu.takeSynchronous(Esr.of(ec, fsc), va, va);
      return GuestException.INSTANCE;
    }
    int iss = fsc | (type == AccessType.WRITE ? Esr.ISS_WNR : 0) | (cacheMaintenance ? Esr.ISS_CM : 0);
    int ec = cpu.el == 0 ? Esr.EC_DATA_ABORT_LOWER : Esr.EC_DATA_ABORT_SAME;
    cpu.takeSynchronous(Esr.of(ec, iss), va, cpu.pc - 4);
    return GuestException.INSTANCE;
  }

  private GuestException dataAbort(long va, boolean write, int fsc) {
    return abort(va, write ? AccessType.WRITE : AccessType.READ, fsc, false);
  }

  private GuestException alignmentFault(long va, boolean write) {
    return dataAbort(va, write, Esr.FSC_ALIGNMENT);
  }

  /**
   * Translates an instruction fetch to its page mapping (RAM only); takes the instruction abort
   * and throws on failure.
   */
  public PageMapping translateFetch(long va) {
    long ipa = translate(va, AccessType.FETCH, cpu.el, false);
    PageMapping m = ipaSpace.lookup(ipa);
    if (m.kind() != PageMapping.Kind.RAM || !m.executable()) {
      throw abort(va, AccessType.FETCH, Esr.FSC_SYNC_EXTERNAL, false);
    }
    return m;
  }

  private boolean readDescriptor(long ipa, long[] out) {
    long page = ipa & ~0xfffL;
    if (page != descriptorPage) {
      PageMapping m = ipaSpace.lookup(ipa);
      if (m.kind() != PageMapping.Kind.RAM || !m.readable()) {
        return false;
      }
      descriptorPage = page;
      descriptorBuffer = m.buffer();
      descriptorOffset = m.bufferOffset();
    }
    out[0] = descriptorBuffer.getLong(descriptorOffset + ((int) ipa & 0xff8));
    return true;
  }

  /**
   * The last page a table walk read descriptors from, as stage 2 maps it: consecutive walks keep
   * reading the same few table pages, and a stage-2 lookup per descriptor cost more than the
   * read (a lesson of Sedna's, ARCHITECTURE.md section 7). Forgotten with the TLB, which every
   * change of stage 2 flushes (Vcpu.invalidateStage2).
   */
  private long descriptorPage = -1;

  private ByteBuffer descriptorBuffer;
  private int descriptorOffset;

  // ---- exclusives (B2.9) ----

  /** LDXR/LDAXR: reads and marks the location exclusive for this PE. */
  public long loadExclusive(long va, int size) {
    checkAlignedExclusive(va, size, false);
    long value = read(va, size);
    exclusiveVa = va;
    exclusiveSize = size;
    exclusiveValue = value;
    return value;
  }

  /** LDXP: the second half of a pair (read after {@link #loadExclusive} of the first). */
  public void setExclusivePairHigh(long high, int totalSize) {
    exclusiveValueHigh = high;
    exclusiveSize = totalSize;
  }

  /**
   * STXR/STLXR: stores only if this PE still holds the exclusive monitor for {@code va} and the
   * memory still holds the value it loaded (which makes the store fail when another vCPU wrote
   * the location in between). The compare and the store are one host compare-and-set, so two
   * vCPUs cannot both succeed ({@link HostAtomics}). Returns 0 on success, 1 on failure, as the
   * status register holds.
   */
  public int storeExclusive(long va, int size, long value) {
    if (exclusiveVa != va) {
      // B2.9.5: without a matching monitor the store does not happen and, as in QEMU, no
      // memory is touched, so no abort is taken either.
      exclusiveVa = -1;
      return 1;
    }
    exclusiveVa = -1;
    checkAlignedExclusive(va, size, true);
    return compareAndSet(va, size, exclusiveValue, value) ? 0 : 1;
  }

  /** STXP: the pair form; {@code size} is the size of one register. */
  public int storeExclusivePair(long va, int size, long low, long high) {
    if (exclusiveVa != va || exclusiveSize != size * 2) {
      exclusiveVa = -1;
      return 1;
    }
    exclusiveVa = -1;
    checkAlignedExclusive(va, size * 2, true);
    return compareAndSetPair(va, exclusiveValue, exclusiveValueHigh, low, high) ? 0 : 1;
  }

  // ---- atomic read-modify-write (B2.2.1 single-copy atomicity) ----

  /** Where {@link #locateForUpdate} found the bytes: a RAM buffer and offset. */
  private ByteBuffer updateBuf;

  private int updateAt;

  /** The located page holds decoded code: a successful update must re-decode it. */
  private long updateCodeIpa = -1;

  /**
   * Translates {@code va} for a read-modify-write with write permission (a failed compare still
   * needs it, as for CAS, C6.2.40). Returns true with {@link #updateBuf}/{@link #updateAt} set
   * for RAM; false for MMIO or nothing mapped, where the caller falls back to ordinary accesses
   * (devices see a read then a write, and the unsupported-reference policy applies).
   */
  private boolean locateForUpdate(long va, int size) {
    int i = (int) (va >>> 12) & TLB_MASK;
    int off = (int) va & 0xfff;
    updateCodeIpa = -1;
    if (writeTag[i] == tag(va)) {
      updateBuf = writeBuf[i];
      updateAt = writeOff[i] + off;
      return true;
    }
    long ipa = translate(va, AccessType.WRITE, cpu.el, false);
    if (observer != null) {
      observer.access(va, ipa, size, true, 0);
    }
    PageMapping m = ipaSpace.lookup(ipa);
    if (m.kind() != PageMapping.Kind.RAM || !m.writable()) {
      return false;
    }
    counters.tlbWriteMisses++;
    updateBuf = m.buffer();
    updateAt = m.bufferOffset() + ((int) ipa & 0xfff);
    if (codeListener.isCode(ipa & ~0xfffL)) {
      updateCodeIpa = ipa;
    } else if (!walker.device && !bypassTlb) {
      counters.tlbFills++;
      writeTag[i] = tag(va);
      writeBuf[i] = m.buffer();
      writeOff[i] = m.bufferOffset();
    }
    return true;
  }

  /**
   * Atomically writes {@code value} at {@code va} if the {@code size} bytes there equal
   * {@code expected} (zero-extended). The access must already be checked aligned. Returns whether
   * it wrote.
   */
  public boolean compareAndSet(long va, int size, long expected, long value) {
    if (!locateForUpdate(va, size)) {
      synchronized (HostAtomics.LOCK) { // the same lock as HostAtomics' own fallback
        if (read(va, size) != expected) {
          return false;
        }
        write(va, size, value);
        return true;
      }
    }
    long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
    boolean done = HostAtomics.compareAndSet(updateBuf, updateAt, size, expected & mask, value & mask);
    if (done && updateCodeIpa >= 0) {
      codeListener.codeWritten(updateCodeIpa, size);
    }
    return done;
  }

  /** The 128-bit form of {@link #compareAndSet} (STXP and CASP of X registers). */
  public boolean compareAndSetPair(long va, long expectLow, long expectHigh, long low, long high) {
    if (!locateForUpdate(va, 16)) {
      synchronized (HostAtomics.LOCK) { // the same lock as HostAtomics' own fallback
        if (read(va, 8) != expectLow || read(va + 8, 8) != expectHigh) {
          return false;
        }
        write(va, 8, low);
        write(va + 8, 8, high);
        return true;
      }
    }
    boolean done = HostAtomics.compareAndSetPair(updateBuf, updateAt, expectLow, expectHigh, low, high);
    if (done && updateCodeIpa >= 0) {
      codeListener.codeWritten(updateCodeIpa, 16);
    }
    return done;
  }

  /**
   * An atomic read of {@code size} bytes at {@code va} with write permission checked, for the
   * first step of an LSE read-modify-write loop (read, compute, {@link #compareAndSet}).
   */
  public long readForUpdate(long va, int size) {
    if (!locateForUpdate(va, size)) {
      return read(va, size);
    }
    return HostAtomics.load(updateBuf, updateAt, size);
  }

  /** CLREX, exception entry and return: the local monitor goes to Open Access. */
  public void clearExclusive() {
    exclusiveVa = -1;
  }

  /** Exclusives and atomics must be naturally aligned whatever SCTLR_EL1.A says (B2.5.2). */
  public void checkAlignedExclusive(long va, int size, boolean write) {
    if ((va & (size - 1)) != 0) {
      throw alignmentFault(va, write);
    }
  }
}
