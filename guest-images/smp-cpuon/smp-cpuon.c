/*
 * PSCI CPU_ON/CPU_OFF/AFFINITY_INFO on every vCPU the device tree lists (ARM DEN 0022 5.1):
 * each secondary starts with its context id in x0 and prints in turn; CPU_ON of a running vCPU
 * is ALREADY_ON, of an MPIDR that no vCPU has INVALID_PARAMETERS; a secondary turned off with
 * CPU_OFF reads OFF in AFFINITY_INFO and starts again with a new context id.
 */
#include "../smp-lib/smp.h"

#define CTX_FIRST  0x51500000UL /* context ids: this tag, the start's number << 8, the index */
#define CMD_NONE   0
#define CMD_OFF    1

static volatile uint32_t turn;              /* which secondary may print next */
static volatile uint32_t arrived[MAX_CPUS]; /* how many times each secondary started */
static volatile uint32_t command[MAX_CPUS];
static volatile uint64_t seen_mpidr[MAX_CPUS];
static int failures;

static void check(const char *what, long got, long want)
{
	uart_puts(what);
	uart_puts(": ");
	uart_put_dec(got);
	if (got != want) {
		uart_puts(" FAIL, expected ");
		uart_put_dec(want);
		failures++;
	}
	uart_puts("\n");
}

static void secondary_main(int index, uint64_t ctx)
{
	uint32_t start = (uint32_t)((ctx >> 8) & 0xff);

	seen_mpidr[index] = my_mpidr();
	/* Print in index order: wait for this vCPU's turn, then pass it on. */
	wait_eq(&turn, (uint32_t)index);
	uart_puts("cpu ");
	uart_put_dec(index);
	uart_puts(start == 1 ? " on" : " on again");
	uart_puts(", context id ");
	uart_put_hex(ctx, 8);
	uart_puts(", MPIDR affinity ");
	uart_put_hex(my_mpidr(), 6);
	uart_puts(my_mpidr() == smp_mpidr[index] ? " (as expected)\n" : " (NOT as expected)\n");
	if ((ctx >> 16) != (CTX_FIRST >> 16) || my_mpidr() != smp_mpidr[index])
		store_release(&arrived[index], 0xdead);
	else
		store_release(&arrived[index], start);
	store_release(&turn, (uint32_t)index + 1);
	/* Stay on until told to turn off (returning calls PSCI CPU_OFF). */
	wait_eq(&command[index], CMD_OFF);
}

static void wait_off(int i)
{
	for (long n = 0; n < 100000000L; n++)
		if (psci_call(PSCI_AFFINITY_INFO, smp_mpidr[i], 0, 0) == AFF_OFF)
			return;
	uart_puts("cpu never turned off\n");
	failures++;
}

int main(uint64_t dtb)
{
	int n = smp_init(dtb);
	if (n == 0)
		return 1;
	uart_puts("vCPUs: ");
	uart_put_dec(n);
	uart_puts(smp_use_smc ? ", PSCI through SMC\n" : ", PSCI through HVC\n");
	if (n < 2) {
		uart_puts("needs at least 2 vCPUs\n");
		return 2;
	}
	long version = psci_call(PSCI_VERSION, 0, 0, 0);
	uart_puts("PSCI version ");
	uart_put_dec(version >> 16);
	uart_puts(".");
	uart_put_dec(version & 0xffff);
	uart_puts(version >= 0x10000 ? " (1.0 or later)\n" : " (older than 1.0)\n");
	check("PSCI_FEATURES(CPU_ON)", psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), PSCI_SUCCESS);
	check("PSCI_FEATURES(0x840000ff)", psci_call(PSCI_FEATURES, 0x840000ffu, 0, 0), PSCI_NOT_SUPPORTED);

	check("AFFINITY_INFO(cpu 0)", psci_call(PSCI_AFFINITY_INFO, smp_mpidr[0], 0, 0), AFF_ON);
	for (int i = 1; i < n; i++)
		check("AFFINITY_INFO(secondary) before CPU_ON", psci_call(PSCI_AFFINITY_INFO, smp_mpidr[i], 0, 0), AFF_OFF);

	/* The secondaries print while they start: vCPU 0 prints the results after them. */
	long result[MAX_CPUS];
	turn = 1;
	for (int i = 1; i < n; i++)
		result[i] = smp_cpu_on(i, CTX_FIRST | (1UL << 8) | (uint64_t)i);
	wait_eq(&turn, (uint32_t)n);
	for (int i = 1; i < n; i++)
		check("CPU_ON", result[i], PSCI_SUCCESS);
	for (int i = 1; i < n; i++)
		if (arrived[i] != 1) {
			uart_puts("a secondary started with the wrong context id or MPIDR\n");
			failures++;
		}
	uart_puts("all secondaries started\n");

	for (int i = 1; i < n; i++)
		check("AFFINITY_INFO(secondary) after CPU_ON", psci_call(PSCI_AFFINITY_INFO, smp_mpidr[i], 0, 0), AFF_ON);
	check("CPU_ON(running cpu 1)", smp_cpu_on(1, CTX_FIRST | 1), PSCI_ALREADY_ON);
	check("CPU_ON(cpu 0, the caller)", psci_call(PSCI_CPU_ON, smp_mpidr[0], (uint64_t)smp_secondary_entry, 0), PSCI_ALREADY_ON);
	check("CPU_ON(no such MPIDR)", psci_call(PSCI_CPU_ON, 0xfe, (uint64_t)smp_secondary_entry, 0), PSCI_INVALID_PARAMETERS);
	check("AFFINITY_INFO(no such MPIDR)", psci_call(PSCI_AFFINITY_INFO, 0xfe, 0, 0), PSCI_INVALID_PARAMETERS);

	/* CPU_OFF of the last secondary, then CPU_ON again with another context id. */
	int last = n - 1;
	store_release(&command[last], CMD_OFF);
	wait_off(last);
	uart_puts("cpu ");
	uart_put_dec(last);
	uart_puts(" called CPU_OFF; AFFINITY_INFO says OFF\n");
	command[last] = CMD_NONE;
	turn = (uint32_t)last;
	long again = smp_cpu_on(last, CTX_FIRST | (2UL << 8) | (uint64_t)last);
	wait_eq(&turn, (uint32_t)last + 1);
	check("CPU_ON again", again, PSCI_SUCCESS);
	check("second start seen", arrived[last], 2);
	check("AFFINITY_INFO(restarted cpu)", psci_call(PSCI_AFFINITY_INFO, smp_mpidr[last], 0, 0), AFF_ON);

	/* Every secondary off again: the machine ends with vCPU 0 alone. */
	for (int i = 1; i < n; i++)
		store_release(&command[i], CMD_OFF);
	for (int i = 1; i < n; i++)
		wait_off(i);
	uart_puts("all secondaries off\n");
	if (failures == 0)
		uart_puts("smp-cpuon: all checks passed\n");
	return failures;
}
