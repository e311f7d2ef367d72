/* SGI to self: ICC_SGI1R_EL1 targets this PE; the handler acknowledges, counts and EOIs. */
#include "../gic-lib/gic.h"

static volatile int count;
static volatile uint32_t last_rpr;

static void on_sgi(uint32_t intid)
{
	(void)intid;
	last_rpr = (uint32_t)READ_SYSREG(ICC_RPR_EL1);
	count++;
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[1] = on_sgi;
	gic_enable_private(1, 0x80);
	irq_enable();
	for (int i = 1; i <= 10; i++) {
		gic_send_sgi_self(1);
		if (wait_for(&count, i, 10000000) != i) {
			uart_puts("SGI ");
			uart_put_dec(i);
			uart_puts(" not delivered\n");
			return 2;
		}
	}
	uart_puts("10 SGIs to self delivered\n");
	uart_puts("running priority in handler: ");
	uart_put_hex(last_rpr, 2);
	uart_puts("\n");
	if (last_rpr != 0x80)
		return 3;
	if ((READ_SYSREG(ICC_RPR_EL1) & 0xff) != 0xff) {
		uart_puts("still active after EOI\n");
		return 4;
	}
	uart_puts("SGI test passed\n");
	return 0;
}
