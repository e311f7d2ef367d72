package dev.qvm.cpu.diff;

import static dev.qvm.cpu.asm.A64.W;
import static dev.qvm.cpu.asm.A64.X;
import static dev.qvm.cpu.asm.A64Mem.ldr;
import static dev.qvm.cpu.asm.A64Mem.str;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.CodeBuffer;
import dev.qvm.cpu.asm.CodeBuffer.Label;
import dev.qvm.cpu.asm.Cond;
import dev.qvm.cpu.asm.ElfImage;
import dev.qvm.cpu.asm.Shift;
import dev.qvm.cpu.asm.SysReg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the FP/SIMD differential test image: like {@link DiffImageBuilder} (whose address map
 * and exception recording it shares) but with CPACR_EL1.FPEN = 0b11, and per sequence FPCR,
 * FPSR = 0 and V0-V31 loaded before the block; the line printed after it adds
 * {@code v0=HI_LO ... v31=... fpsr=...} to the integer state.
 */
public final class FpDiffImageBuilder {


  private static final long LOAD_ADDRESS = DiffImageBuilder.LOAD_ADDRESS;
  private static final long HARNESS_DATA = DiffImageBuilder.HARNESS_DATA;
  private static final long SCRATCH = DiffImageBuilder.SCRATCH;
  private static final int SCRATCH_SIZE = DiffImageBuilder.SCRATCH_SIZE;
  private static final long UART = DiffImageBuilder.UART;
  /**
   * Blocks have at most 8 instructions and the handler resumes after each, so at most 8
   * synchronous exceptions: all are recorded, which {@link FpCoverage} relies on.
   */
  private static final int MAX_RECORDED_EXCEPTIONS = 8;
  private static final SysReg FPCR = new SysReg("FPCR", 3, 3, 4, 4, 0);
  private static final SysReg FPSR = new SysReg("FPSR", 3, 3, 4, 4, 1);
  /** The V register dump, 32 x 16 bytes, and FPSR after it. */
  private static final int DUMP_V = 0x800;
  private static final int DUMP_FPSR = DUMP_V + 512;

  // Offsets within HARNESS_DATA.
  private static final int SAVE = 0x00; // handler's x0..x3
  private static final int LOG_PTR = 0x40;
  private static final int BLOCK_START = 0x48;
  private static final int SEQ_COUNTER = 0x50;
  private static final int SAVED_LR = 0x58;
  private static final int EXC_COUNT = 0x60;
  private static final int EXIT_PARAMS = 0x80;
  private static final int DUMP = 0x100; // x0..x30, then NZCV at DUMP + 31 * 8
  private static final int LOG = 0x200; // entries of {ESR, ELR - block start, FAR}
  private static final int LOG_ENTRY = 24;

  /** The vector table must be 2 KiB aligned (VBAR_EL1 bits [10:0] are RES0). */
  private static final int VECTORS_OFFSET = 0x800;
  /** ARM semihosting: SYS_EXIT and the ADP_Stopped_ApplicationExit reason. */
  private static final int SYS_EXIT = 0x18;
  private static final long ADP_STOPPED_APPLICATION_EXIT = 0x20026L;
  /** SCTLR_EL1 with the ARMv8.0 RES1 bits, SA and SA0 set, MMU and caches off. */
  private static final long SCTLR_VALUE = 0x30D0_0818L;

  private final CodeBuffer code = new CodeBuffer(LOAD_ADDRESS);
  private final Label syncHandler = code.newLabel();
  private final Label fatal = code.newLabel();
  private final Label printSeq = code.newLabel();
  private final Label puts = code.newLabel();
  private final Label putHex = code.newLabel();
  private final Label resetScratch = code.newLabel();
  private final Label scratchTemplate = code.newLabel();
  private final Label exitBlock = code.newLabel();
  private final List<Label> stringLabels = new ArrayList<>();
  private final List<String> strings = new ArrayList<>();

  private FpDiffImageBuilder() {}

  /**
   * The ELF file for {@code cases}; {@code scratchFill} (SCRATCH_SIZE bytes) is the content the
   * scratch area is reset to before every sequence.
   */
  public static byte[] build(List<FpTestCase> cases, byte[] scratchFill) {
    if (scratchFill.length != SCRATCH_SIZE) {
      throw new IllegalArgumentException("scratch fill must be " + SCRATCH_SIZE + " bytes");
    }
    FpDiffImageBuilder b = new FpDiffImageBuilder();
    byte[] payload = b.assemble(cases, scratchFill);
    return ElfImage.build(LOAD_ADDRESS, LOAD_ADDRESS, payload);
  }

  private byte[] assemble(List<FpTestCase> cases, byte[] scratchFill) {
    Label main = code.newLabel();
    code.emitRef(main, A64::b);
    code.padTo(VECTORS_OFFSET);
    emitVectors();
    emitSyncHandler();
    emitFatal();
    code.bind(main);
    emitPrologue();
    List<Label> stateLabels = new ArrayList<>();
    for (FpTestCase tc : cases) {
      Label state = code.newLabel();
      stateLabels.add(state);
      emitSequence(tc, state);
    }
    printString("end\n");
    emitSemihostingExit(0);
    emitPrintSeq();
    emitPuts();
    emitPutHex();
    emitResetScratch();
    code.align(8);
    code.bind(exitBlock);
    code.emit64(ADP_STOPPED_APPLICATION_EXIT);
    code.emit64(0);
    for (int i = 0; i < strings.size(); i++) {
      code.bind(stringLabels.get(i));
      code.emitBytes((strings.get(i) + "\0").getBytes(StandardCharsets.US_ASCII));
    }
    code.align(8);
    code.bind(scratchTemplate);
    code.emitBytes(scratchFill);
    for (int i = 0; i < cases.size(); i++) {
      code.bind(stateLabels.get(i));
      FpTestCase tc = cases.get(i);
      for (long r : tc.vregs()) {
        code.emit64(r);
      }
      for (long r : tc.registers()) {
        code.emit64(r);
      }
      code.emit64(tc.nzcv());
      code.emit64(tc.fpcr());
    }
    if (code.size() > (1 << 20) - 4096) {
      throw new IllegalStateException("image too large for ADR reach; use fewer sequences");
    }
    return code.toBytes();
  }

  // ------------------------------------------------------------------ vectors and handlers

  /**
   * ARM ARM D1.10.2, "Exception vectors": 16 entries of 0x80 bytes. Synchronous exceptions from
   * the current EL (with SP_EL0 while a block runs, or SP_ELx in the harness) go to the
   * recording handler; anything else is a harness failure.
   */
  private void emitVectors() {
    for (int entry = 0; entry < 16; entry++) {
      code.padTo(VECTORS_OFFSET + entry * 0x80);
      if (entry == 0 || entry == 4) {
        code.emitRef(syncHandler, A64::b);
      } else {
        code.emit(A64.movz(X, 0, entry * 0x80, 0));
        code.emitRef(fatal, A64::b);
      }
    }
    code.padTo(VECTORS_OFFSET + 16 * 0x80);
  }

  /**
   * Records ESR_EL1, the ELR_EL1 offset from the block start and (for data aborts, EC 0x24 and
   * 0x25, ARM ARM D17.2.37) FAR_EL1, then returns to the next instruction. SP is SP_EL1 =
   * HARNESS_DATA; ERET restores NZCV from SPSR_EL1, so the CMPs here do not disturb the block.
   */
  private void emitSyncHandler() {
    code.bind(syncHandler);
    for (int r = 0; r < 4; r++) {
      code.emit(str(X, r, A64.SP, SAVE + 8L * r));
    }
    Label skipRecord = code.newLabel();
    Label storeFar = code.newLabel();
    Label readFar = code.newLabel();
    code.emit(ldr(X, 0, A64.SP, EXC_COUNT));
    code.emit(A64.addImm(X, 1, 0, 1, false));
    code.emit(str(X, 1, A64.SP, EXC_COUNT));
    code.emit(A64.subsImm(X, A64.ZR, 0, MAX_RECORDED_EXCEPTIONS, false));
    code.emitRef(skipRecord, off -> A64.bCond(Cond.CS, off));
    code.emit(ldr(X, 0, A64.SP, LOG_PTR));
    code.emit(A64.mrs(1, SysReg.ESR_EL1));
    code.emit(str(X, 1, 0, 0));
    code.emit(A64.mrs(1, SysReg.ELR_EL1));
    code.emit(ldr(X, 2, A64.SP, BLOCK_START));
    code.emit(A64.subReg(X, 1, 1, 2, Shift.LSL, 0));
    code.emit(str(X, 1, 0, 8));
    code.emit(A64.mrs(2, SysReg.ESR_EL1));
    code.emit(A64.lsrImm(X, 2, 2, 26));
    code.emit(A64.movz(X, 1, 0, 0));
    code.emit(A64.subsImm(X, A64.ZR, 2, 0x24, false));
    code.emitRef(readFar, off -> A64.bCond(Cond.EQ, off));
    code.emit(A64.subsImm(X, A64.ZR, 2, 0x25, false));
    code.emitRef(storeFar, off -> A64.bCond(Cond.NE, off));
    code.bind(readFar);
    code.emit(A64.mrs(1, SysReg.FAR_EL1));
    code.bind(storeFar);
    code.emit(str(X, 1, 0, 16));
    code.emit(A64.addImm(X, 0, 0, LOG_ENTRY, false));
    code.emit(str(X, 0, A64.SP, LOG_PTR));
    code.bind(skipRecord);
    code.emit(A64.mrs(0, SysReg.ELR_EL1));
    code.emit(A64.addImm(X, 0, 0, 4, false));
    code.emit(A64.msr(SysReg.ELR_EL1, 0));
    for (int r = 0; r < 4; r++) {
      code.emit(ldr(X, r, A64.SP, SAVE + 8L * r));
    }
    code.emit(A64.eret());
  }

  /** An unexpected vector (x0 = its offset): print it and exit with status 2. */
  private void emitFatal() {
    code.bind(fatal);
    code.emit(A64.movReg(X, 20, 0));
    printString("\nFATAL: unexpected exception vector 0x");
    code.emit(A64.movReg(X, 0, 20));
    code.emit(A64.movz(X, 1, 3, 0));
    code.emitRef(putHex, A64::bl);
    printString(" esr=");
    code.emit(A64.mrs(0, SysReg.ESR_EL1));
    code.emit(A64.movz(X, 1, 8, 0));
    code.emitRef(putHex, A64::bl);
    printString(" elr=");
    code.emit(A64.mrs(0, SysReg.ELR_EL1));
    code.emit(A64.movz(X, 1, 16, 0));
    code.emitRef(putHex, A64::bl);
    printString("\n");
    emitSemihostingExit(2);
  }

  // ------------------------------------------------------------------ main line

  private void emitPrologue() {
    code.emit(A64.movz(X, 0, (int) (HARNESS_DATA >>> 16), 16));
    code.emit(A64.addImm(X, A64.SP, 0, 0, false)); // SP_EL1 = HARNESS_DATA for the handler
    long vectorsAddress = LOAD_ADDRESS + VECTORS_OFFSET;
    code.emit(A64.adr(1, vectorsAddress - code.here()));
    code.emit(A64.msr(SysReg.VBAR_EL1, 1));
    emitMov64(1, SCTLR_VALUE);
    code.emit(A64.msr(SysReg.SCTLR_EL1, 1));
    // CPACR_EL1.FPEN = 0b11: FP/SIMD instructions do not trap at EL0 or EL1.
    code.emit(A64.movz(X, 1, 0x30, 16));
    code.emit(A64.msr(SysReg.CPACR_EL1, 1));
    code.emit(A64.isb());
    code.emit(str(X, A64.ZR, 0, SEQ_COUNTER));
    code.emit(str(X, A64.ZR, 0, EXC_COUNT));
    code.emit(A64.addImm(X, 1, 0, LOG, false));
    code.emit(str(X, 1, 0, LOG_PTR));
    code.emitRef(resetScratch, A64::bl);
    code.emit(A64.msrSpSel(0));
  }

  private void emitSequence(FpTestCase tc, Label state) {
    code.emit(A64.movz(X, 29, (int) (HARNESS_DATA >>> 16), 16));
    Label block = code.newLabel();
    code.emitRef(block, off -> A64.adr(30, off));
    code.emit(str(X, 30, 29, BLOCK_START));
    code.emitRef(state, off -> A64.adr(30, off));
    for (int r = 0; r < 32; r += 2) {
      code.emit(ldpQ(r, r + 1, 30, 16 * r));
    }
    code.emit(A64.addImm(X, 30, 30, 512, false));
    code.emit(ldr(X, 0, 30, 32 * 8));
    code.emit(A64.msr(FPCR, 0));
    code.emit(A64.msr(FPSR, A64.ZR));
    code.emit(ldr(X, 0, 30, 31 * 8));
    code.emit(A64.msr(SysReg.NZCV, 0));
    // CPACR_EL1.FPEN for the block: 0b00 makes it trap (EC 0x07) unless UNDEFINED first.
    code.emit(A64.movz(X, 0, tc.fpTrap() ? 0 : 0x30, 16));
    code.emit(A64.msr(SysReg.CPACR_EL1, 0));
    code.emit(A64.isb());
    for (int r = 0; r < 30; r++) {
      code.emit(ldr(X, r, 30, 8L * r));
    }
    // Blocks start 8-byte aligned so that generated literal loads can be kept aligned.
    boolean padNeeded = (code.size() + 4) % 8 != 0;
    if (padNeeded) {
      code.emit(A64.nop());
    }
    code.emit(ldr(X, 30, 30, 30 * 8));
    code.bind(block);
    for (Insn insn : tc.block()) {
      code.emit(insn.word());
    }
    code.emit(A64.msr(SysReg.TPIDR_EL1, 0));
    code.emit(A64.movz(X, 0, (int) (HARNESS_DATA >>> 16), 16));
    for (int r = 1; r <= 30; r++) {
      code.emit(str(X, r, 0, DUMP + 8L * r));
    }
    code.emit(A64.mrs(1, SysReg.TPIDR_EL1));
    code.emit(str(X, 1, 0, DUMP));
    code.emit(A64.mrs(1, SysReg.NZCV));
    code.emit(str(X, 1, 0, DUMP + 31 * 8));
    code.emit(A64.movz(X, 1, 0x30, 16));
    code.emit(A64.msr(SysReg.CPACR_EL1, 1));
    code.emit(A64.isb());
    code.emit(A64.addImm(X, 1, 0, DUMP_V, false));
    for (int r = 0; r < 32; r += 2) {
      code.emit(stpQ(r, r + 1, 1, 16 * r));
    }
    code.emit(A64.mrs(1, FPSR));
    code.emit(str(X, 1, 0, DUMP_FPSR));
    code.emitRef(printSeq, A64::bl);
  }

  /** LDP Qt, Qt2, [Xn, #offset] (C7.2 LDP, SIMD&amp;FP, signed offset; opc = 10). */
  static int ldpQ(int rt, int rt2, int rn, int offset) {
    return 0xAD40_0000 | (((offset / 16) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt;
  }

  /** STP Qt, Qt2, [Xn, #offset]. */
  static int stpQ(int rt, int rt2, int rn, int offset) {
    return 0xAD00_0000 | (((offset / 16) & 0x7f) << 15) | (rt2 << 10) | (rn << 5) | rt;
  }

  private void emitSemihostingExit(int status) {
    if (status == 0) {
      code.emitRef(exitBlock, off -> A64.adr(1, off));
    } else {
      // A non-zero status gets its parameter block {reason, status} written in RAM.
      code.emit(A64.movz(X, 2, (int) (HARNESS_DATA >>> 16), 16));
      emitMov64(3, ADP_STOPPED_APPLICATION_EXIT);
      code.emit(str(X, 3, 2, EXIT_PARAMS));
      code.emit(A64.movz(X, 3, status, 0));
      code.emit(str(X, 3, 2, EXIT_PARAMS + 8));
      code.emit(A64.addImm(X, 1, 2, EXIT_PARAMS, false));
    }
    code.emit(A64.movz(W, 0, SYS_EXIT, 0));
    code.emit(A64.hlt(0xF000)); // A64 semihosting trap (ARM semihosting spec, "The SVC/HLT")
    Label spin = code.newLabel();
    code.bind(spin);
    code.emitRef(spin, A64::b);
  }

  private void emitMov64(int rd, long value) {
    code.emit(A64.movz(X, rd, (int) (value & 0xFFFF), 0));
    for (int shift = 16; shift < 64; shift += 16) {
      int part = (int) ((value >>> shift) & 0xFFFF);
      if (part != 0) {
        code.emit(A64.movk(X, rd, part, shift));
      }
    }
  }

  // ------------------------------------------------------------------ printing routines

  /** Emits a call printing a constant string (clobbers x0..x4, x9, x10, x30). */
  private void printString(String s) {
    Label l = code.newLabel();
    stringLabels.add(l);
    strings.add(s);
    code.emitRef(l, off -> A64.adr(0, off));
    code.emitRef(puts, A64::bl);
  }

  /** Prints the dumped state, the recorded exceptions and resets per-sequence state. */
  private void emitPrintSeq() {
    code.bind(printSeq);
    code.emit(A64.movz(X, 19, (int) (HARNESS_DATA >>> 16), 16));
    code.emit(str(X, 30, 19, SAVED_LR));
    printString("seq ");
    code.emit(ldr(X, 0, 19, SEQ_COUNTER));
    code.emit(A64.addImm(X, 1, 0, 1, false));
    code.emit(str(X, 1, 19, SEQ_COUNTER));
    code.emit(A64.movz(X, 1, 4, 0));
    code.emitRef(putHex, A64::bl);
    printString(":");
    for (int r = 0; r <= 30; r++) {
      printString(" x" + r + "=");
      code.emit(ldr(X, 0, 19, DUMP + 8L * r));
      code.emit(A64.movz(X, 1, 16, 0));
      code.emitRef(putHex, A64::bl);
    }
    printString(" nzcv=");
    code.emit(ldr(X, 0, 19, DUMP + 31 * 8));
    code.emit(A64.lsrImm(X, 0, 0, 28));
    code.emit(A64.movz(X, 1, 1, 0));
    code.emitRef(putHex, A64::bl);
    for (int r = 0; r < 32; r++) {
      printString(" v" + r + "=");
      code.emit(ldr(X, 0, 19, DUMP_V + 16L * r + 8));
      code.emit(A64.movz(X, 1, 16, 0));
      code.emitRef(putHex, A64::bl);
      printString("_");
      code.emit(ldr(X, 0, 19, DUMP_V + 16L * r));
      code.emit(A64.movz(X, 1, 16, 0));
      code.emitRef(putHex, A64::bl);
    }
    printString(" fpsr=");
    code.emit(ldr(X, 0, 19, DUMP_FPSR));
    code.emit(A64.movz(X, 1, 8, 0));
    code.emitRef(putHex, A64::bl);
    // Checksum of the scratch area: h = ror(h, 59) ^ word, then h += remaining count.
    printString(" mem=");
    code.emit(A64.movz(X, 2, (int) (SCRATCH >>> 16), 16));
    code.emit(A64.movz(X, 0, 0, 0));
    code.emit(A64.movz(X, 3, SCRATCH_SIZE / 8, 0));
    Label loop = code.newLabel();
    code.bind(loop);
    code.emit(ldr(X, 4, 2, 0));
    code.emit(A64.eorReg(X, 0, 4, 0, Shift.ROR, 59));
    code.emit(A64.addReg(X, 0, 0, 3, Shift.LSL, 0));
    code.emit(A64.addImm(X, 2, 2, 8, false));
    code.emit(A64.subImm(X, 3, 3, 1, false));
    code.emitRef(loop, off -> A64.cbnz(X, 3, off));
    code.emit(A64.movz(X, 1, 16, 0));
    code.emitRef(putHex, A64::bl);
    emitPrintExceptions();
    printString("\n");
    code.emitRef(resetScratch, A64::bl);
    code.emit(ldr(X, 30, 19, SAVED_LR));
    code.emit(A64.ret());
  }

  private void emitPrintExceptions() {
    Label none = code.newLabel();
    code.emit(ldr(X, 0, 19, EXC_COUNT));
    code.emitRef(none, off -> A64.cbz(X, 0, off));
    printString(" exc=");
    code.emit(ldr(X, 0, 19, EXC_COUNT));
    code.emit(A64.movz(X, 1, 2, 0));
    code.emitRef(putHex, A64::bl);
    // x20 walks the log up to the pointer the handler left.
    code.emit(A64.addImm(X, 20, 19, LOG, false));
    Label loop = code.newLabel();
    code.bind(loop);
    code.emit(ldr(X, 0, 19, LOG_PTR));
    code.emit(A64.subsReg(X, A64.ZR, 20, 0, Shift.LSL, 0));
    code.emitRef(none, off -> A64.bCond(Cond.CS, off));
    printString(" esr=");
    code.emit(ldr(X, 0, 20, 0));
    code.emit(A64.movz(X, 1, 8, 0));
    code.emitRef(putHex, A64::bl);
    printString(" elr=+");
    code.emit(ldr(X, 0, 20, 8));
    code.emit(A64.movz(X, 1, 4, 0));
    code.emitRef(putHex, A64::bl);
    printString(" far=");
    code.emit(ldr(X, 0, 20, 16));
    code.emit(A64.movz(X, 1, 16, 0));
    code.emitRef(putHex, A64::bl);
    code.emit(A64.addImm(X, 20, 20, LOG_ENTRY, false));
    code.emitRef(loop, A64::b);
    code.bind(none);
    code.emit(str(X, A64.ZR, 19, EXC_COUNT));
    code.emit(A64.addImm(X, 0, 19, LOG, false));
    code.emit(str(X, 0, 19, LOG_PTR));
  }

  /** Writes the byte in w{@code reg} to the pl011 once its TX FIFO has room (UARTFR.TXFF). */
  private void emitPutc(int reg) {
    code.emit(A64.movz(X, 9, (int) (UART >>> 16), 16));
    Label wait = code.newLabel();
    code.bind(wait);
    code.emit(ldr(W, 10, 9, 0x18)); // UARTFR
    code.emitRef(wait, off -> A64.tbnz(10, 5, off));
    code.emit(A64Mem.strb(reg, 9, 0)); // UARTDR
  }

  /** puts(x0 = NUL-terminated string). */
  private void emitPuts() {
    code.bind(puts);
    code.emit(A64.movReg(X, 2, 0));
    Label loop = code.newLabel();
    Label done = code.newLabel();
    code.bind(loop);
    code.emit(A64Mem.ldrb(3, 2, 0));
    code.emitRef(done, off -> A64.cbz(W, 3, off));
    emitPutc(3);
    code.emit(A64.addImm(X, 2, 2, 1, false));
    code.emitRef(loop, A64::b);
    code.bind(done);
    code.emit(A64.ret());
  }

  /** putHex(x0 = value, x1 = number of hex digits, most significant first). */
  private void emitPutHex() {
    code.bind(putHex);
    code.emit(A64.lslImm(X, 2, 1, 2));
    code.emit(A64.subImm(X, 2, 2, 4, false));
    Label loop = code.newLabel();
    Label digit = code.newLabel();
    Label done = code.newLabel();
    code.bind(loop);
    code.emit(A64.lsrv(X, 3, 0, 2));
    code.emit(A64.andImm(X, 3, 3, 0xF));
    code.emit(A64.subsImm(X, A64.ZR, 3, 10, false));
    code.emitRef(digit, off -> A64.bCond(Cond.CC, off));
    code.emit(A64.addImm(X, 3, 3, 'a' - 10 - '0', false));
    code.bind(digit);
    code.emit(A64.addImm(X, 3, 3, '0', false));
    emitPutc(3);
    code.emitRef(done, off -> A64.cbz(X, 2, off));
    code.emit(A64.subImm(X, 2, 2, 4, false));
    code.emitRef(loop, A64::b);
    code.bind(done);
    code.emit(A64.ret());
  }

  /** Copies the scratch template into the scratch area (clobbers x5..x8). */
  private void emitResetScratch() {
    code.bind(resetScratch);
    code.emitRef(scratchTemplate, off -> A64.adr(5, off));
    code.emit(A64.movz(X, 6, (int) (SCRATCH >>> 16), 16));
    code.emit(A64.movz(X, 7, SCRATCH_SIZE / 8, 0));
    Label loop = code.newLabel();
    code.bind(loop);
    code.emit(ldr(X, 8, 5, 0));
    code.emit(str(X, 8, 6, 0));
    code.emit(A64.addImm(X, 5, 5, 8, false));
    code.emit(A64.addImm(X, 6, 6, 8, false));
    code.emit(A64.subImm(X, 7, 7, 1, false));
    code.emitRef(loop, off -> A64.cbnz(X, 7, off));
    code.emit(A64.ret());
  }


}
