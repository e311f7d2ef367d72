/*
 * Litmus tests of the ARMv8 memory model (ARM ARM B2.3) on pairs of vCPUs (0-1, 2-3, ...), each
 * run `rounds` times (default 200,000; "rounds=N" on the command line):
 *   MP+dmbs   writer: data = i; DMB ISHST; flag = i   reader: f = flag; DMB ISHLD; d = data
 *   MP+rel/acq writer: data = i; STLR flag = i        reader: f = LDAR flag; d = data
 *     forbidden: the reader sees flag i and data older than i (d < f);
 *   SB+dmbs   P0: x = 1; DMB ISH; r0 = y             P1: y = 1; DMB ISH; r1 = x
 *     forbidden: r0 == 0 and r1 == 0.
 * The forbidden outcomes must never appear. Shared data is Normal Inner Shareable memory (the
 * MMU is on), where these barriers are what the model relies on.
 */
#include "../smp-lib/smp.h"

struct pair {
	volatile uint64_t data __attribute__((aligned(64)));
	volatile uint64_t flag __attribute__((aligned(64)));
	volatile uint32_t x __attribute__((aligned(64)));
	volatile uint32_t y __attribute__((aligned(64)));
	volatile uint32_t arrive0 __attribute__((aligned(64)));
	volatile uint32_t arrive1 __attribute__((aligned(64)));
	volatile uint32_t result[2];
	uint32_t seq[2];
	uint64_t bad_mp_dmb, bad_mp_acqrel, bad_sb;
	uint64_t mp_reads;
};

static struct pair pairs[MAX_CPUS / 2] __attribute__((aligned(64)));
static uint32_t rounds;
static volatile uint32_t finished;

/* Waits until *p >= want: a short poll, then WFE (the partner's STLR is a wake-up event). */
static void wait_ge(volatile uint32_t *p, uint32_t want)
{
	for (int i = 0; i < 200; i++)
		if (load_acquire(p) >= want)
			return;
	for (;;) {
		uint32_t v;
		__asm__ volatile("ldaxr %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
		if (v >= want)
			return;
		__asm__ volatile("wfe" ::: "memory");
	}
}

/* Both vCPUs of the pair reach this point before either goes on. */
static void sync_pair(struct pair *p, int role)
{
	uint32_t s = ++p->seq[role];
	store_release(role ? &p->arrive1 : &p->arrive0, s);
	wait_ge(role ? &p->arrive0 : &p->arrive1, s);
}

static void message_passing(struct pair *p, int role, int acquire_release)
{
	uint64_t n = rounds, bad = 0, reads = 0;

	if (role == 0)
		p->data = p->flag = 0;
	sync_pair(p, role);
	if (role == 0) {
		for (uint64_t i = 1; i <= n; i++) {
			p->data = i;
			if (acquire_release) {
				__asm__ volatile("stlr %0, [%1]" ::"r"(i), "r"(&p->flag) : "memory");
			} else {
				__asm__ volatile("dmb ishst" ::: "memory");
				p->flag = i;
			}
		}
	} else {
		uint64_t f, d;
		do {
			if (acquire_release) {
				__asm__ volatile("ldar %0, [%1]" : "=r"(f) : "r"(&p->flag) : "memory");
			} else {
				f = p->flag;
				__asm__ volatile("dmb ishld" ::: "memory");
			}
			d = p->data;
			bad += d < f;
			reads++;
		} while (f != n);
		if (acquire_release)
			p->bad_mp_acqrel = bad;
		else
			p->bad_mp_dmb = bad;
		p->mp_reads += reads;
	}
	sync_pair(p, role);
}

static void store_buffering(struct pair *p, int role)
{
	uint64_t bad = 0;

	for (uint32_t r = 0; r < rounds; r++) {
		sync_pair(p, role);
		if (role == 0) {
			uint32_t r0;
			p->x = 1;
			__asm__ volatile("dmb ish" ::: "memory");
			r0 = p->y;
			p->result[0] = r0;
		} else {
			uint32_t r1;
			p->y = 1;
			__asm__ volatile("dmb ish" ::: "memory");
			r1 = p->x;
			p->result[1] = r1;
		}
		sync_pair(p, role);
		if (role == 0) {
			bad += p->result[0] == 0 && p->result[1] == 0;
			p->x = 0;
		} else {
			p->y = 0;
		}
	}
	if (role == 0)
		p->bad_sb = bad;
}

static void run(int index)
{
	struct pair *p = &pairs[index / 2];
	int role = index & 1;

	message_passing(p, role, 0);
	message_passing(p, role, 1);
	store_buffering(p, role);
	/* Count this vCPU done: an LL/SC increment, whose STXR is a WFE wake-up for vCPU 0. */
	uint32_t v, status;
	__asm__ volatile("1: ldxr %w0, [%2]\n add %w0, %w0, #1\n stxr %w1, %w0, [%2]\n cbnz %w1, 1b"
			 : "=&r"(v), "=&r"(status)
			 : "r"(&finished)
			 : "memory");
}

static void secondary_main(int index, uint64_t ctx)
{
	(void)ctx;
	run(index);
}

static void report(const char *what, uint64_t bad, int npairs, int *failures)
{
	uart_puts(what);
	uart_put_dec((int64_t)rounds * npairs);
	uart_puts(" runs, forbidden outcome seen ");
	uart_put_dec((int64_t)bad);
	uart_puts(bad == 0 ? " times\n" : " times: FAIL\n");
	*failures += bad != 0;
}

int main(uint64_t dtb)
{
	int n = smp_init(dtb);
	int failures = 0;
	if (n < 2) {
		uart_puts("needs at least 2 vCPUs\n");
		return 1;
	}
	int npairs = n / 2;
	rounds = smp_param("rounds", 200000);
	uart_puts("vCPUs: ");
	uart_put_dec(n);
	uart_puts(", pairs: ");
	uart_put_dec(npairs);
	uart_puts(", rounds: ");
	uart_put_dec(rounds);
	uart_puts("\n");
	for (int i = 1; i < 2 * npairs; i++)
		if (smp_cpu_on(i, (uint64_t)i) != PSCI_SUCCESS) {
			uart_puts("CPU_ON failed\n");
			return 2;
		}
	run(0);
	wait_eq(&finished, (uint32_t)(2 * npairs));

	uint64_t mp_dmb = 0, mp_acqrel = 0, sb = 0, reads = 0;
	for (int k = 0; k < npairs; k++) {
		mp_dmb += pairs[k].bad_mp_dmb;
		mp_acqrel += pairs[k].bad_mp_acqrel;
		sb += pairs[k].bad_sb;
		reads += pairs[k].mp_reads;
	}
	report("MP with DMB ISHST / DMB ISHLD: ", mp_dmb, npairs, &failures);
	report("MP with STLR / LDAR: ", mp_acqrel, npairs, &failures);
	report("SB with DMB ISH: ", sb, npairs, &failures);
	if (reads < 2 * (uint64_t)npairs) {
		uart_puts("the readers did not run\n");
		failures++;
	}
	if (failures == 0)
		uart_puts("smp-litmus: all checks passed\n");
	return failures;
}
