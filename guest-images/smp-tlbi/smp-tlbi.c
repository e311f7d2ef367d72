/*
 * Broadcast maintenance (ARM ARM D8.13 TLB maintenance, D7.5 instruction cache maintenance):
 *  - TLBI VAE1IS: the secondaries read a page through a translation they have cached; vCPU 0
 *    points the page-table entry at another frame, TLBI VAE1IS + DSB ISH, then tells them; from
 *    then on every secondary must read the new frame (no stale TLB entry anywhere);
 *  - IC IALLUIS: vCPU 0 rewrites an instruction the secondaries have executed (DC CVAU, DSB ISH,
 *    IC IALLUIS, DSB ISH), then tells them; after an ISB they must execute the new one.
 * `rounds` times each (default 1000; "rounds=N" on the command line), alternating old and new.
 */
#include "../smp-lib/smp.h"

#define TEST_VA 0x7fe00000UL /* the last 2 MiB block of the L2 table, split into pages */

static uint64_t l3[512] __attribute__((aligned(4096)));
static volatile uint64_t frame_a[512] __attribute__((aligned(4096)));
static volatile uint64_t frame_b[512] __attribute__((aligned(4096)));
static volatile uint32_t generation;
static volatile uint32_t ack[MAX_CPUS];
static volatile uint64_t stale_data[MAX_CPUS];
static volatile uint64_t stale_code[MAX_CPUS];
static uint32_t rounds;

/* A function whose first instruction vCPU 0 rewrites: MOVZ W0, #1 or MOVZ W0, #2 (C6.2.191). */
#define MOVZ_W0(imm) (0x52800000u | ((uint32_t)(imm) << 5))
uint32_t patchable(void);
__asm__(
	"	.pushsection .text\n"
	"	.balign 64\n"
	"	.global patchable\n"
	"	.type patchable, %function\n"
	"patchable:\n"
	"	movz	w0, #1\n"
	"	ret\n"
	"	.size patchable, . - patchable\n"
	"	.popsection\n");

static inline uint64_t read_test_page(void) { return *(volatile uint64_t *)TEST_VA; }

/* Round r's frame: A on even rounds, B on odd. */
static uint64_t frame_value(uint32_t r) { return (r & 1) ? 0xBBBBBBBBBBBBBBBBUL : 0xAAAAAAAAAAAAAAAAUL; }
static uint32_t code_value(uint32_t r) { return (r & 1) ? 2 : 1; }

static void map_round(uint32_t r)
{
	uint64_t pa = (r & 1) ? (uint64_t)frame_b : (uint64_t)frame_a;
	l3[0] = pa | PTE_NORMAL | PTE_PAGE;
}

static void secondary_main(int index, uint64_t ctx)
{
	(void)ctx;
	for (uint32_t r = 0; r < rounds; r++) {
		/* Phase 1 of round r: use the translation and the code of round r, so both are cached. */
		wait_eq(&generation, 2 * r + 1);
		__asm__ volatile("isb" ::: "memory");
		stale_data[index] += read_test_page() != frame_value(r);
		stale_code[index] += patchable() != code_value(r);
		store_release(&ack[index], 2 * r + 1);
		/* Phase 2: vCPU 0 has remapped and rewritten; the new ones must be seen. */
		wait_eq(&generation, 2 * r + 2);
		__asm__ volatile("isb" ::: "memory"); /* context synchronization for the new code */
		stale_data[index] += read_test_page() != frame_value(r + 1);
		stale_code[index] += patchable() != code_value(r + 1);
		store_release(&ack[index], 2 * r + 2);
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
	rounds = smp_param("rounds", 1000);
	for (int i = 0; i < 512; i++) {
		frame_a[i] = frame_value(0);
		frame_b[i] = frame_value(1);
	}
	/* Split the last 2 MiB block into pages; only page 0 is mapped (to frame A). */
	map_round(0);
	smp_l2[511] = (uint64_t)l3 | PTE_TABLE;
	__asm__ volatile("dsb ishst\n tlbi vmalle1is\n dsb ish\n isb" ::: "memory");
	smp_clean_to_poc(smp_l2, sizeof smp_l2);
	smp_clean_to_poc(l3, sizeof l3);
	uart_puts("vCPUs: ");
	uart_put_dec(n);
	uart_puts(", rounds: ");
	uart_put_dec(rounds);
	uart_puts(", test page VA ");
	uart_put_hex(TEST_VA, 8);
	uart_puts("\n");
	for (int i = 1; i < n; i++)
		if (smp_cpu_on(i, (uint64_t)i) != PSCI_SUCCESS) {
			uart_puts("CPU_ON failed\n");
			return 2;
		}

	volatile uint32_t *insn = (volatile uint32_t *)(uint64_t)patchable;
	for (uint32_t r = 0; r < rounds; r++) {
		store_release(&generation, 2 * r + 1);
		for (int i = 1; i < n; i++)
			wait_eq(&ack[i], 2 * r + 1);
		/* Break-before-make is not needed: both entries are valid pages of the same size. */
		map_round(r + 1);
		__asm__ volatile("dsb ishst\n tlbi vae1is, %0\n dsb ish\n isb" ::"r"(TEST_VA >> 12) : "memory");
		*insn = MOVZ_W0(code_value(r + 1));
		__asm__ volatile("dc cvau, %0\n dsb ish\n ic ialluis\n dsb ish\n isb" ::"r"(insn) : "memory");
		store_release(&generation, 2 * r + 2);
		for (int i = 1; i < n; i++)
			wait_eq(&ack[i], 2 * r + 2);
	}

	uint64_t data = 0, code = 0;
	for (int i = 1; i < n; i++) {
		data += stale_data[i];
		code += stale_code[i];
	}
	uart_puts("TLBI VAE1IS: ");
	uart_put_dec((int64_t)rounds * 2 * (n - 1));
	uart_puts(" reads by the secondaries, stale translations ");
	uart_put_dec((int64_t)data);
	uart_puts(data == 0 ? "\n" : ": FAIL\n");
	uart_puts("IC IALLUIS: ");
	uart_put_dec((int64_t)rounds * 2 * (n - 1));
	uart_puts(" calls by the secondaries, stale instructions ");
	uart_put_dec((int64_t)code);
	uart_puts(code == 0 ? "\n" : ": FAIL\n");
	failures = (data != 0) + (code != 0);
	if (failures == 0)
		uart_puts("smp-tlbi: all checks passed\n");
	return failures;
}
