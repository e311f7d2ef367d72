/*
 * Storm protection: the guest acknowledges the pass-through interrupt (INTID 42) and never EOIs
 * it. Under mask-until-EOI it gets exactly one delivery, however often the device raises it, its
 * own main loop keeps running, and so does a second vCPU started with PSCI CPU_ON (when the
 * machine has one). Without a device (QEMU) nothing arrives.
 */
#include "../gic-lib/gic.h"

/* The second vCPU: its own stack, then counting forever. */
volatile long secondary_count;
uint64_t secondary_stack[512] __attribute__((aligned(16)));
void secondary_main(void);
void secondary_main(void)
{
	for (;;)
		secondary_count++;
}

__asm__(
	"	.pushsection .text\n"
	"secondary_entry:\n"
	"	adrp x9, secondary_stack\n"
	"	add x9, x9, :lo12:secondary_stack\n"
	"	add x9, x9, #4096\n"
	"	mov sp, x9\n"
	"	bl secondary_main\n"
	"1:	wfi\n"
	"	b 1b\n"
	"	.popsection\n");

/* PSCI CPU_ON (SMC Calling Convention over HVC, as QEMU virt and qvm's default conduit). */
static long psci_cpu_on(uint64_t mpidr, uint64_t entry)
{
	register uint64_t x0 __asm__("x0") = 0xC4000003UL;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = 0;
	__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (long)x0;
}

#define PASS_INTID 42

static volatile int deliveries;

static void on_pass(uint32_t intid)
{
	(void)intid;
	deliveries++; /* no EOI, no DIR: the INTID stays active */
}

int main(void)
{
	if (!gic_init())
		return 1;
	handler_does_eoi = 1;
	irq_handlers[PASS_INTID] = on_pass;
	gic_enable_spi(PASS_INTID, 0x80);
	extern char secondary_entry[];
	long on = psci_cpu_on(1, (uint64_t)secondary_entry);
	irq_enable();
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	delay_ticks(freq / 10); /* let the second vCPU start */
	long secondary_before = secondary_count;
	uint64_t start = READ_SYSREG("cntvct_el0");
	long loops = 0;
	while (READ_SYSREG("cntvct_el0") - start < freq)
		loops++;
	irq_disable();
	int secondary_running = secondary_count > secondary_before + 1000;
	uart_puts("deliveries: ");
	uart_put_dec(deliveries);
	uart_puts("\nmain loop kept running: ");
	uart_puts(loops > 1000 ? "yes" : "no");
	uart_puts("\nsecond vCPU: ");
	uart_puts(on != 0 ? "absent" : secondary_running ? "running" : "stuck");
	uart_puts("\n");
	return deliveries > 1 || loops <= 1000 || (on == 0 && !secondary_running);
}
