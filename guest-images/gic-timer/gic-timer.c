/*
 * Periodic virtual-timer interrupts: PPI 27, 100 ticks of 2 ms. CVAL advances by a fixed
 * period from the previous deadline, so the 100th tick is due exactly 100 periods after the
 * start; the elapsed CNTVCT must lie between that and twice that (a timer interrupt may be late,
 * never early; a busy host may delay an interpreter's ticks, but the deadlines catch up).
 */
#include "../gic-lib/gic.h"

#define TICKS 100

static volatile int ticks;
static uint64_t period;

static void on_timer(uint32_t intid)
{
	(void)intid;
	ticks++;
	if (ticks >= TICKS) {
		WRITE_SYSREG("cntv_ctl_el0", 0); /* disable: the level interrupt goes away */
	} else {
		WRITE_SYSREG("cntv_cval_el0", READ_SYSREG("cntv_cval_el0") + period);
	}
	isb();
}

int main(void)
{
	if (!gic_init())
		return 1;
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	period = freq / 500;
	uart_puts("CNTFRQ_EL0: ");
	uart_put_dec((int64_t)freq);
	uart_puts(" Hz, period 2 ms\n");
	irq_handlers[27] = on_timer;
	gic_enable_private(27, 0xa0);
	uint64_t start = READ_SYSREG("cntvct_el0");
	WRITE_SYSREG("cntv_cval_el0", start + period);
	WRITE_SYSREG("cntv_ctl_el0", 1); /* ENABLE, not IMASK */
	isb();
	irq_enable();
	while (ticks < TICKS)
		__asm__ volatile("wfi");
	uint64_t elapsed = READ_SYSREG("cntvct_el0") - start;
	irq_disable();
	uart_puts("100 ticks\n");
	if (elapsed < TICKS * period) {
		uart_puts("too fast: ");
		uart_put_dec((int64_t)elapsed);
		uart_puts(" counts\n");
		return 2;
	}
	if (elapsed > 2 * TICKS * period) {
		uart_puts("too slow: ");
		uart_put_dec((int64_t)elapsed);
		uart_puts(" counts\n");
		return 3;
	}
	uart_puts("rate ok\n");
	return 0;
}
