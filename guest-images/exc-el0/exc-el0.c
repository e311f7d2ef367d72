/*
 * exc-el0: a tiny EL1 "kernel" enters an EL0 program with ERET (ARM ARM D1.11). The program
 * makes system calls with SVC, reads TPIDRRO_EL0, and tries what EL0 may not do: a privileged
 * MRS (UNDEFINED, EC 0x00), WFI with SCTLR_EL1.nTWI = 0 (EC 0x01), MRS DAIF, CTR_EL0 and
 * DC ZVA with SCTLR_EL1.UMA/UCT/DZE = 0 (EC 0x18), ERET (UNDEFINED) and BRK (EC 0x3c). The
 * kernel prints every trap it takes from EL0 and checks the syndromes.
 *
 * Not probed, because QEMU 7.2 (the oracle) deviates from the ARM ARM there: WFE at EL0 with
 * nTWE = 0 (QEMU never traps WFE) and MSR DAIFSet/DAIFClr at EL0 with UMA = 0 (QEMU reports
 * op1 and op2 swapped in the ISS).
 * Exit status: the number of failed checks.
 */
#include "../exc-common/trap.h"

#define SYS_PUTS 1
#define SYS_ADD  2
#define SYS_EXIT 0xE0

static uint64_t user_stack[512] __attribute__((aligned(16)));
static uint64_t last_esr, last_elr, last_spsr, el0_traps, add_spsr, add_elr;

static int kernel_hook(struct trap_frame *f, uint64_t vector, uint64_t esr)
{
	if (vector != 8) {
		uart_puts("kernel: trap from EL1, vector ");
		uart_put_dec((int64_t)vector);
		uart_puts("\n");
		return 0;
	}
	if (ESR_EC(esr) == 0x15) {
		switch (ESR_ISS(esr)) {
		case SYS_PUTS:
			uart_puts((const char *)f->x[0]);
			return 1;
		case SYS_ADD:
			f->x[0] = f->x[0] + f->x[1];
			add_spsr = f->spsr;
			add_elr = f->elr;
			return 1;
		case SYS_EXIT:
			el0_exit(f, f->x[0]);
			return 1;
		}
	}
	el0_traps++;
	last_esr = esr;
	last_elr = f->elr;
	last_spsr = f->spsr;
	uart_puts("kernel: EL0 trap ");
	put_hex("ESR", esr);
	put_hex("ELR", f->elr);
	put_hex("SPSR", f->spsr);
	uart_puts("\n");
	return 0;
}

/* ---- the EL0 program: only SVC to reach the kernel ---- */

#define SVC(nr, a, b) ({ \
	register uint64_t x0_ __asm__("x0") = (a); \
	register uint64_t x1_ __asm__("x1") = (b); \
	__asm__ volatile("svc #" STR(nr) : "+r"(x0_) : "r"(x1_) : "memory"); \
	x0_; })

static void user_puts(const char *s)
{
	SVC(SYS_PUTS, (uint64_t)s, 0);
}

/* Runs one instruction that must trap; returns the ESR and ELR the kernel saw. */
#define USER_TRY(insn, esr_out, at_out) do { \
	__asm__ volatile("adr %0, 1f\n 1: " insn "\n" : "=&r"(at_out) : : "x9", "memory"); \
	esr_out = last_esr; \
	} while (0)

static uint64_t user_results[16];

static void user_main(void)
{
	uint64_t at, esr, v, sum;
	int n = 0;

	user_puts("user: hello from EL0\n");

	/* NZCV = 0b0110 going into the call: the kernel's SPSR must show it and M = EL0t. */
	__asm__ volatile("mov x9, #0x60000000\n msr nzcv, x9\n" : : : "x9", "cc");
	__asm__ volatile("adr %0, 1f\n" : "=r"(at));
	sum = SVC(SYS_ADD, 40, 2);
	__asm__ volatile("1:\n");
	user_results[n++] = sum;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(v));
	user_results[n++] = v;
	__asm__ volatile("msr tpidr_el0, %1\n mrs %0, tpidr_el0" : "=r"(v) : "r"(0xfeedUL));
	user_results[n++] = v;

	USER_TRY("mrs x9, sctlr_el1", esr, at);
	user_results[n++] = esr;
	user_results[n++] = last_elr - at;
	USER_TRY("mrs x9, currentel", esr, at);
	user_results[n++] = esr;
	USER_TRY("wfi", esr, at);
	user_results[n++] = esr;
	user_results[n++] = last_elr - at;
	USER_TRY("mrs x9, daif", esr, at);
	user_results[n++] = esr;
	USER_TRY("mrs x9, ctr_el0", esr, at);
	user_results[n++] = esr;
	USER_TRY("dc zva, x9", esr, at);
	user_results[n++] = esr;
	USER_TRY("eret", esr, at);
	user_results[n++] = esr;
	USER_TRY("brk #0x5a", esr, at);
	user_results[n++] = esr;
	user_results[n++] = last_elr - at;

	user_puts("user: exiting\n");
	SVC(SYS_EXIT, 7, 0);
}

int main(void)
{
	uart_puts("exc-el0: an EL0 program under an EL1 kernel\n");
	trap_install();
	trap.hook = kernel_hook;
	write_sysreg(tpidrro_el0, 0x1122334455667788UL);
	/* nTWI = nTWE = 0 (bits 16, 18): WFI and WFE at EL0 trap. UCT, DZE, UMA are 0 at reset. */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~((1UL << 16) | (1UL << 18)));
	isb();

	uint64_t status = run_el0((uint64_t)user_main, (uint64_t)&user_stack[512], 0, 0x3c0);
	uart_puts("kernel: EL0 exited with ");
	uart_put_dec((int64_t)status);
	uart_puts("\n");

	int i = 0;
	check("exit status via svc", status, 7);
	check("svc add result", user_results[i++], 42);
	check("svc SPSR (Z, C, DAIF, EL0t)", add_spsr, 0x600003c0);
	check("TPIDRRO_EL0 at EL0", user_results[i++], 0x1122334455667788UL);
	check("TPIDR_EL0 at EL0", user_results[i++], 0xfeed);
	check("mrs sctlr_el1 at EL0: UNDEFINED", user_results[i++], 0x02000000);
	check("mrs sctlr_el1 ELR = the instruction", user_results[i++], 0);
	check("mrs currentel at EL0: UNDEFINED", user_results[i++], 0x02000000);
	check("wfi at EL0, nTWI=0: EC 0x01 (CV=1, COND=0xE)", user_results[i++], 0x07e00000);
	check("wfi ELR = the instruction", user_results[i++], 0);
	check("mrs daif at EL0, UMA=0: EC 0x18", user_results[i++], 0x6232d125);
	check("mrs ctr_el0 at EL0, UCT=0: EC 0x18", user_results[i++], 0x6232c121);
	check("dc zva at EL0, DZE=0: EC 0x18", user_results[i++], 0x6212dd28);
	check("eret at EL0: UNDEFINED", user_results[i++], 0x02000000);
	check("brk at EL0: EC 0x3c", user_results[i++], 0xf200005a);
	check("brk ELR = the instruction", user_results[i++], 0);
	check("EL0 traps taken", el0_traps, 8);
	if (failures == 0)
		uart_puts("exc-el0: all checks passed\n");
	else
		uart_puts("exc-el0: FAILED\n");
	return failures;
}
