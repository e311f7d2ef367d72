/*
 * gdb-smp: a guest for qvm's GDB stub tests (qvm-cli/src/test/java/dev/qvm/cli/gdb/GdbSmpTest).
 *
 * vCPU 0 starts vCPU 1 with PSCI CPU_ON (HVC, ARM DEN 0022 5.6); vCPU 1 runs secondary_work(7)
 * on its own stack, publishes the result and turns itself off with CPU_OFF. A debugger can
 * break on secondary_work and see it hit by the second thread. Where there is no second CPU
 * (QEMU's virt board with one CPU), CPU_ON fails and the guest says "absent".
 *
 * Then, if wait_for_debugger is non-zero, vCPU 0 spins, counting in X0, until a debugger clears
 * it, and calls after_wait(count): a guest that is running when GDB attaches. The image holds 0
 * there; qvm's test board loads a 1 over it (a `load` of a 4-byte file at the symbol's address),
 * so run on its own the guest never waits.
 */
#include "../common/runtime.h"

/* In .data, not .bss: start.S zeroes .bss, which would undo the board's load of a 1 here. */
volatile uint32_t wait_for_debugger __attribute__((section(".data"))) = 0;
volatile uint64_t secondary_result;
volatile uint32_t secondary_done;

uint64_t secondary_stack[512] __attribute__((aligned(16)));

/* Separate functions (noinline) so that a debugger can break on them by name. */
uint64_t secondary_work(uint64_t n) __attribute__((noinline));
uint64_t secondary_work(uint64_t n)
{
	uint64_t sum = 0;
	for (uint64_t i = 1; i <= n; i++)
		sum += i * i;
	return sum;
}

void secondary_main(void) __attribute__((noreturn));
void secondary_main(void)
{
	secondary_result = secondary_work(7);
	__asm__ volatile("dmb ish" ::: "memory");
	secondary_done = 1;
	/* PSCI CPU_OFF (0x84000002): does not return on success. */
	register uint64_t x0 __asm__("x0") = 0x84000002UL;
	__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

/* CPU_ON's entry point: the MMU is off and there is no stack; give vCPU 1 its own. */
__asm__(
	".text\n"
	".global secondary_entry\n"
	"secondary_entry:\n"
	"	adrp x9, secondary_stack\n"
	"	add x9, x9, :lo12:secondary_stack\n"
	"	add sp, x9, #4096\n"
	"	bl secondary_main\n");

static long psci_cpu_on(uint64_t mpidr, uint64_t entry)
{
	register uint64_t x0 __asm__("x0") = 0xC4000003UL; /* CPU_ON, SMC64 */
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = 0;
	__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (long)x0;
}

/* Spins until *flag is 0; the number of iterations is in X0 all along. */
static uint64_t spin_until_cleared(volatile uint32_t *flag)
{
	register uint64_t count __asm__("x0") = 0;
	__asm__ volatile(
		"1:	add %0, %0, #1\n"
		"	ldr w9, [%1]\n"
		"	cbnz w9, 1b\n"
		: "+r"(count) : "r"(flag) : "x9", "memory");
	return count;
}

void after_wait(uint64_t spins) __attribute__((noinline));
void after_wait(uint64_t spins)
{
	uart_puts("debugger released the guest after ");
	uart_puts(spins > 1000 ? "more than 1000" : "at most 1000");
	uart_puts(" spins\n");
}

int main(void)
{
	extern char secondary_entry[];
	uart_puts("gdb-smp: start\n");
	long on = psci_cpu_on(1, (uint64_t)secondary_entry);
	if (on == 0) {
		while (!secondary_done)
			;
		__asm__ volatile("dmb ish" ::: "memory");
		uart_puts("secondary vCPU: secondary_work(7) = ");
		uart_put_dec((int64_t)secondary_result);
		uart_puts("\n");
	} else {
		uart_puts("secondary vCPU: absent\n");
	}
	if (wait_for_debugger) {
		uart_puts("waiting for a debugger to clear wait_for_debugger\n");
		after_wait(spin_until_cleared(&wait_for_debugger));
	}
	uart_puts("gdb-smp: done\n");
	return on == 0 && secondary_result != 140;
}
