/*
 * A pass-through interrupt (INTID 42, `pass intr gic:42` on qvm) handled with a delayed EOI for
 * one second. Under mask-until-EOI the host source stays masked while the guest handles it, so
 * a second copy is never pending while one is in flight, however fast the device raises it.
 * Without a device (QEMU) nothing arrives and the counts are zero.
 */
#include "../gic-lib/gic.h"

#define PASS_INTID 42

static volatile int handled;
static volatile int pending_in_flight;

static void on_pass(uint32_t intid)
{
	handled++;
	delay_ticks(READ_SYSREG("cntfrq_el0") / 10000); /* 100 us of "device work" */
	if (gic_spi_pending(intid))
		pending_in_flight++;
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[PASS_INTID] = on_pass;
	gic_enable_spi(PASS_INTID, 0x80);
	irq_enable();
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	uint64_t start = READ_SYSREG("cntvct_el0");
	while (READ_SYSREG("cntvct_el0") - start < freq)
		;
	irq_disable();
	uart_puts("handled ");
	uart_put_dec(handled);
	uart_puts(" pass-through interrupts\n");
	uart_puts("pending while in flight: ");
	uart_put_dec(pending_in_flight);
	uart_puts("\n");
	return pending_in_flight != 0;
}
