/*
 * SGI ping-pong between vCPUs (GICv3, IHI 0069 12.2.21 ICC_SGI1R_EL1): vCPU 0 sends SGI 1 to
 * each secondary in turn and waits for its answer, SGI 2, before the next; every ping and pong
 * is counted and the totals must be exact. Then PSCI CPU_SUSPEND (DEN 0022 5.4): a secondary in
 * a standby and in a powerdown state is woken by an SGI and the call returns SUCCESS; a power
 * level that the platform does not have is INVALID_PARAMETERS.
 */
#include "../gic-lib/gic.h"
#include "../smp-lib/smp.h"


#define SGI_PING 1
#define SGI_PONG 2
#define SGI_KICK 3 /* wakes a secondary from WFI to read its command */
#define GICR_TYPER 0x0008
#define GICR_FRAME 0x20000UL

static volatile uint32_t pings[MAX_CPUS]; /* SGI 1 taken by each secondary */
static volatile uint32_t pongs;            /* SGI 2 taken by vCPU 0 */
static volatile uint32_t ready[MAX_CPUS];
static volatile uint32_t command[MAX_CPUS];
static volatile long suspend_result[MAX_CPUS];
static volatile uint32_t suspend_seen_pings[MAX_CPUS];
static volatile uint64_t suspend_ticks[MAX_CPUS];

#define CMD_STANDBY   1
#define CMD_POWERDOWN 2
#define CMD_BAD_LEVEL 3
#define CMD_DONE      4

/* ICC_SGI1R_EL1 for one PE: Aff3 [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16], TargetList. */
static void send_sgi(uint32_t intid, uint64_t mpidr)
{
	uint64_t v = ((mpidr >> 32 & 0xff) << 48) | ((mpidr >> 16 & 0xff) << 32) | ((uint64_t)intid << 24) |
		     ((mpidr >> 8 & 0xff) << 16) | (1UL << (mpidr & 0xf));
	WRITE_SYSREG(ICC_SGI1R_EL1, v);
	isb();
}

/* This PE's redistributor: the frame whose GICR_TYPER.Affinity_Value is this MPIDR (IHI 0069 9.11.35). */
static uint64_t my_redistributor(void)
{
	uint64_t m = my_mpidr();
	uint32_t aff = (uint32_t)(((m >> 32 & 0xff) << 24) | (m & 0xffffff));
	for (uint64_t rd = GICR_BASE;; rd += GICR_FRAME) {
		if (mmio_read32(rd + GICR_TYPER + 4) == aff)
			return rd;
		if (mmio_read32(rd + GICR_TYPER) & (1u << 4)) /* Last */
			return 0;
	}
}

/* What gic_init does for vCPU 0, for a secondary's own redistributor and CPU interface. */
static void secondary_gic_init(void)
{
	extern char gic_vectors[];
	uint64_t rd = my_redistributor();
	if (rd == 0) {
		uart_puts("no redistributor for this PE\n");
		semihosting_exit(3);
	}
	WRITE_SYSREG("vbar_el1", (uint64_t)gic_vectors);
	isb();
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~(1u << 1));
	while (mmio_read32(rd + GICR_WAKER) & (1u << 2))
		;
	uint64_t sgi = rd + 0x10000;
	mmio_write32(sgi + GICD_IGROUPR, mmio_read32(sgi + GICD_IGROUPR) | (1u << SGI_PING));
	mmio_write8(sgi + GICD_IPRIORITYR + SGI_PING, 0x80);
	mmio_write32(sgi + GICD_IGROUPR, mmio_read32(sgi + GICD_IGROUPR) | (1u << SGI_KICK));
	mmio_write8(sgi + GICD_IPRIORITYR + SGI_KICK, 0x80);
	mmio_write32(sgi + GICD_ISENABLER, (1u << SGI_PING) | (1u << SGI_KICK));
	WRITE_SYSREG(ICC_SRE_EL1, READ_SYSREG(ICC_SRE_EL1) | 1);
	isb();
	WRITE_SYSREG(ICC_PMR_EL1, 0xf0);
	WRITE_SYSREG(ICC_BPR1_EL1, 0);
	WRITE_SYSREG(ICC_IGRPEN1_EL1, 1);
	isb();
}

static void on_ping(uint32_t intid)
{
	(void)intid;
	int me = my_index();
	pings[me]++;
	send_sgi(SGI_PONG, smp_mpidr[0]);
}

static volatile uint32_t kicks[MAX_CPUS];

static void on_kick(uint32_t intid)
{
	(void)intid;
	kicks[my_index()]++;
}

static void on_pong(uint32_t intid)
{
	(void)intid;
	pongs++;
}

/* Waits with IRQs masked around the test, so that an IRQ between test and WFI is not lost. */
static void wait_irq_until(volatile uint32_t *counter, uint32_t want)
{
	for (;;) {
		irq_disable();
		if (*counter >= want) {
			irq_enable();
			return;
		}
		__asm__ volatile("wfi" ::: "memory"); /* a pending IRQ wakes it even while masked */
		irq_enable();
	}
}

static void secondary_main(int index, uint64_t ctx)
{
	uint32_t kicks_expected = 0;
	(void)ctx;
	secondary_gic_init();
	irq_enable();
	store_release(&ready[index], 1);
	for (;;) {
		uint32_t cmd;
		irq_disable();
		cmd = load_acquire(&command[index]);
		if (cmd == 0) {
			__asm__ volatile("wfi" ::: "memory");
			irq_enable();
			continue;
		}
		/* Each command comes with one kick: take it now, so that only the ping ends the suspend. */
		kicks_expected++;
		irq_enable();
		while (kicks[index] < kicks_expected)
			;
		if (cmd == CMD_DONE)
			return;
		/*
		 * CPU_SUSPEND with IRQs masked: the SGI wakes the PE (a WFI wake-up event, D1.16.2)
		 * without being taken, the call returns, and the SGI is taken once unmasked. The
		 * counter is read before vCPU 0 may start its 1 ms delay, so a suspend that really
		 * waited for the SGI lasts at least 1 ms.
		 */
		irq_disable();
		uint32_t before = pings[index];
		uint64_t state = cmd == CMD_STANDBY ? 0 : cmd == CMD_POWERDOWN ? (1UL << 16) : (1UL << 24);
		uint64_t t0 = READ_SYSREG("cntvct_el0");
		store_release(&command[index], 0);
		suspend_result[index] = psci_call(PSCI_CPU_SUSPEND, state, (uint64_t)smp_secondary_entry, index);
		suspend_ticks[index] = READ_SYSREG("cntvct_el0") - t0;
		suspend_seen_pings[index] = pings[index] - before;
		irq_enable();
		store_release(&ready[index], ready[index] + 1);
	}
}

int main(uint64_t dtb)
{
	int n = smp_init(dtb);
	if (n < 2) {
		uart_puts("needs at least 2 vCPUs\n");
		return 1;
	}
	if (!gic_init())
		return 1;
	irq_handlers[SGI_PING] = on_ping;
	irq_handlers[SGI_PONG] = on_pong;
	irq_handlers[SGI_KICK] = on_kick;
	gic_enable_private(SGI_PONG, 0x80);
	irq_enable();
	for (int i = 1; i < n; i++) {
		if (smp_cpu_on(i, (uint64_t)i) != PSCI_SUCCESS) {
			uart_puts("CPU_ON failed\n");
			return 2;
		}
		wait_eq(&ready[i], 1);
	}
	uart_puts("vCPUs: ");
	uart_put_dec(n);
	uart_puts(", redistributors found by affinity\n");

	uint32_t rounds = smp_param("rounds", 10000);
	for (uint32_t r = 0; r < rounds; r++) {
		int target = 1 + (int)(r % (uint32_t)(n - 1));
		send_sgi(SGI_PING, smp_mpidr[target]);
		wait_irq_until(&pongs, r + 1);
	}
	int failures = 0;
	uint32_t total = 0;
	for (int i = 1; i < n; i++) {
		uint32_t want = rounds / (uint32_t)(n - 1) + ((uint32_t)(i - 1) < rounds % (uint32_t)(n - 1));
		total += pings[i];
		if (pings[i] != want) {
			uart_puts("cpu ");
			uart_put_dec(i);
			uart_puts(" took ");
			uart_put_dec(pings[i]);
			uart_puts(" pings, expected ");
			uart_put_dec(want);
			uart_puts("\n");
			failures++;
		}
	}
	uart_puts("ping-pong: ");
	uart_put_dec(rounds);
	uart_puts(" round trips, pings taken ");
	uart_put_dec(total);
	uart_puts(", pongs taken ");
	uart_put_dec(pongs);
	uart_puts(pongs == rounds && total == rounds && failures == 0 ? ", exact\n" : ", WRONG\n");
	if (pongs != rounds || total != rounds)
		failures++;

	/* CPU_SUSPEND on vCPU 1: standby, powerdown (may be done as standby), a bad power level. */
	static const char *const names[] = { "", "standby", "powerdown", "power level 1" };
	static const long want_result[] = { 0, PSCI_SUCCESS, PSCI_SUCCESS, PSCI_INVALID_PARAMETERS };
	for (uint32_t cmd = CMD_STANDBY; cmd <= CMD_BAD_LEVEL; cmd++) {
		uint32_t ready_before = ready[1];
		uint32_t pongs_before = pongs;
		store_release(&command[1], cmd);
		send_sgi(SGI_KICK, smp_mpidr[1]); /* a store does not end a WFI: an interrupt does */
		/* Let it reach the suspend, then wake it; an early SGI wakes it just as well. */
		while (load_acquire(&command[1]) != 0)
			;
		delay_ticks(READ_SYSREG("cntfrq_el0") / 1000);
		if (cmd != CMD_BAD_LEVEL)
			send_sgi(SGI_PING, smp_mpidr[1]);
		wait_eq(&ready[1], ready_before + 1);
		if (cmd != CMD_BAD_LEVEL)
			wait_irq_until(&pongs, pongs_before + 1);
		uart_puts("CPU_SUSPEND(");
		uart_puts(names[cmd]);
		uart_puts("): ");
		uart_put_dec(suspend_result[1]);
		int waited = suspend_ticks[1] >= READ_SYSREG("cntfrq_el0") / 1000;
		if (cmd != CMD_BAD_LEVEL) {
			uart_puts(waited ? ", returned after the SGI (>= 1 ms)" : ", returned before the SGI");
			uart_puts(suspend_seen_pings[1] == 0 ? ", which was taken after the call\n" : ", which was taken too early\n");
		} else {
			uart_puts("\n");
		}
		if (suspend_result[1] != want_result[cmd] || suspend_seen_pings[1] != 0 || (cmd != CMD_BAD_LEVEL && !waited))
			failures++;
	}

	for (int i = 1; i < n; i++) {
		store_release(&command[i], CMD_DONE);
		send_sgi(SGI_KICK, smp_mpidr[i]);
		while (psci_call(PSCI_AFFINITY_INFO, smp_mpidr[i], 0, 0) != AFF_OFF)
			;
	}
	if (failures == 0)
		uart_puts("smp-sgi: all checks passed\n");
	return failures;
}
