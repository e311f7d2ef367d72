package dev.qvm.cpu.asm;

import static dev.qvm.cpu.asm.A64.SP;
import static dev.qvm.cpu.asm.A64.W;
import static dev.qvm.cpu.asm.A64.X;
import static dev.qvm.cpu.asm.A64.ZR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the encoder against GNU as: every expected word below was produced once by
 * {@code aarch64-linux-gnu-as -march=armv8-a+crc} and read back with objdump (the toolchain is not
 * needed to run this test). The third column is the source line that was assembled.
 */
class A64EncoderTest {

  private record Row(int actual, int expected, String gnuAs) {}

  private static Row row(int actual, int expected, String gnuAs) {
    return new Row(actual, expected, gnuAs);
  }

  private static final List<Row> TABLE = List.of(
        row(A64.addImm(X, 0, 1, 42, false), 0x9100_a820, "add x0, x1, #42"),
        row(A64.addImm(W, 3, 4, 0xfff, true), 0x117f_fc83, "add w3, w4, #0xfff, lsl #12"),
        row(A64.addImm(X, SP, SP, 16, false), 0x9100_43ff, "add sp, sp, #16"),
        row(A64.addsImm(X, 5, 6, 1, false), 0xb100_04c5, "adds x5, x6, #1"),
        row(A64.subImm(W, 7, 8, 4095, false), 0x513f_fd07, "sub w7, w8, #4095"),
        row(A64.subsImm(X, ZR, 9, 0, false), 0xf100_013f, "cmp x9, #0"),
        row(A64.andImm(X, 0, 1, 0xffL), 0x9240_1c20, "and x0, x1, #0xff"),
        row(A64.andImm(W, 2, 3, 0x80000000L), 0x1201_0062, "and w2, w3, #0x80000000"),
        row(A64.orrImm(X, 4, ZR, 0x5555555555555555L), 0xb200_f3e4, "orr x4, xzr, #0x5555555555555555"),
        row(A64.eorImm(X, 5, 6, 0xfffffffffffffffeL), 0xd27f_f8c5, "eor x5, x6, #0xfffffffffffffffe"),
        row(A64.andsImm(W, ZR, 7, 0x0f0f0f0fL), 0x7200_ccff, "tst w7, #0x0f0f0f0f"),
        row(A64.orrImm(X, 8, 9, 0x00ff00ff00ff00ffL), 0xb200_9d28, "orr x8, x9, #0x00ff00ff00ff00ff"),
        row(A64.eorImm(W, 10, 11, 0x7ffffffeL), 0x521f_756a, "eor w10, w11, #0x7ffffffe"),
        row(A64.andImm(X, 12, 13, 0xc000000000000001L), 0x9242_09ac, "and x12, x13, #0xc000000000000001"),
        row(A64.movz(X, 0, 0x1234, 48), 0xd2e2_4680, "movz x0, #0x1234, lsl #48"),
        row(A64.movz(W, 1, 0xffff, 16), 0x52bf_ffe1, "movz w1, #0xffff, lsl #16"),
        row(A64.movn(X, 2, 0, 0), 0x9280_0002, "movn x2, #0"),
        row(A64.movn(W, 3, 0x8000, 16), 0x12b0_0003, "movn w3, #0x8000, lsl #16"),
        row(A64.movk(X, 4, 0xbeef, 32), 0xf2d7_dde4, "movk x4, #0xbeef, lsl #32"),
        row(A64.adr(5, 0x1000), 0x1000_8005, "adr x5, .+0x1000"),
        row(A64.adr(6, -4), 0x10ff_ffe6, "adr x6, .-4"),
        row(A64.adr(7, 3), 0x7000_0007, "adr x7, .+3"),
        row(A64.adrp(8, 0x3000), 0xf000_0008, "adrp x8, .+0x3000 (via ld)"),
        row(A64.sbfm(X, 0, 1, 3, 7), 0x9343_1c20, "sbfm x0, x1, #3, #7"),
        row(A64.bfm(W, 2, 3, 31, 0), 0x331f_0062, "bfm w2, w3, #31, #0"),
        row(A64.ubfm(X, 4, 5, 63, 62), 0xd37f_f8a4, "ubfm x4, x5, #63, #62"),
        row(A64.lslImm(X, 6, 7, 4), 0xd37c_ece6, "lsl x6, x7, #4"),
        row(A64.lslImm(W, 6, 7, 31), 0x5301_00e6, "lsl w6, w7, #31"),
        row(A64.lsrImm(W, 8, 9, 31), 0x531f_7d28, "lsr w8, w9, #31"),
        row(A64.asrImm(X, 10, 11, 63), 0x937f_fd6a, "asr x10, x11, #63"),
        row(A64.extr(X, 12, 13, 14, 17), 0x93ce_45ac, "extr x12, x13, x14, #17"),
        row(A64.extr(W, 15, 16, 16, 31), 0x1390_7e0f, "ror w15, w16, #31"),
        row(A64.andReg(X, 0, 1, 2, Shift.LSL, 3), 0x8a02_0c20, "and x0, x1, x2, lsl #3"),
        row(A64.bicReg(W, 3, 4, 5, Shift.ROR, 31), 0x0ae5_7c83, "bic w3, w4, w5, ror #31"),
        row(A64.orrReg(X, 6, 7, 8, Shift.ASR, 63), 0xaa88_fce6, "orr x6, x7, x8, asr #63"),
        row(A64.ornReg(X, 9, ZR, 10, Shift.LSL, 0), 0xaa2a_03e9, "mvn x9, x10"),
        row(A64.eorReg(W, 11, 12, 13, Shift.LSR, 1), 0x4a4d_058b, "eor w11, w12, w13, lsr #1"),
        row(A64.eonReg(X, 14, 15, 16, Shift.LSL, 0), 0xca30_01ee, "eon x14, x15, x16"),
        row(A64.andsReg(X, 17, 18, 19, Shift.LSL, 0), 0xea13_0251, "ands x17, x18, x19"),
        row(A64.bicsReg(W, 20, 21, 22, Shift.ASR, 5), 0x6ab6_16b4, "bics w20, w21, w22, asr #5"),
        row(A64.movReg(X, 0, 30), 0xaa1e_03e0, "mov x0, x30"),
        row(A64.addReg(X, 0, 1, 2, Shift.LSL, 0), 0x8b02_0020, "add x0, x1, x2"),
        row(A64.addsReg(W, 3, 4, 5, Shift.ASR, 31), 0x2b85_7c83, "adds w3, w4, w5, asr #31"),
        row(A64.subReg(X, 6, 7, 8, Shift.LSR, 63), 0xcb48_fce6, "sub x6, x7, x8, lsr #63"),
        row(A64.subsReg(X, ZR, 9, 10, Shift.LSL, 12), 0xeb0a_313f, "cmp x9, x10, lsl #12"),
        row(A64.addExt(X, 0, SP, 1, Extend.UXTX, 0), 0x8b21_63e0, "add x0, sp, x1"),
        row(A64.addExt(X, 2, 3, 4, Extend.SXTW, 2), 0x8b24_c862, "add x2, x3, w4, sxtw #2"),
        row(A64.addsExt(W, 5, 6, 7, Extend.UXTB, 4), 0x2b27_10c5, "adds w5, w6, w7, uxtb #4"),
        row(A64.subExt(X, 8, 9, 10, Extend.SXTH, 1), 0xcb2a_a528, "sub x8, x9, w10, sxth #1"),
        row(A64.subsExt(X, 11, 12, 13, Extend.SXTX, 3), 0xeb2d_ed8b, "subs x11, x12, x13, sxtx #3"),
        row(A64.adc(X, 0, 1, 2), 0x9a02_0020, "adc x0, x1, x2"),
        row(A64.adcs(W, 3, 4, 5), 0x3a05_0083, "adcs w3, w4, w5"),
        row(A64.sbc(X, 6, 7, 8), 0xda08_00e6, "sbc x6, x7, x8"),
        row(A64.sbcs(W, 9, 10, 11), 0x7a0b_0149, "sbcs w9, w10, w11"),
        row(A64.csel(X, 0, 1, 2, Cond.EQ), 0x9a82_0020, "csel x0, x1, x2, eq"),
        row(A64.csinc(W, 3, 4, 5, Cond.LT), 0x1a85_b483, "csinc w3, w4, w5, lt"),
        row(A64.csinv(X, 6, 7, 8, Cond.HI), 0xda88_80e6, "csinv x6, x7, x8, hi"),
        row(A64.csneg(W, 9, 10, 11, Cond.NV), 0x5a8b_f549, "csneg w9, w10, w11, nv"),
        row(A64.csinc(X, 12, ZR, ZR, Cond.NE), 0x9a9f_17ec, "cset x12, eq"),
        row(A64.ccmpReg(X, 1, 2, 0b1010, Cond.GE), 0xfa42_a02a, "ccmp x1, x2, #10, ge"),
        row(A64.ccmnReg(W, 3, 4, 0, Cond.VS), 0x3a44_6060, "ccmn w3, w4, #0, vs"),
        row(A64.ccmpImm(X, 5, 31, 15, Cond.AL), 0xfa5f_e8af, "ccmp x5, #31, #15, al"),
        row(A64.ccmnImm(W, 6, 0, 4, Cond.CC), 0x3a40_38c4, "ccmn w6, #0, #4, cc"),
        row(A64.madd(X, 0, 1, 2, 3), 0x9b02_0c20, "madd x0, x1, x2, x3"),
        row(A64.msub(W, 4, 5, 6, 7), 0x1b06_9ca4, "msub w4, w5, w6, w7"),
        row(A64.madd(X, 8, 9, 10, ZR), 0x9b0a_7d28, "mul x8, x9, x10"),
        row(A64.smaddl(0, 1, 2, 3), 0x9b22_0c20, "smaddl x0, w1, w2, x3"),
        row(A64.smsubl(4, 5, 6, 7), 0x9b26_9ca4, "smsubl x4, w5, w6, x7"),
        row(A64.umaddl(8, 9, 10, 11), 0x9baa_2d28, "umaddl x8, w9, w10, x11"),
        row(A64.umsubl(12, 13, 14, 15), 0x9bae_bdac, "umsubl x12, w13, w14, x15"),
        row(A64.smulh(16, 17, 18), 0x9b52_7e30, "smulh x16, x17, x18"),
        row(A64.umulh(19, 20, 21), 0x9bd5_7e93, "umulh x19, x20, x21"),
        row(A64.udiv(X, 0, 1, 2), 0x9ac2_0820, "udiv x0, x1, x2"),
        row(A64.sdiv(W, 3, 4, 5), 0x1ac5_0c83, "sdiv w3, w4, w5"),
        row(A64.lslv(X, 6, 7, 8), 0x9ac8_20e6, "lsl x6, x7, x8"),
        row(A64.lsrv(W, 9, 10, 11), 0x1acb_2549, "lsr w9, w10, w11"),
        row(A64.asrv(X, 12, 13, 14), 0x9ace_29ac, "asr x12, x13, x14"),
        row(A64.rorv(W, 15, 16, 17), 0x1ad1_2e0f, "ror w15, w16, w17"),
        row(A64.crc32(false, 0, 0, 1, 2), 0x1ac2_4020, "crc32b w0, w1, w2"),
        row(A64.crc32(false, 1, 3, 4, 5), 0x1ac5_4483, "crc32h w3, w4, w5"),
        row(A64.crc32(false, 2, 6, 7, 8), 0x1ac8_48e6, "crc32w w6, w7, w8"),
        row(A64.crc32(false, 3, 9, 10, 11), 0x9acb_4d49, "crc32x w9, w10, x11"),
        row(A64.crc32(true, 0, 12, 13, 14), 0x1ace_51ac, "crc32cb w12, w13, w14"),
        row(A64.crc32(true, 3, 15, 16, 17), 0x9ad1_5e0f, "crc32cx w15, w16, x17"),
        row(A64.rbit(X, 0, 1), 0xdac0_0020, "rbit x0, x1"),
        row(A64.rev16(W, 2, 3), 0x5ac0_0462, "rev16 w2, w3"),
        row(A64.rev16(X, 2, 3), 0xdac0_0462, "rev16 x2, x3"),
        row(A64.rev32(4, 5), 0xdac0_08a4, "rev32 x4, x5"),
        row(A64.rev(W, 6, 7), 0x5ac0_08e6, "rev w6, w7"),
        row(A64.rev(X, 8, 9), 0xdac0_0d28, "rev x8, x9"),
        row(A64.clz(X, 10, 11), 0xdac0_116a, "clz x10, x11"),
        row(A64.cls(W, 12, 13), 0x5ac0_15ac, "cls w12, w13"),
        row(A64.b(8), 0x1400_0002, "b .+8"),
        row(A64.b(-0x8000000), 0x1600_0000, "b .-0x8000000"),
        row(A64.bl(0x7fffffc), 0x95ff_ffff, "bl .+0x7fffffc"),
        row(A64.bCond(Cond.EQ, 8), 0x5400_0040, "b.eq .+8"),
        row(A64.bCond(Cond.LE, -0x100000), 0x5480_000d, "b.le .-0x100000"),
        row(A64.cbz(X, 0, 8), 0xb400_0040, "cbz x0, .+8"),
        row(A64.cbnz(W, 30, -4), 0x35ff_fffe, "cbnz w30, .-4"),
        row(A64.tbz(1, 63, 8), 0xb6f8_0041, "tbz x1, #63, .+8"),
        row(A64.tbnz(2, 0, -0x8000), 0x3704_0002, "tbnz w2, #0, .-0x8000"),
        row(A64.tbz(3, 31, 0x7ffc), 0x36fb_ffe3, "tbz w3, #31, .+0x7ffc"),
        row(A64.br(16), 0xd61f_0200, "br x16"),
        row(A64.blr(17), 0xd63f_0220, "blr x17"),
        row(A64.ret(), 0xd65f_03c0, "ret"),
        row(A64.ret(5), 0xd65f_00a0, "ret x5"),
        row(A64.eret(), 0xd69f_03e0, "eret"),
        row(A64.svc(0), 0xd400_0001, "svc #0"),
        row(A64.hvc(0x1234), 0xd402_4682, "hvc #0x1234"),
        row(A64.smc(1), 0xd400_0023, "smc #1"),
        row(A64.brk(0xffff), 0xd43f_ffe0, "brk #0xffff"),
        row(A64.hlt(0xf000), 0xd45e_0000, "hlt #0xf000"),
        row(A64.nop(), 0xd503_201f, "nop"),
        row(A64.wfi(), 0xd503_207f, "wfi"),
        row(A64.dmb(15), 0xd503_3fbf, "dmb sy"),
        row(A64.dmb(11), 0xd503_3bbf, "dmb ish"),
        row(A64.dsb(15), 0xd503_3f9f, "dsb sy"),
        row(A64.isb(), 0xd503_3fdf, "isb"),
        row(A64.clrex(), 0xd503_3f5f, "clrex"),
        row(A64.mrs(0, SysReg.NZCV), 0xd53b_4200, "mrs x0, nzcv"),
        row(A64.msr(SysReg.NZCV, 1), 0xd51b_4201, "msr nzcv, x1"),
        row(A64.mrs(2, SysReg.CURRENT_EL), 0xd538_4242, "mrs x2, currentel"),
        row(A64.mrs(3, SysReg.MIDR_EL1), 0xd538_0003, "mrs x3, midr_el1"),
        row(A64.msr(SysReg.VBAR_EL1, 4), 0xd518_c004, "msr vbar_el1, x4"),
        row(A64.mrs(5, SysReg.ESR_EL1), 0xd538_5205, "mrs x5, esr_el1"),
        row(A64.msr(SysReg.ELR_EL1, 6), 0xd518_4026, "msr elr_el1, x6"),
        row(A64.mrs(7, SysReg.SPSR_EL1), 0xd538_4007, "mrs x7, spsr_el1"),
        row(A64.mrs(8, SysReg.FAR_EL1), 0xd538_6008, "mrs x8, far_el1"),
        row(A64.msr(SysReg.SCTLR_EL1, 9), 0xd518_1009, "msr sctlr_el1, x9"),
        row(A64.msr(SysReg.TCR_EL1, 10), 0xd518_204a, "msr tcr_el1, x10"),
        row(A64.msr(SysReg.TTBR0_EL1, 11), 0xd518_200b, "msr ttbr0_el1, x11"),
        row(A64.msr(SysReg.MAIR_EL1, 12), 0xd518_a20c, "msr mair_el1, x12"),
        row(A64.mrs(13, SysReg.TPIDR_EL0), 0xd53b_d04d, "mrs x13, tpidr_el0"),
        row(A64.msr(SysReg.DAIF, 14), 0xd51b_422e, "msr daif, x14"),
        row(A64.msr(SysReg.TPIDR_EL1, 15), 0xd518_d08f, "msr tpidr_el1, x15"),
        row(A64.mrs(16, SysReg.SP_EL0), 0xd538_4110, "mrs x16, sp_el0"),
        row(A64.mrs(17, SysReg.CNTVCT_EL0), 0xd53b_e051, "mrs x17, cntvct_el0"),
        row(A64.msr(SysReg.CPACR_EL1, 18), 0xd518_1052, "msr cpacr_el1, x18"),
        row(A64.msrDaifSet(0xf), 0xd503_4fdf, "msr daifset, #0xf"),
        row(A64.msrDaifClr(2), 0xd503_42ff, "msr daifclr, #2"),
        row(A64.msrSpSel(0), 0xd500_40bf, "msr spsel, #0"),
        row(A64Mem.ldr(X, 0, 1, 8), 0xf940_0420, "ldr x0, [x1, #8]"),
        row(A64Mem.ldr(W, 2, SP, 16380), 0xb97f_ffe2, "ldr w2, [sp, #16380]"),
        row(A64Mem.str(X, 3, 4, 32760), 0xf93f_fc83, "str x3, [x4, #32760]"),
        row(A64Mem.strb(5, 6, 4095), 0x393f_fcc5, "strb w5, [x6, #4095]"),
        row(A64Mem.ldrb(7, 8, 0), 0x3940_0107, "ldrb w7, [x8]"),
        row(A64Mem.unsignedOffset(MemOp.LDRSB_X, 9, 10, 1), 0x3980_0549, "ldrsb x9, [x10, #1]"),
        row(A64Mem.unsignedOffset(MemOp.LDRSB_W, 9, 10, 1), 0x39c0_0549, "ldrsb w9, [x10, #1]"),
        row(A64Mem.unsignedOffset(MemOp.LDRH, 11, 12, 2), 0x7940_058b, "ldrh w11, [x12, #2]"),
        row(A64Mem.unsignedOffset(MemOp.STRH, 13, 14, 8190), 0x793f_fdcd, "strh w13, [x14, #8190]"),
        row(A64Mem.unsignedOffset(MemOp.LDRSH_X, 15, 16, 6), 0x7980_0e0f, "ldrsh x15, [x16, #6]"),
        row(A64Mem.unsignedOffset(MemOp.LDRSH_W, 15, 16, 6), 0x79c0_0e0f, "ldrsh w15, [x16, #6]"),
        row(A64Mem.unsignedOffset(MemOp.LDRSW, 17, 18, 4), 0xb980_0651, "ldrsw x17, [x18, #4]"),
        row(A64Mem.unscaled(MemOp.LDR_X, 0, 1, -256), 0xf850_0020, "ldur x0, [x1, #-256]"),
        row(A64Mem.unscaled(MemOp.STR_W, 2, 3, 255), 0xb80f_f062, "stur w2, [x3, #255]"),
        row(A64Mem.unscaled(MemOp.LDRSH_W, 4, 5, -1), 0x78df_f0a4, "ldursh w4, [x5, #-1]"),
        row(A64Mem.indexed(MemOp.LDR_X, Index.POST, 0, 1, 8), 0xf840_8420, "ldr x0, [x1], #8"),
        row(A64Mem.indexed(MemOp.STR_X, Index.PRE, 2, SP, -16), 0xf81f_0fe2, "str x2, [sp, #-16]!"),
        row(A64Mem.indexed(MemOp.LDRB, Index.PRE, 3, 4, 1), 0x3840_1c83, "ldrb w3, [x4, #1]!"),
        row(A64Mem.indexed(MemOp.STRH, Index.POST, 5, 6, -256), 0x7810_04c5, "strh w5, [x6], #-256"),
        row(A64Mem.indexed(MemOp.LDRSW, Index.POST, 7, 8, 4), 0xb880_4507, "ldrsw x7, [x8], #4"),
        row(A64Mem.registerOffset(MemOp.LDR_X, 0, 1, 2, Extend.UXTX, true), 0xf862_7820, "ldr x0, [x1, x2, lsl #3]"),
        row(A64Mem.registerOffset(MemOp.STR_W, 3, 4, 5, Extend.UXTW, false), 0xb825_4883, "str w3, [x4, w5, uxtw]"),
        row(A64Mem.registerOffset(MemOp.LDRH, 6, 7, 8, Extend.SXTW, true), 0x7868_d8e6, "ldrh w6, [x7, w8, sxtw #1]"),
        row(A64Mem.registerOffset(MemOp.LDRSB_X, 9, 10, 11, Extend.SXTX, false), 0x38ab_e949, "ldrsb x9, [x10, x11, sxtx]"),
        row(A64Mem.registerOffset(MemOp.STRB, 12, 13, 14, Extend.UXTX, false), 0x382e_69ac, "strb w12, [x13, x14]"),
        row(A64Mem.literal(MemOp.LDR_X, 0, 8), 0x5800_0040, "ldr x0, .+8"),
        row(A64Mem.literal(MemOp.LDR_W, 1, -4), 0x18ff_ffe1, "ldr w1, .-4"),
        row(A64Mem.literal(MemOp.LDRSW, 2, 0x1000), 0x9800_8002, "ldrsw x2, .+0x1000"),
        row(A64Mem.pair(PairOp.STP_X, Index.PRE, 29, 30, SP, -16), 0xa9bf_7bfd, "stp x29, x30, [sp, #-16]!"),
        row(A64Mem.pair(PairOp.LDP_X, Index.POST, 29, 30, SP, 16), 0xa8c1_7bfd, "ldp x29, x30, [sp], #16"),
        row(A64Mem.pair(PairOp.LDP_W, Index.OFFSET, 0, 1, 2, 252), 0x295f_8440, "ldp w0, w1, [x2, #252]"),
        row(A64Mem.pair(PairOp.STP_W, Index.OFFSET, 3, 4, 5, -256), 0x2920_10a3, "stp w3, w4, [x5, #-256]"),
        row(A64Mem.pair(PairOp.LDPSW, Index.OFFSET, 6, 7, 8, 8), 0x6941_1d06, "ldpsw x6, x7, [x8, #8]"),
        row(A64Mem.pair(PairOp.LDP_X, Index.OFFSET, 9, 10, 11, 504), 0xa95f_a969, "ldp x9, x10, [x11, #504]"),
        row(A64Mem.ldxr(3, 0, 1), 0xc85f_7c20, "ldxr x0, [x1]"),
        row(A64Mem.ldxr(0, 2, 3), 0x085f_7c62, "ldxrb w2, [x3]"),
        row(A64Mem.ldaxr(2, 4, 5), 0x885f_fca4, "ldaxr w4, [x5]"),
        row(A64Mem.stxr(3, 6, 7, 8), 0xc806_7d07, "stxr w6, x7, [x8]"),
        row(A64Mem.stxr(1, 9, 10, 11), 0x4809_7d6a, "stxrh w9, w10, [x11]"),
        row(A64Mem.stlxr(2, 12, 13, 14), 0x880c_fdcd, "stlxr w12, w13, [x14]"),
        row(A64Mem.ldar(3, 15, 16), 0xc8df_fe0f, "ldar x15, [x16]"),
        row(A64Mem.stlr(0, 17, 18), 0x089f_fe51, "stlrb w17, [x18]"),
        row(A64Mem.unprivileged(MemOp.LDR_X, 1, 2, 8), 0xf840_8841, "ldtr x1, [x2, #8]"),
        row(A64Mem.unprivileged(MemOp.STR_W, 3, 4, -4), 0xb81f_c883, "sttr w3, [x4, #-4]"),
        row(A64Mem.unprivileged(MemOp.LDRB, 5, 6, 0), 0x3840_08c5, "ldtrb w5, [x6]"),
        row(A64Mem.unprivileged(MemOp.LDRSW, 7, 8, 255), 0xb88f_f907, "ldtrsw x7, [x8, #255]"),
        row(A64Mem.prfm(0, 0, 0), 0xf980_0000, "prfm pldl1keep, [x0]"),
        row(A64Mem.prfm(0x13, 9, 4088), 0xf987_fd33, "prfm pstl2strm, [x9, #4088]"),
        row(A64Mem.prfmRegister(0, 1, 2, true), 0xf8a2_7820, "prfm pldl1keep, [x1, x2, lsl #3]"),
        row(A64Mem.prfum(0x0c, 3, -1), 0xf89f_f06c, "prfum plil3keep, [x3, #-1]"),
        row(A64.dcZva(0), 0xd50b_7420, "dc zva, x0"),
        row(A64.dcCvau(6), 0xd50b_7b26, "dc cvau, x6"),
        row(A64.icIvau(7), 0xd50b_7527, "ic ivau, x7"),
        row(A64.atS1e0r(1), 0xd508_7841, "at s1e0r, x1"),
        row(A64.atS1e1w(2), 0xd508_7822, "at s1e1w, x2"),
        row(A64.dsb(11), 0xd503_3b9f, "dsb ish")
  );

  @Test
  void everyEncodingMatchesGnuAs() {
    for (Row r : TABLE) {
      assertThat(Integer.toHexString(r.actual()))
          .as("encoding of '%s'", r.gnuAs())
          .isEqualTo(Integer.toHexString(r.expected()));
    }
    assertThat(TABLE).hasSizeGreaterThan(150);
  }

  @Test
  void unencodableLogicalImmediatesAreRejected() {
    assertThatThrownBy(() -> A64.andImm(X, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.andImm(X, 0, 1, -1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.orrImm(W, 0, 1, 0xFFFF_FFFFL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.eorImm(X, 0, 1, 0x1234L))
        .isInstanceOf(IllegalArgumentException.class);
    // A 64-bit-only pattern cannot be a 32-bit immediate.
    assertThatThrownBy(() -> A64.andImm(W, 0, 1, 0xFF_0000_0000L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bitmaskEncodeAndDecodeAreInverseOverAllFields() {
    int encodable64 = 0;
    for (int n = 0; n <= 1; n++) {
      for (int immr = 0; immr < 64; immr++) {
        for (int imms = 0; imms < 64; imms++) {
          int raw = (n << 12) | (immr << 6) | imms;
          long value;
          try {
            value = BitmaskImmediate.decode(raw, 64);
          } catch (IllegalArgumentException reserved) {
            continue;
          }
          encodable64++;
          int again = BitmaskImmediate.encode(value, 64);
          assertThat(BitmaskImmediate.decode(again, 64))
              .as("round trip of N:immr:imms=%x", raw).isEqualTo(value);
        }
      }
    }
    // 5334 distinct 64-bit logical immediates exist (ARM ARM C3.4.2 counts the combinations).
    assertThat(encodable64).isGreaterThanOrEqualTo(5334);
  }

  @Test
  void outOfRangeOperandsAreRejected() {
    assertThatThrownBy(() -> A64.addImm(X, 0, 1, 4096, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.b(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.bCond(Cond.EQ, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64Mem.ldr(X, 0, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64Mem.unscaled(MemOp.LDR_X, 0, 1, 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.addReg(X, 0, 1, 2, Shift.ROR, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.movz(W, 0, 1, 32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> A64.adrp(0, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
