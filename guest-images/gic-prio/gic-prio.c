/*
 * Priority preemption: SGI 1 (priority 0xA0) unmasks IRQs in its handler and sends SGI 2
 * (0x80, higher) and SGI 3 (0xA0, equal). SGI 2 must nest inside SGI 1's handler; SGI 3 must
 * wait until SGI 1 has been EOIed (equal priority does not preempt, IHI 0069 4.8).
 */
#include "../gic-lib/gic.h"

static volatile int in_sgi1;
static volatile int sgi2_nested;
static volatile int sgi3_nested;
static volatile int done2;
static volatile int done3;
static volatile uint32_t rpr_in_sgi2;
static char order[8];
static volatile int n;

static void on_sgi2(uint32_t intid)
{
	(void)intid;
	order[n++] = '2';
	sgi2_nested = in_sgi1;
	rpr_in_sgi2 = (uint32_t)READ_SYSREG(ICC_RPR_EL1);
	done2 = 1;
}

static void on_sgi3(uint32_t intid)
{
	(void)intid;
	order[n++] = '3';
	sgi3_nested = in_sgi1;
	done3 = 1;
}

static void on_sgi1(uint32_t intid)
{
	(void)intid;
	order[n++] = '1';
	in_sgi1 = 1;
	gic_send_sgi_self(3);
	gic_send_sgi_self(2);
	irq_enable();
	wait_for(&done2, 1, 10000000);
	for (volatile int i = 0; i < 100000; i++)
		;
	irq_disable();
	in_sgi1 = 0;
	order[n++] = 'e';
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[1] = on_sgi1;
	irq_handlers[2] = on_sgi2;
	irq_handlers[3] = on_sgi3;
	gic_enable_private(1, 0xa0);
	gic_enable_private(2, 0x80);
	gic_enable_private(3, 0xa0);
	irq_enable();
	gic_send_sgi_self(1);
	wait_for(&done3, 1, 20000000);
	irq_disable();
	order[n] = 0;
	uart_puts("order: ");
	uart_puts(order);
	uart_puts("\n");
	uart_puts("SGI 2 nested in SGI 1: ");
	uart_puts(sgi2_nested ? "yes" : "no");
	uart_puts(", running priority ");
	uart_put_hex(rpr_in_sgi2, 2);
	uart_puts("\nSGI 3 nested in SGI 1: ");
	uart_puts(sgi3_nested ? "yes" : "no");
	uart_puts("\n");
	if (!sgi2_nested || sgi3_nested || rpr_in_sgi2 != 0x80 || strcmp(order, "12e3") != 0)
		return 2;
	uart_puts("preemption test passed\n");
	return 0;
}
