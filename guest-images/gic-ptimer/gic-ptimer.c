/*
 * gic-ptimer: the EL1 physical timer and CNTKCTL_EL1 (ARM ARM D11 "The Generic Timer in AArch64
 * state", D17 CNTP_CTL_EL0 / CNTP_CVAL_EL0 / CNTP_TVAL_EL0 / CNTKCTL_EL1), compared with QEMU's
 * virt board (-M virt,gic-version=3) like the other gic guests.
 *
 *   1. CNTKCTL_EL1 at EL0: with each of EL0PCTEN [0], EL0VCTEN [1], EL0VTEN [8], EL0PTEN [9]
 *      set alone, none and all, an EL0 program reads CNTPCT_EL0, CNTVCT_EL0, CNTFRQ_EL0 and
 *      reads or writes CNTP_* and CNTV_*. An access its bit does not allow traps to EL1 with
 *      EC 0x18 and the ISS of D17.2.37 (Op0, Op2, Op1, CRn, Rt, CRm, Direction); CNTFRQ_EL0 is
 *      readable when EL0PCTEN or EL0VCTEN is set.
 *   2. TVAL (D11.2.4, "TimerValue view"): a write sets CVAL = CNTPCT + SignExtend(TVAL[31:0]),
 *      so 0xFFFFFC18 is 1000 ticks in the past; a read gives (CVAL - CNTPCT)[31:0], negative
 *      once the deadline passed, bits [63:32] RES0.
 *   3. ISTATUS and IMASK: the condition is met when CNTPCT >= CVAL as unsigned 64-bit numbers
 *      (AArch64.CheckTimerConditions: UInt(count) - UInt(CVAL) >= 0), so CVAL = 2^64 - 1 or 2^63
 *      is never met; ISTATUS reads 1 while met whatever IMASK says, and IMASK alone keeps the
 *      level output (PPI 30) low.
 *   4. PPI 30: unmasking a met timer interrupts at once; then 10 ticks of 1 ms re-armed with
 *      TVAL in the handler, none early.
 *
 * Exit status: the number of failed checks.
 */
#include "../gic-lib/gic.h"
#include "../exc-common/trap.h"

#define PTIMER_PPI 30
#define TICKS      10

#define CNTKCTL_EL0PCTEN (1UL << 0)
#define CNTKCTL_EL0VCTEN (1UL << 1)
#define CNTKCTL_EL0VTEN  (1UL << 8)
#define CNTKCTL_EL0PTEN  (1UL << 9)

#define CTL_ENABLE  1UL
#define CTL_IMASK   2UL
#define CTL_ISTATUS 4UL

/* ---- 1. CNTKCTL_EL1 at EL0 ---- */

/* One EL0 access: its name, what it is (op0:op1:CRn:CRm:op2 as in the ISS), and the CNTKCTL bits that allow it. */
struct probe {
	const char *name;
	uint32_t op1, crn, crm, op2;
	int read;
	uint64_t allow;
};

static const struct probe probes[] = {
	{ "MRS CNTPCT_EL0", 3, 14, 0, 1, 1, CNTKCTL_EL0PCTEN },
	{ "MRS CNTVCT_EL0", 3, 14, 0, 2, 1, CNTKCTL_EL0VCTEN },
	{ "MRS CNTFRQ_EL0", 3, 14, 0, 0, 1, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN },
	{ "MRS CNTP_CTL_EL0", 3, 14, 2, 1, 1, CNTKCTL_EL0PTEN },
	{ "MSR CNTP_CVAL_EL0", 3, 14, 2, 2, 0, CNTKCTL_EL0PTEN },
	{ "MSR CNTP_TVAL_EL0", 3, 14, 2, 0, 0, CNTKCTL_EL0PTEN },
	{ "MRS CNTV_CTL_EL0", 3, 14, 3, 1, 1, CNTKCTL_EL0VTEN },
	{ "MSR CNTV_CVAL_EL0", 3, 14, 3, 2, 0, CNTKCTL_EL0VTEN },
	{ "MRS CNTV_TVAL_EL0", 3, 14, 3, 0, 1, CNTKCTL_EL0VTEN },
};
#define PROBES (sizeof(probes) / sizeof(probes[0]))
#define PROBE_RT 5 /* every probe uses x5 */

static uint64_t user_stack[256] __attribute__((aligned(16)));
static volatile uint64_t el0_traps, el0_esr;

/* The EL0 program: one access (Rt = x5), then `svc #0xE0` back to run_el0's caller. */
static void el0_probe(uint64_t which) __attribute__((noreturn, used));
static void el0_probe(uint64_t which)
{
	/* Writes put the timers far in the future (they are disabled anyway). */
	switch (which) {
	case 0: __asm__ volatile("mrs x5, cntpct_el0" ::: "x5"); break;
	case 1: __asm__ volatile("mrs x5, cntvct_el0" ::: "x5"); break;
	case 2: __asm__ volatile("mrs x5, cntfrq_el0" ::: "x5"); break;
	case 3: __asm__ volatile("mrs x5, cntp_ctl_el0" ::: "x5"); break;
	case 4: __asm__ volatile("mov x5, #-1\n msr cntp_cval_el0, x5" ::: "x5"); break;
	case 5: __asm__ volatile("mov x5, #0x7fffffff\n msr cntp_tval_el0, x5" ::: "x5"); break;
	case 6: __asm__ volatile("mrs x5, cntv_ctl_el0" ::: "x5"); break;
	case 7: __asm__ volatile("mov x5, #-1\n msr cntv_cval_el0, x5" ::: "x5"); break;
	case 8: __asm__ volatile("mrs x5, cntv_tval_el0" ::: "x5"); break;
	}
	__asm__ volatile("svc #0xe0");
	for (;;)
		;
}

/* The EL1 side: the exit SVC returns to run_el0's caller; any other trap is counted and skipped. */
static int el0_hook(struct trap_frame *f, uint64_t vector, uint64_t esr)
{
	(void)vector;
	if (ESR_EC(esr) == 0x15 && ESR_ISS(esr) == 0xe0) {
		el0_exit(f, 0);
		return 1;
	}
	el0_traps++;
	el0_esr = esr;
	return 0; /* resume after the access */
}

/* ESR_EL1 for a trapped MRS/MSR (D17.2.37): EC 0x18, IL, and the ISS fields of the access. */
static uint64_t sysreg_trap_esr(const struct probe *p)
{
	uint64_t iss = (3UL << 20) | ((uint64_t)p->op2 << 17) | ((uint64_t)p->op1 << 14) |
		((uint64_t)p->crn << 10) | ((uint64_t)PROBE_RT << 5) | ((uint64_t)p->crm << 1) |
		(uint64_t)p->read;
	return (0x18UL << 26) | (1UL << 25) | iss;
}

static void el0_counter_access(void)
{
	static const uint64_t settings[] = {
		0, CNTKCTL_EL0PCTEN, CNTKCTL_EL0VCTEN, CNTKCTL_EL0PTEN, CNTKCTL_EL0VTEN,
		CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN | CNTKCTL_EL0PTEN | CNTKCTL_EL0VTEN,
	};

	uint64_t esr_none[PROBES];

	trap_install();
	trap.hook = el0_hook;
	for (unsigned s = 0; s < sizeof(settings) / sizeof(settings[0]); s++) {
		write_sysreg(cntkctl_el1, settings[s]);
		isb();
		uart_puts("CNTKCTL_EL1 = ");
		uart_put_hex(settings[s], 3);
		uart_puts(":");
		for (unsigned i = 0; i < PROBES; i++) {
			const struct probe *p = &probes[i];
			int want_trap = (settings[s] & p->allow) == 0;

			el0_traps = 0;
			el0_esr = 0;
			run_el0((uint64_t)el0_probe, (uint64_t)&user_stack[256], i, 0x3c0);
			uart_puts(el0_traps ? " T" : " .");
			if (s == 0)
				esr_none[i] = el0_traps ? el0_esr : 0;
			if ((int)el0_traps != want_trap || (want_trap && el0_esr != sysreg_trap_esr(p))) {
				failures++;
				uart_puts(" [");
				uart_puts(p->name);
				uart_puts(": FAIL traps=");
				uart_put_dec((int64_t)el0_traps);
				uart_puts(" ");
				put_hex("ESR", el0_esr);
				put_hex("want", want_trap ? sysreg_trap_esr(p) : 0);
				uart_puts("]");
			}
		}
		uart_puts("\n");
	}
	/* The syndromes with every EL0 access disabled, for the comparison with QEMU. */
	for (unsigned i = 0; i < PROBES; i++) {
		uart_puts("  ");
		uart_puts(probes[i].name);
		uart_puts(" at EL0, CNTKCTL_EL1 = 0: ");
		put_hex("ESR", esr_none[i]);
		uart_puts("\n");
	}
	write_sysreg(cntkctl_el1, 0);
	trap.hook = 0;
}

/* ---- 2-4. The EL1 physical timer ---- */

static inline uint64_t cntpct(void)
{
	uint64_t v;

	isb(); /* D11.2.2: without it the read may be taken early, before the previous write */
	__asm__ volatile("mrs %0, cntpct_el0" : "=r"(v));
	return v;
}

/* Prints "<what>: ok" when lo <= v <= hi, else the three values. */
static void check_range(const char *what, uint64_t v, uint64_t lo, uint64_t hi)
{
	uart_puts(what);
	if (v >= lo && v <= hi) {
		uart_puts(": ok\n");
		return;
	}
	failures++;
	uart_puts(": FAIL ");
	put_hex("got", v);
	put_hex("lo", lo);
	put_hex("hi", hi);
	uart_puts("\n");
}

static void tval_semantics(void)
{
	uint64_t c0, c1, t;

	WRITE_SYSREG("cntp_ctl_el0", 0);
	isb();
	c0 = cntpct();
	WRITE_SYSREG("cntp_tval_el0", 1000000);
	c1 = cntpct();
	check_range("TVAL write 1000000: CVAL = CNTPCT + 1000000", READ_SYSREG("cntp_cval_el0"), c0 + 1000000, c1 + 1000000);
	/* TVAL[31:0] is sign-extended: 0xFFFFFC18 is -1000, not 4294966296 ticks ahead. */
	c0 = cntpct();
	WRITE_SYSREG("cntp_tval_el0", 0xfffffc18UL);
	c1 = cntpct();
	check_range("TVAL write 0xFFFFFC18: CVAL = CNTPCT - 1000", READ_SYSREG("cntp_cval_el0"), c0 - 1000, c1 - 1000);

	c0 = cntpct();
	WRITE_SYSREG("cntp_cval_el0", c0 + 500000);
	isb();
	c1 = cntpct();
	t = READ_SYSREG("cntp_tval_el0");
	check("TVAL read: bits [63:32] RES0", t >> 32, 0);
	check_range("TVAL read = CVAL - CNTPCT", (uint64_t)(int64_t)(int)t, c0 + 500000 - cntpct(), c0 + 500000 - c1);
	c0 = cntpct();
	WRITE_SYSREG("cntp_cval_el0", c0 - 500000);
	isb();
	t = READ_SYSREG("cntp_tval_el0");
	c1 = cntpct();
	check_range("TVAL read after the deadline: negative", (uint64_t)-(int64_t)(int)t, 500000, c1 - c0 + 500000);
}

static void istatus_and_imask(void)
{
	uint64_t now = cntpct();

	/* Enabled and masked, the deadline passed: ISTATUS 1, but IMASK keeps PPI 30 low. */
	WRITE_SYSREG("cntp_cval_el0", now - 1);
	WRITE_SYSREG("cntp_ctl_el0", CTL_ENABLE | CTL_IMASK);
	isb();
	check("met, IMASK: CTL = ISTATUS | IMASK | ENABLE", READ_SYSREG("cntp_ctl_el0"), CTL_ISTATUS | CTL_IMASK | CTL_ENABLE);
	check("met, IMASK: PPI 30 not pending", (uint64_t)gic_private_pending(PTIMER_PPI), 0);
	WRITE_SYSREG("cntp_cval_el0", now + 1000000000UL);
	isb();
	check("CVAL 16 s ahead: ISTATUS 0", READ_SYSREG("cntp_ctl_el0"), CTL_IMASK | CTL_ENABLE);
	/* The comparison is unsigned: a CVAL with bit 63 set is in the far future, not the past. */
	WRITE_SYSREG("cntp_cval_el0", ~0UL);
	isb();
	check("CVAL 2^64-1: ISTATUS 0", READ_SYSREG("cntp_ctl_el0"), CTL_IMASK | CTL_ENABLE);
	WRITE_SYSREG("cntp_cval_el0", 1UL << 63);
	isb();
	check("CVAL 2^63: ISTATUS 0", READ_SYSREG("cntp_ctl_el0"), CTL_IMASK | CTL_ENABLE);
	WRITE_SYSREG("cntp_cval_el0", 0);
	isb();
	check("CVAL 0: ISTATUS 1", READ_SYSREG("cntp_ctl_el0"), CTL_ISTATUS | CTL_IMASK | CTL_ENABLE);
	/* IMASK is all that holds the level down: unmasked, the redistributor sees PPI 30 pending. */
	WRITE_SYSREG("cntp_ctl_el0", CTL_ENABLE);
	isb();
	check("met, unmasked: PPI 30 pending", (uint64_t)gic_private_pending(PTIMER_PPI), 1);
	WRITE_SYSREG("cntp_ctl_el0", CTL_ENABLE | CTL_IMASK);
	isb();
	check("IMASK again: PPI 30 not pending", (uint64_t)gic_private_pending(PTIMER_PPI), 0);
}

static volatile int ticks, first_intid;
static uint64_t period;

static void on_ptimer(uint32_t intid)
{
	if (!first_intid)
		first_intid = (int)intid;
	/* The interrupt is the level of ISTATUS && !IMASK: it must be met when taken. */
	if (!(READ_SYSREG("cntp_ctl_el0") & CTL_ISTATUS) || cntpct() < READ_SYSREG("cntp_cval_el0")) {
		failures++;
		uart_puts("physical timer interrupt before its deadline\n");
	}
	ticks++;
	if (ticks > TICKS) {
		WRITE_SYSREG("cntp_ctl_el0", 0); /* disabled: the output falls */
	} else {
		WRITE_SYSREG("cntp_tval_el0", period); /* re-armed 1 ms from now: ISTATUS falls */
	}
	isb();
}

static void ppi30(void)
{
	period = READ_SYSREG("cntfrq_el0") / 1000;
	irq_handlers[PTIMER_PPI] = on_ptimer;
	gic_enable_private(PTIMER_PPI, 0xa0);
	/* Met and masked (istatus_and_imask left CVAL 0): clearing IMASK interrupts at once. */
	uint64_t start = cntpct();
	irq_enable();
	WRITE_SYSREG("cntp_ctl_el0", CTL_ENABLE);
	isb();
	while (ticks <= TICKS && cntpct() - start < 100 * TICKS * period)
		__asm__ volatile("wfi");
	irq_disable();
	uint64_t end = cntpct();
	check("interrupt INTID", (uint64_t)first_intid, PTIMER_PPI);
	check("physical timer interrupts (1 at unmask + 10 ticks)", (uint64_t)ticks, TICKS + 1);
	check_range("10 ticks of 1 ms: not early", end - start, TICKS * period, 100 * TICKS * period);
	check("PPI 30 low once disabled", (uint64_t)gic_private_pending(PTIMER_PPI), 0);
}

int main(void)
{
	uart_puts("gic-ptimer: EL1 physical timer, CNTKCTL_EL1\n");
	el0_counter_access();
	if (!gic_init())
		return 100;
	tval_semantics();
	istatus_and_imask();
	ppi30();
	if (failures == 0)
		uart_puts("gic-ptimer: all checks passed\n");
	return failures;
}
