/*
 * An interrupt made pending before the guest enabled it arrives only after enabling: SGI 5 is
 * sent while disabled (it latches pending, IHI 0069 4.1), nothing is taken with IRQs unmasked,
 * then GICR_ISENABLER0 delivers it exactly once.
 */
#include "../gic-lib/gic.h"

static volatile int count;

static void on_sgi(uint32_t intid)
{
	(void)intid;
	count++;
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[5] = on_sgi;
	gic_set_private_group1(5, 0x80);
	irq_enable();
	gic_send_sgi_self(5);
	for (volatile int i = 0; i < 200000; i++)
		;
	uart_puts("before enable: pending ");
	uart_put_dec(gic_private_pending(5));
	uart_puts(", deliveries ");
	uart_put_dec(count);
	uart_puts("\n");
	if (count != 0 || !gic_private_pending(5))
		return 2;
	mmio_write32(GICR_SGI_BASE + GICD_ISENABLER, 1u << 5);
	wait_for(&count, 1, 10000000);
	for (volatile int i = 0; i < 100000; i++)
		;
	uart_puts("after enable: deliveries ");
	uart_put_dec(count);
	uart_puts("\n");
	if (count != 1)
		return 3;
	uart_puts("pending-before-enable test passed\n");
	return 0;
}
