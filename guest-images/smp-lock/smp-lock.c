/*
 * Mutual exclusion and atomicity across vCPUs (ARM ARM B2.9 exclusives, C6.2 LSE atomics):
 * every vCPU increments
 *   - a plain counter (LDR/ADD/STR) inside a ticket lock (LDAXR/STXR, WFE, STLRH),
 *   - a counter with an LL/SC loop (LDXR/ADD/STXR),
 *   - a counter with STADD (LSE, ARMv8.1), when ID_AA64ISAR0_EL1.Atomic says LSE is there,
 * `iterations` times each (default 1,000,000; "iterations=N" on the command line), all at once.
 * Every total must be exactly vCPUs x iterations: one lost update is a failure.
 */
#include "../smp-lib/smp.h"


static ticket_lock_t lock;
static volatile uint64_t plain_counter;
static volatile uint64_t llsc_counter;
static volatile uint64_t lse_counter;
static volatile uint32_t go;
static volatile uint64_t done_count;
static int have_lse;
static uint32_t iterations;

static inline void llsc_increment(volatile uint64_t *p)
{
	uint64_t v;
	uint32_t status;
	__asm__ volatile(
		"1:	ldxr	%[v], [%[p]]\n"
		"	add	%[v], %[v], #1\n"
		"	stxr	%w[s], %[v], [%[p]]\n"
		"	cbnz	%w[s], 1b\n"
		: [v] "=&r"(v), [s] "=&r"(status)
		: [p] "r"(p)
		: "memory");
}

static inline void lse_increment(volatile uint64_t *p)
{
	/* STADD Xs, [Xn] (C6.2.311): an atomic add whose old value is not returned. */
	__asm__ volatile(".arch_extension lse\n	stadd	%[one], [%[p]]\n" : : [one] "r"(1UL), [p] "r"(p) : "memory");
}

static void work(void)
{
	uint32_t n = iterations;

	wait_eq(&go, 1);
	for (uint32_t i = 0; i < n; i++) {
		ticket_lock(&lock);
		plain_counter = plain_counter + 1;
		ticket_unlock(&lock);
		llsc_increment(&llsc_counter);
		if (have_lse)
			lse_increment(&lse_counter);
	}
	/* Count this vCPU done with an atomic increment of its own kind. */
	llsc_increment(&done_count);
}

static void secondary_main(int index, uint64_t ctx)
{
	(void)index;
	(void)ctx;
	work();
}

static void report(const char *what, uint64_t got, uint64_t want, int *failures)
{
	uart_puts(what);
	uart_put_dec((int64_t)got);
	if (got == want) {
		uart_puts(", exact\n");
	} else {
		uart_puts(", expected ");
		uart_put_dec((int64_t)want);
		uart_puts(": LOST UPDATES\n");
		(*failures)++;
	}
}

int main(uint64_t dtb)
{
	int n = smp_init(dtb);
	int failures = 0;
	if (n < 2) {
		uart_puts("needs at least 2 vCPUs\n");
		return 1;
	}
	iterations = smp_param("iterations", 1000000);
	/* ID_AA64ISAR0_EL1.Atomic [23:20]: 0b0010 = LSE atomics (D17.2.61). */
	have_lse = ((READ_SYSREG_S("id_aa64isar0_el1") >> 20) & 0xf) >= 2;
	smp_clean_to_poc(&have_lse, sizeof have_lse);
	uart_puts("vCPUs: ");
	uart_put_dec(n);
	uart_puts(", increments per vCPU: ");
	uart_put_dec(iterations);
	uart_puts(have_lse ? ", LSE atomics: yes\n" : ", LSE atomics: no\n");
	for (int i = 1; i < n; i++)
		if (smp_cpu_on(i, (uint64_t)i) != PSCI_SUCCESS) {
			uart_puts("CPU_ON failed\n");
			return 2;
		}
	store_release(&go, 1);
	work();
	/* Wait for the others: their STXR to done_count clears this PE's monitor, a WFE event. */
	for (;;) {
		uint64_t done;
		__asm__ volatile("ldaxr %0, [%1]" : "=r"(done) : "r"(&done_count) : "memory");
		if (done == (uint64_t)n)
			break;
		__asm__ volatile("wfe" ::: "memory");
	}

	uint64_t want = (uint64_t)n * iterations;
	report("ticket lock, plain counter: ", plain_counter, want, &failures);
	report("LDXR/STXR counter: ", llsc_counter, want, &failures);
	if (have_lse)
		report("STADD counter: ", lse_counter, want, &failures);
	else
		uart_puts("STADD counter: skipped, no LSE on this CPU\n");
	if (failures == 0)
		uart_puts("smp-lock: all checks passed\n");
	return failures;
}
