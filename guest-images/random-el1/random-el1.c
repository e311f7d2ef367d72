/*
 * random-el1: executes pseudo-random 32-bit instruction words at EL1 (EL1t) with the MMU on, one
 * at a time, and folds every resulting register state and exception syndrome into a checksum
 * (issue 3's acceptance test). random-el0 is the same program built with RANDOM_EL = 0: the
 * words run at EL0t.
 *
 * The words come from a 64-bit LCG inside the guest, so the image stays small. For each word:
 *   - the code page (VA CODE_VA, nothing mapped executable within 128 MiB of it) gets
 *       [0] the word   [1] BRK #0xBEEF   [2..] BRK #0xDEAD
 *     so that a forward branch within the page lands on a BRK and a backward one on an
 *     unmapped page (an instruction abort);
 *   - x0-x30, SP_EL0 and NZCV get pseudo-random values: pointers into a 64 KiB scratch area
 *     (sometimes misaligned), edge-case integers, or any 64-bit value;
 *   - the harness enters the code page with ERET; every way out is an exception (the BRK after
 *     the word, or whatever the word itself raised), whose vector records x0-x30, SP_EL0, ELR
 *     (as an offset when inside the code page), SPSR, ESR and, for aborts, FAR.
 * Every 4096 words the scratch area is folded in as well and a checkpoint line is printed.
 *
 * Words that are excluded (drawn again), and why:
 *   - bits [27:26] = 0b11: the FP/SIMD data-processing and load/store space (FP is implemented
 *     elsewhere and tested by its own suite);
 *   - WFI, WFE at EL1: they wait for an interrupt that never comes; WFE at EL0 too (QEMU 7.2
 *     never traps WFE, the ARM ARM may);
 *   - LDP/LDNP/LDPSW/LDXP/LDAXP with Rt == Rt2: CONSTRAINED UNPREDICTABLE (ARM ARM K1.2); QEMU
 *     writes the second loaded value, qvm may choose otherwise;
 *   - ERET at EL1 (ELR_EL1 points at the word itself: it would run forever) and branches to
 *     themselves (B, B.cond, CBZ/CBNZ, TBZ/TBNZ with offset 0): endless loops on any machine;
 *   - HVC, SMC: calls to qvm's firmware layer (exits), UNDEFINED under QEMU without EL2/EL3;
 *     HLT #0xF000: a semihosting call;
 *   - MRS/MSR of the generic timer (op0=3, op1=3, CRn=14) at EL1: counters depend on time;
 *   - at EL1, MSR to SCTLR/ACTLR/CPACR, TTBR0/TTBR1/TCR, MAIR/AMAIR, VBAR, CNTKCTL (op1=0, CRn
 *     1, 2, 10, 12, 14) and every debug-register MSR (op0=2): they would change the harness's own
 *     translation, vectors or debug state;
 *   - MRS of ID_AA64PFR0_EL1 and the AArch32 ID registers (op0=3, op1=0, CRn=0, CRm=1..3): qvm's
 *     model deliberately has no AArch32, so these legitimately differ from QEMU's cortex-a57;
 *   - at EL0, MSR DAIFSet/DAIFClr: QEMU 7.2 reports op1/op2 swapped in the EC 0x18 syndrome;
 *   - the GIC CPU interface registers (op0=3, op1=0, CRn=12, CRm>=8; ICC_PMR_EL1): qvm has a GICv3, QEMU's
 *     virt board a GICv2 unless told otherwise;
 * And one register value: a store-exclusive whose base register would be -1 gets another base,
 * because QEMU 7.2's cleared exclusive monitor holds address -1 and so "matches" it.
 *
 * The run is configured by the `random_config` block, which a test may patch in a copy of the
 * image (it starts with the magic "QVMRANDC"): the number of words, the seed, and a range of
 * word indices for which each word's result is printed (for finding a divergence).
 */
#include "../exc-common/trap.h"

#ifndef RANDOM_EL
#define RANDOM_EL 1
#endif

#if RANDOM_EL == 1
#define NAME "random-el1"
#else
#define NAME "random-el0"
#endif

struct random_config {
	char magic[8];
	uint64_t words;
	uint64_t seed;
	uint64_t trace_from;
	uint64_t trace_to;
};

volatile struct random_config random_config = {
	{ 'Q', 'V', 'M', 'R', 'A', 'N', 'D', 'C' }, 100000, 0x5eed0001, ~0UL, 0
};

#define CODE_VA     0x0000004000000000UL
#define CODE_PA     0x41000000UL
#define SCRATCH_VA  0x0000004000100000UL
#define SCRATCH_PA  0x41100000UL
#define SCRATCH_LEN 0x10000UL
#define RO_VA       (SCRATCH_VA + SCRATCH_LEN)          /* read-only page */
#define NOAF_VA     (SCRATCH_VA + SCRATCH_LEN + 0x1000) /* AF = 0: access-flag faults */

#define BRK_END  0xd437dde0u /* BRK #0xBEEF */
#define BRK_FILL 0xd43bd5a0u /* BRK #0xDEAD */

/* What the vector saved: x0-x30, SP_EL0, ELR, SPSR, ESR, FAR, vector. */
struct result {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t vector;
};

struct result result;
uint64_t regs_in[33]; /* x0-x30, SP_EL0, SPSR */
uint64_t harness_sp;
uint64_t in_random;

void run_word(void);
void random_unexpected(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far);

__asm__(
	".text\n"
	".global run_word\n"
	"run_word:\n"
	"stp x29, x30, [sp, #-96]!\n"
	"stp x19, x20, [sp, #16]\n"
	"stp x21, x22, [sp, #32]\n"
	"stp x23, x24, [sp, #48]\n"
	"stp x25, x26, [sp, #64]\n"
	"stp x27, x28, [sp, #80]\n"
	"adrp x9, harness_sp\n"
	"mov x10, sp\n"
	"str x10, [x9, :lo12:harness_sp]\n"
	"adrp x9, in_random\n"
	"mov x10, #1\n"
	"str x10, [x9, :lo12:in_random]\n"
	"adrp x30, regs_in\n"
	"add x30, x30, :lo12:regs_in\n"
	"ldr x9, [x30, #248]\n"
	"msr sp_el0, x9\n"
	"ldr x9, [x30, #256]\n"
	"msr spsr_el1, x9\n"
	"mov x9, #0x4000000000\n"
	"msr elr_el1, x9\n"
	"ldp x0, x1, [x30, #0]\n"
	"ldp x2, x3, [x30, #16]\n"
	"ldp x4, x5, [x30, #32]\n"
	"ldp x6, x7, [x30, #48]\n"
	"ldp x8, x9, [x30, #64]\n"
	"ldp x10, x11, [x30, #80]\n"
	"ldp x12, x13, [x30, #96]\n"
	"ldp x14, x15, [x30, #112]\n"
	"ldp x16, x17, [x30, #128]\n"
	"ldp x18, x19, [x30, #144]\n"
	"ldp x20, x21, [x30, #160]\n"
	"ldp x22, x23, [x30, #176]\n"
	"ldp x24, x25, [x30, #192]\n"
	"ldp x26, x27, [x30, #208]\n"
	"ldp x28, x29, [x30, #224]\n"
	"ldr x30, [x30, #240]\n"
	"eret\n"

	".balign 2048\n"
	".global random_vectors\n"
	"random_vectors:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	"stp x0, x1, [sp, #-16]!\n"
	"mov x1, #\\i\n"
	"b random_common\n"
	".endr\n"
	"random_common:\n"
	"adrp x0, in_random\n"
	"ldr x0, [x0, :lo12:in_random]\n"
	"cbz x0, 9f\n"
	"adrp x0, result\n"
	"add x0, x0, :lo12:result\n"
	"str x1, [x0, #288]\n"
	"stp x2, x3, [x0, #16]\n"
	"stp x4, x5, [x0, #32]\n"
	"stp x6, x7, [x0, #48]\n"
	"stp x8, x9, [x0, #64]\n"
	"stp x10, x11, [x0, #80]\n"
	"stp x12, x13, [x0, #96]\n"
	"stp x14, x15, [x0, #112]\n"
	"stp x16, x17, [x0, #128]\n"
	"stp x18, x19, [x0, #144]\n"
	"stp x20, x21, [x0, #160]\n"
	"stp x22, x23, [x0, #176]\n"
	"stp x24, x25, [x0, #192]\n"
	"stp x26, x27, [x0, #208]\n"
	"stp x28, x29, [x0, #224]\n"
	"str x30, [x0, #240]\n"
	"ldp x2, x3, [sp], #16\n"
	"stp x2, x3, [x0, #0]\n"
	"mrs x2, sp_el0\n"
	"mrs x3, elr_el1\n"
	"stp x2, x3, [x0, #248]\n"
	"mrs x2, spsr_el1\n"
	"mrs x3, esr_el1\n"
	"stp x2, x3, [x0, #264]\n"
	"mrs x2, far_el1\n"
	"str x2, [x0, #280]\n"
	"adrp x9, in_random\n"
	"str xzr, [x9, :lo12:in_random]\n"
	"adrp x9, harness_sp\n"
	"ldr x10, [x9, :lo12:harness_sp]\n"
	"mov sp, x10\n"
	"ldp x19, x20, [sp, #16]\n"
	"ldp x21, x22, [sp, #32]\n"
	"ldp x23, x24, [sp, #48]\n"
	"ldp x25, x26, [sp, #64]\n"
	"ldp x27, x28, [sp, #80]\n"
	"ldp x29, x30, [sp], #96\n"
	"ret\n"
	"9:\n"
	"mov x0, x1\n"
	"mrs x1, esr_el1\n"
	"mrs x2, elr_el1\n"
	"mrs x3, far_el1\n"
	"bl random_unexpected\n"
	"b .\n");

extern char random_vectors[];

void random_unexpected(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	exception_report(vector, esr, elr, far);
}

static uint64_t lcg_state;

static uint32_t rand32(void)
{
	lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(lcg_state >> 32);
}

static uint64_t rand64(void)
{
	uint64_t hi = rand32();
	return (hi << 32) | rand32();
}

static int excluded(uint32_t w)
{
	if (((w >> 26) & 3) == 3)
		return 1; /* FP/SIMD space */
	if (w == 0xd503205f || w == 0xd503207f)
		return RANDOM_EL == 1 || w == 0xd503205f; /* WFE always, WFI at EL1 */
	if ((w & 0xffe0001f) == 0xd4000002 || (w & 0xffe0001f) == 0xd4000003)
		return 1; /* HVC, SMC */
	if (w == 0xd45e0000)
		return 1; /* HLT #0xF000 */
	if (RANDOM_EL == 1 && w == 0xd69f03e0)
		return 1; /* ERET */
	if ((w & 0x7fffffff) == 0x14000000 || (w & 0xfffffff0) == 0x54000000 ||
	    (w & 0x7effffe0) == 0x34000000 || (w & 0x7e07ffe0) == 0x36000000)
		return 1; /* branch to itself */
	if (((w & 0x3c400000) == 0x28400000 || (w & 0x3fe00000) == 0x08600000) &&
	    (w & 31) == ((w >> 10) & 31))
		return 1; /* LDP, LDNP, LDPSW, LDXP, LDAXP with Rt == Rt2: CONSTRAINED UNPREDICTABLE */
	if ((w & 0xffc00000) == 0xd5000000) {
		int l = (w >> 21) & 1, op0 = (w >> 19) & 3, op1 = (w >> 16) & 7;
		int crn = (w >> 12) & 15, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;
#if RANDOM_EL == 0
		if (l == 0 && op0 == 0 && op1 == 3 && crn == 4 && (op2 == 6 || op2 == 7))
			return 1; /* MSR DAIFSet/DAIFClr at EL0 */
#else
		if (op0 == 3 && op1 == 3 && crn == 14)
			return 1; /* generic timer */
		if (l == 0 && op0 == 2)
			return 1; /* debug registers */
		if (l == 0 && op0 == 3 && op1 == 0 &&
		    (crn == 1 || crn == 2 || crn == 10 || crn == 12 || crn == 14))
			return 1; /* the harness's own translation and vectors */
#endif
		if (op0 == 3 && op1 == 0 && ((crn == 12 && crm >= 8) || (crn == 4 && crm == 6 && op2 == 0)))
			return 1; /* GIC CPU interface: QEMU's virt board has a GICv2 by default */
		if (l == 1 && op0 == 3 && op1 == 0 && crn == 0 &&
		    ((crm >= 1 && crm <= 3) || (crm == 4 && op2 == 0)))
			return 1; /* AArch32 ID registers, ID_AA64PFR0_EL1 */
	}
	return 0;
}

static const uint64_t edge[] = {
	0, 1, ~0UL, 0x7fffffffUL, 0x80000000UL, 0xffffffffUL, 0x8000000000000000UL,
	0x7fffffffffffffffUL, 0x100000000UL, 63, 64, 32, 0xffffffff80000000UL, 2, 0x8000, 0xffff,
};

static uint64_t random_value(void)
{
	uint32_t r = rand32();

	switch (r & 3) {
	case 0:
	case 1: {
		/* A pointer into the scratch area (a quarter of them misaligned). */
		uint64_t p = SCRATCH_VA + 0x4000 + (rand32() & 0x7ff8);
		if ((r & 0x30) == 0)
			p += (r >> 8) & 7;
		if ((r & 0x3c0) == 0)
			p += 0x7000; /* near or past the end: read-only page, AF page, unmapped */
		return p;
	}
	case 2:
		return edge[(r >> 4) & 15];
	default:
		return rand64();
	}
}

static uint64_t checksum;

static void fold(uint64_t v)
{
	checksum = (checksum ^ v) * 0x100000001b3UL;
	checksum ^= checksum >> 29;
}

static uint64_t ec_count[64];

static void put_line_hex(const char *name, uint64_t v)
{
	uart_puts(name);
	uart_put_hex(v, 16);
}

static void build_tables(uint64_t *root, struct mmu_geom g)
{
	/* The harness: EL1 only, not executable at EL0. */
	map_range(root, g, 0x09000000UL, 0x09000000UL, 0x1000, MEM_DEV);
	map_range(root, g, 0x40000000UL, 0x40000000UL, 0x02000000UL, MEM_RWX | PTE_UXN);
#if RANDOM_EL == 1
	map_range(root, g, CODE_VA, CODE_PA, 0x1000, MEM_RWX | PTE_AP_RO | PTE_UXN);
#else
	map_range(root, g, CODE_VA, CODE_PA, 0x1000, MEM_RWX | PTE_AP_RO | PTE_AP_EL0 | PTE_PXN);
#endif
	map_range(root, g, SCRATCH_VA, SCRATCH_PA, SCRATCH_LEN, MEM_RWX | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
	map_range(root, g, RO_VA, SCRATCH_PA, 0x1000, MEM_RWX | PTE_AP_EL0 | PTE_AP_RO | PTE_UXN | PTE_PXN);
	map_range(root, g, NOAF_VA, SCRATCH_PA + 0x1000, 0x1000,
		  (MEM_RWX & ~PTE_AF) | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
}

int main(void)
{
	struct mmu_geom g = geom(12, 39);
	uint64_t *root = table_alloc(12);
	volatile uint32_t *code = (volatile uint32_t *)CODE_PA;
	volatile uint64_t *scratch = (volatile uint64_t *)SCRATCH_PA;
	uint64_t words = random_config.words, excluded_count = 0;

	uart_puts(NAME ": random words at EL" STR(RANDOM_EL) " with the MMU on\n");
	lcg_state = random_config.seed;
	build_tables(root, g);
	for (int i = 0; i < 1024; i++)
		code[i] = BRK_FILL;
#if RANDOM_EL == 0
	/* nTWI = 0 (WFI traps), UCT = DZE = 1, UCI = UMA = 0. */
	write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) & ~((1UL << 16) | (1UL << 26) | (1UL << 9))) |
		     (1UL << 15) | (1UL << 14));
#endif
	code[1] = BRK_END;
	for (uint64_t i = 0; i < (SCRATCH_LEN + 0x2000) / 8; i++)
		scratch[i] = rand64();
	write_sysreg(vbar_el1, (uint64_t)random_vectors);
	mmu_on(tcr_ttbr0(g), (uint64_t)root, 0);

	for (uint64_t n = 0; n < words; n++) {
		uint32_t w;
		do {
			w = rand32();
			if ((w & 0xf) == 0) /* one word in 16 from the system-instruction space */
				w = 0xd5000000u | (rand32() & 0x3fffff);
		} while (excluded(w) && ++excluded_count);
		code[0] = w;
		__asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" : : : "memory");
		for (int r = 0; r < 31; r++)
			regs_in[r] = random_value();
		regs_in[31] = SCRATCH_VA + 0x4000 + (rand32() & 0x7ff0);
		/*
		 * QEMU 7.2 marks its exclusive monitor "open" with address -1, so a store-exclusive to
		 * address -1 behaves as if the monitor matched (and faults as a read): avoid that corner.
		 */
		if ((w & 0x3f800000) == 0x08000000 && ((w >> 5) & 31) != 31 && regs_in[(w >> 5) & 31] == ~0UL)
			regs_in[(w >> 5) & 31] = SCRATCH_VA + 0x4000;
		regs_in[32] = (rand32() & 0xf0000000UL) | 0x3c0 | (RANDOM_EL == 1 ? 4 : 0);
		int traced = n >= random_config.trace_from && n <= random_config.trace_to;
		if (traced) {
			/* Printed before the word runs, so that a word that never returns is named. */
			uart_put_dec((int64_t)n);
			put_line_hex(" w=", w);
		}
		run_word();

		uint64_t esr = result.esr, ec = ESR_EC(esr);
		uint64_t elr = result.elr - CODE_VA < 0x1000 ? result.elr - CODE_VA : result.elr;
		fold(w);
		for (int r = 0; r < 31; r++)
			fold(result.x[r]);
		fold(result.sp_el0);
		fold(elr);
		fold(result.spsr);
		fold(esr);
		fold(result.vector);
		int abort = ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25;
		if (abort)
			fold(result.far);
		ec_count[ec]++;
		if (traced) {
			put_line_hex(" esr=", esr);
			put_line_hex(" elr=", elr);
			put_line_hex(" far=", abort ? result.far : 0);
			put_line_hex(" spsr=", result.spsr);
			put_line_hex(" sum=", checksum);
			uart_puts("\n");
			for (int r = 0; r < 31; r++) {
				if (result.x[r] != regs_in[r]) {
					uart_puts("  x");
					uart_put_dec(r);
					put_line_hex(" ", regs_in[r]);
					put_line_hex(" -> ", result.x[r]);
					uart_puts("\n");
				}
			}
		}
		if ((n & 4095) == 4095 || n + 1 == words) {
			for (uint64_t i = 0; i < (SCRATCH_LEN + 0x2000) / 8; i++)
				fold(scratch[i]);
			uart_puts("words ");
			uart_put_dec((int64_t)n + 1);
			put_line_hex(" checksum ", checksum);
			uart_puts("\n");
		}
	}
	mmu_off();
	uart_puts("exceptions by class:");
	for (int i = 0; i < 64; i++) {
		if (ec_count[i]) {
			uart_puts(" ");
			uart_put_hex((uint64_t)i, 2);
			uart_puts("=");
			uart_put_dec((int64_t)ec_count[i]);
		}
	}
	uart_puts("\n");
	uart_puts("excluded words: ");
	uart_put_dec((int64_t)excluded_count);
	uart_puts("\n");
	put_line_hex(NAME ": final checksum ", checksum);
	uart_puts("\n");
	return 0;
}
