/*
 * EOImode 1 (ICC_CTLR_EL1.EOImode): EOIR only drops the running priority, ICC_DIR_EL1
 * deactivates (IHI 0069 4.1.1). Between the two the SGI is still active, so a new copy of it
 * stays pending and is not taken; after DIR it is delivered.
 */
#include "../gic-lib/gic.h"

static volatile int count;
static volatile int active_after_eoi;
static volatile uint32_t rpr_after_eoi;
static volatile int pending_while_active;
static volatile int count_before_dir;

static void on_sgi(uint32_t intid)
{
	count++;
	if (count > 1) {
		WRITE_SYSREG(ICC_EOIR1_EL1, intid);
		WRITE_SYSREG(ICC_DIR_EL1, intid);
		return;
	}
	WRITE_SYSREG(ICC_EOIR1_EL1, intid);
	isb();
	rpr_after_eoi = (uint32_t)READ_SYSREG(ICC_RPR_EL1);
	active_after_eoi = gic_private_active(intid);
	gic_send_sgi_self(intid);
	irq_enable();
	for (volatile int i = 0; i < 100000; i++)
		;
	irq_disable();
	pending_while_active = gic_private_pending(intid);
	count_before_dir = count;
	WRITE_SYSREG(ICC_DIR_EL1, intid);
	isb();
}

int main(void)
{
	if (!gic_init())
		return 1;
	WRITE_SYSREG(ICC_CTLR_EL1, READ_SYSREG(ICC_CTLR_EL1) | 2);
	isb();
	handler_does_eoi = 1;
	irq_handlers[4] = on_sgi;
	gic_enable_private(4, 0x80);
	irq_enable();
	gic_send_sgi_self(4);
	wait_for(&count, 2, 20000000);
	irq_disable();
	uart_puts("after EOI: running priority ");
	uart_put_hex(rpr_after_eoi, 2);
	uart_puts(", active ");
	uart_put_dec(active_after_eoi);
	uart_puts("\nnew copy while active: pending ");
	uart_put_dec(pending_while_active);
	uart_puts(", taken ");
	uart_put_dec(count_before_dir - 1);
	uart_puts("\nafter DIR: deliveries ");
	uart_put_dec(count);
	uart_puts("\n");
	if (rpr_after_eoi != 0xff || !active_after_eoi || !pending_while_active || count_before_dir != 1 || count != 2)
		return 2;
	uart_puts("EOImode 1 test passed\n");
	return 0;
}
