/*
 * exc-basic: synchronous exceptions taken from EL1 with the MMU off (ARM ARM D1.10). Each probe
 * runs one instruction that traps, then checks ESR_EL1, ELR_EL1 (relative to the instruction),
 * FAR_EL1 where the architecture defines it and SPSR_EL1 against the values the ARM ARM gives.
 * Exit status: the number of failed checks.
 */
#include "../exc-common/trap.h"

static void svc_round_trip(void)
{
	uint64_t at, after;

	trap_reset();
	/* NZCV = 0b1010 before the call, so SPSR must hold it (D1.10.1). */
	__asm__ volatile(
		"mov x9, #0xa0000000\n"
		"msr nzcv, x9\n"
		"adr %0, 1f\n"
		"1: svc #0x1234\n"
		"adr %1, .\n"
		: "=&r"(at), "=&r"(after) : : "x9", "memory", "cc");
	show_trap("svc", at);
	check("svc ESR (EC 0x15, IL, imm16)", trap.esr, 0x56001234);
	check("svc ELR = next instruction", trap.elr - at, 4);
	check("svc SPSR (NZCV, DAIF, EL1h)", trap.spsr, 0xa00003c5);
	check("svc vector (current EL, SPx)", trap.vector, 4);
	check("svc returned once", trap.count, 1);
	check("svc resumed after the call", after - at, 4);
}

static void undef(void)
{
	uint64_t at;

	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: .word 0x00000000\n" : "=&r"(at) : : "memory");
	show_trap("udf", at);
	check("udf ESR (EC 0, IL)", trap.esr, 0x02000000);
	check("udf ELR = the instruction", trap.elr - at, 0);

	/* MSR to a read-only register (MIDR_EL1 encoding with L=0) is UNDEFINED too. */
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: .word 0xd5180000\n" : "=&r"(at) : : "memory");
	show_trap("msr midr", at);
	check("msr midr ESR", trap.esr, 0x02000000);
	check("msr midr ELR", trap.elr - at, 0);
}

static void brk(void)
{
	uint64_t at;

	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: brk #0x77\n" : "=&r"(at) : : "memory");
	show_trap("brk", at);
	check("brk ESR (EC 0x3c, imm16)", trap.esr, 0xf2000077);
	check("brk ELR = the instruction", trap.elr - at, 0);
}

static void alignment(void)
{
	uint64_t at, buf[4] = { 0x1122334455667788UL, 0x99aabbccddeeff00UL, 0, 0 };
	uint64_t p = (uint64_t)buf + 3;
	uint64_t sctlr = read_sysreg(sctlr_el1);

	/* SCTLR_EL1.A = 1: every unaligned data access faults (B2.5.2), DFSC 0b100001. */
	write_sysreg(sctlr_el1, sctlr | 2);
	isb();
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldr x10, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "memory");
	show_trap("unaligned load", at);
	check("unaligned load ESR (EC 0x25, DFSC 0x21)", trap.esr, 0x96000021);
	check("unaligned load FAR", trap.far, p);
	check("unaligned load ELR", trap.elr - at, 0);

	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: str w10, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "memory");
	show_trap("unaligned store", at);
	check("unaligned store ESR (WnR)", trap.esr, 0x96000061);
	check("unaligned store FAR", trap.far, p);

	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldrh w10, [%1]\n" : "=&r"(at) : "r"(p - 1) : "x10", "memory");
	check("aligned halfword loads without a trap", trap.count, 0);
	write_sysreg(sctlr_el1, sctlr);
	isb();

	/*
	 * SCTLR_EL1.A = 0 with the MMU off: data accesses are Device-nGnRnE (D8.2.9), where an
	 * unaligned access faults; the result is printed so that qvm must agree with QEMU.
	 */
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldr x10, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "memory");
	show_trap("unaligned load, A=0, MMU off", at);

	/* Exclusives must be aligned whatever SCTLR_EL1.A says (B2.5.2). */
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldxr x10, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "memory");
	show_trap("unaligned ldxr", at);
	check("unaligned ldxr ESR", trap.esr, 0x96000021);
	check("unaligned ldxr FAR", trap.far, p);
}

static void illegal_return(void)
{
	uint64_t at;

	/*
	 * ERET with SPSR_EL1.M = EL2h from EL1 is an illegal return (D1.11.4): PSTATE.IL is set, EL
	 * and SP stay, and the next instruction takes an Illegal Execution state exception (EC 0x0e)
	 * with ELR at that instruction and SPSR.IL = 1.
	 */
	trap_reset();
	__asm__ volatile(
		"adr %0, 1f\n"
		"msr elr_el1, %0\n"
		"mov x9, #0x3c9\n"
		"movk x9, #0x4000, lsl #16\n"
		"msr spsr_el1, x9\n"
		"eret\n"
		"1: nop\n"
		: "=&r"(at) : : "x9", "memory");
	show_trap("illegal eret", at);
	check("illegal eret ESR (EC 0x0e)", trap.esr, 0x3a000000);
	check("illegal eret ELR", trap.elr - at, 0);
	check("illegal eret SPSR (IL, Z from SPSR, EL1h kept)", trap.spsr, 0x401003c5);
}

static void pc_alignment(void)
{
	uint64_t at, target;

	trap_reset();
	/* BR to a PC with bits [1:0] != 0: the fetch takes a PC alignment fault (D1.10.5). */
	__asm__ volatile(
		"adr %0, 2f\n"
		"adr %1, 1f\n"
		"add %1, %1, #2\n"
		"adrp x9, trap\n"
		"add x9, x9, :lo12:trap\n"
		"str %0, [x9, #48]\n" /* trap.resume = 2f */
		"br %1\n"
		"1: nop\n"
		"nop\n"
		"2: nop\n"
		: "=&r"(at), "=&r"(target) : : "x9", "memory");
	show_trap("pc alignment", at);
	check("pc alignment ESR (EC 0x22)", trap.esr, 0x8a000000);
	check("pc alignment ELR = the misaligned PC", trap.elr, target);
	check("pc alignment FAR = the misaligned PC", trap.far, target);
}

static void sp_banking(void)
{
	uint64_t el0_sp, sp_before, sp_after, via_mrs, spsel0, spsel1, at;

	/* SP_EL0 and SP_EL1 are distinct registers; SPSel picks which one SP names (D1.6.2). */
	__asm__ volatile(
		"mov %0, sp\n"
		"mov x9, #0x4567\n"
		"movk x9, #0x4123, lsl #16\n"
		"msr spsel, #0\n"
		"mov sp, x9\n"
		"mrs %3, spsel\n"
		"msr spsel, #1\n"
		"mrs %4, spsel\n"
		"mov %1, sp\n"
		"mrs %2, sp_el0\n"
		: "=&r"(sp_before), "=&r"(sp_after), "=&r"(via_mrs), "=&r"(spsel0), "=&r"(spsel1)
		: : "x9", "memory");
	el0_sp = via_mrs;
	check("SPSel reads 0 after msr spsel, #0", spsel0, 0);
	check("SPSel reads 1 after msr spsel, #1", spsel1, 1);
	check("SP_EL1 unchanged by a write to SP_EL0", sp_after, sp_before);
	check("MRS SP_EL0 sees the value written through SPSel=0", el0_sp, 0x41234567);

	/* An SVC at EL1t goes to the "current EL with SP_EL0" vector; SPSR.M = EL1t. */
	trap_reset();
	__asm__ volatile(
		"msr spsel, #0\n"
		"adr %0, 1f\n"
		"1: svc #1\n"
		"msr spsel, #1\n"
		: "=&r"(at) : : "memory");
	show_trap("svc from EL1t", at);
	check("EL1t svc vector 0", trap.vector, 0);
	check("EL1t svc SPSR.M = 4", trap.spsr & 0x1f, 4);

	/* MRS SP_EL0 while SPSel = 0 is UNDEFINED (C5.2.16). */
	trap_reset();
	__asm__ volatile(
		"msr spsel, #0\n"
		"adr %0, 1f\n"
		"1: mrs x9, sp_el0\n"
		"msr spsel, #1\n"
		: "=&r"(at) : : "x9", "memory");
	show_trap("mrs sp_el0 at EL1t", at);
	check("mrs sp_el0 at EL1t ESR", trap.esr, 0x02000000);
}

int main(void)
{
	uart_puts("exc-basic: EL1 synchronous exceptions\n");
	trap_install();
	svc_round_trip();
	undef();
	brk();
	alignment();
	illegal_return();
	pc_alignment();
	sp_banking();
	if (failures == 0)
		uart_puts("exc-basic: all checks passed\n");
	else
		uart_puts("exc-basic: FAILED\n");
	return failures;
}
