/*
 * Masked again at shutdown (ARCHITECTURE.md section 5): the guest handles the pass-through
 * interrupt (INTID 42, EOI at once) while the device keeps raising it, then shuts down with
 * interrupts still enabled. On a machine with one vCPU it calls PSCI SYSTEM_OFF; where a second
 * vCPU exists (AFFINITY_INFO says OFF rather than INVALID_PARAMETERS) it turns off its own vCPU,
 * the last one on, with PSCI CPU_OFF. Either way qvm's host gate masks INTID 42 from then on and
 * only counts the device's assertions. Under QEMU (one CPU, no device) nothing arrives.
 */
#include "../gic-lib/gic.h"

#define PASS_INTID 42

#define PSCI_CPU_OFF 0x84000002u
#define PSCI_AFFINITY_INFO 0xC4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_AFF_OFF 1

static long psci(uint32_t fn, uint64_t a1, uint64_t a2)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "memory");
	return (long)x0;
}

static volatile int handled;

static void on_pass(uint32_t intid)
{
	(void)intid;
	handled++; /* gic_handle_irq writes ICC_EOIR1_EL1: the host may unmask the source */
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[PASS_INTID] = on_pass;
	gic_enable_spi(PASS_INTID, 0x80);
	irq_enable();
	/* Up to half a second for a few interrupts (none arrive under QEMU). */
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	uint64_t start = READ_SYSREG("cntvct_el0");
	while (handled < 5 && READ_SYSREG("cntvct_el0") - start < freq / 2)
		;
	uart_puts(handled >= 5 ? "handled interrupts: some\n" : "handled interrupts: none\n");
	/* Shut down with IRQs unmasked: the device is still raising INTID 42. */
	if (psci(PSCI_AFFINITY_INFO, 1, 0) == PSCI_AFF_OFF) {
		uart_puts("PSCI CPU_OFF (the last vCPU on)\n");
		psci(PSCI_CPU_OFF, 0, 0);
		uart_puts("CPU_OFF returned\n");
		return 1;
	}
	uart_puts("PSCI SYSTEM_OFF\n");
	psci(PSCI_SYSTEM_OFF, 0, 0);
	uart_puts("SYSTEM_OFF returned\n");
	return 1;
}
