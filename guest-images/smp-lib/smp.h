/*
 * Shared by the smp-* test guests (header only, include once per guest): the vCPUs the device
 * tree describes, PSCI calls through the conduit it names, secondary start-up on a stack of its
 * own, one set of identity-mapped stage-1 tables that every vCPU uses (so shared data is Normal
 * Inner Shareable memory, as the ARMv8 memory model's guarantees assume), a ticket lock and a
 * patchable iteration count.
 *
 * vCPU 0 calls smp_init(dtb) with the x0 it was entered with (start.S leaves x0 untouched up to
 * main). A secondary started with smp_cpu_on(i, ctx) runs secondary_main(i, ctx) with the MMU on,
 * and calls PSCI CPU_OFF when it returns. The low byte of every context id is the vCPU's index:
 * smp_secondary_entry picks its stack by it.
 */
#ifndef QVM_SMP_LIB_H
#define QVM_SMP_LIB_H

#include "../common/runtime.h"

#define MAX_CPUS 8
#define SMP_STACK_SHIFT 13 /* 8 KiB per secondary */

/* ---- PSCI (ARM DEN 0022) and SMCCC function ids and return codes ---- */
#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_SUSPEND    0xC4000001u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0xC4000003u
#define PSCI_AFFINITY_INFO  0xC4000004u
#define PSCI_FEATURES       0x8400000Au
#define PSCI_SUCCESS             0
#define PSCI_NOT_SUPPORTED      -1
#define PSCI_INVALID_PARAMETERS -2
#define PSCI_DENIED             -3
#define PSCI_ALREADY_ON         -4
#define AFF_ON  0
#define AFF_OFF 1

/* What the device tree says: the vCPUs' MPIDR affinities and the PSCI conduit. */
static int smp_ncpus;
static uint64_t smp_mpidr[MAX_CPUS];
static int smp_use_smc;

static inline long psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC 1.1: x4-x17 are preserved by the callee; the result is in x0. */
	if (smp_use_smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (long)x0;
}

#define READ_SYSREG_S(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " name : "=r"(_v)); _v; })
#define WRITE_SYSREG_S(name, v) __asm__ volatile("msr " name ", %0" ::"r"((uint64_t)(v)) : "memory")

static inline uint64_t my_mpidr(void) { return READ_SYSREG_S("mpidr_el1") & 0xff00ffffffUL; }

static inline int my_index(void)
{
	uint64_t m = my_mpidr();
	for (int i = 0; i < smp_ncpus; i++)
		if (smp_mpidr[i] == m)
			return i;
	return -1;
}

/* ---- the flattened device tree (Devicetree Specification v0.4, chapter 5) ---- */
#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

static inline uint32_t be32(const volatile void *p) { return __builtin_bswap32(*(const volatile uint32_t *)p); }

static inline int str_starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/*
 * Reads /cpus/cpu@N "reg" (each vCPU's MPIDR affinity, in tree order) and /psci "method".
 * The blob is where x0 pointed at entry, else at the base of RAM (where QEMU's virt board puts
 * it for a bare-metal image). Returns 0 if no device tree is found.
 */
static inline int smp_read_fdt(uint64_t dtb)
{
	if (dtb == 0 || be32((void *)dtb) != FDT_MAGIC)
		dtb = 0x40000000UL;
	if (be32((void *)dtb) != FDT_MAGIC)
		return 0;
	const char *base = (const char *)dtb;
	const char *p = base + be32(base + 8);
	const char *strings = base + be32(base + 12);
	int depth = 0, in_cpus = 0, in_cpu = 0, in_psci = 0;

	smp_ncpus = 0;
	for (;;) {
		uint32_t token = be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = p;
			depth++;
			if (depth == 2)
				in_cpus = str_starts(name, "cpus"), in_psci = str_starts(name, "psci");
			if (depth == 3)
				in_cpu = in_cpus && str_starts(name, "cpu@");
			p += (strlen(name) + 4) & ~3UL;
		} else if (token == FDT_END_NODE) {
			if (depth == 3)
				in_cpu = 0;
			if (depth == 2)
				in_cpus = in_psci = 0;
			depth--;
		} else if (token == FDT_PROP) {
			uint32_t len = be32(p);
			const char *name = strings + be32(p + 4);
			const char *value = p + 8;
			if (in_cpu && depth == 3 && strcmp(name, "reg") == 0 && smp_ncpus < MAX_CPUS) {
				uint64_t reg = be32(value + len - 4);
				if (len == 8)
					reg |= (uint64_t)be32(value) << 32;
				smp_mpidr[smp_ncpus++] = reg & 0xff00ffffffUL;
			}
			if (in_psci && depth == 2 && strcmp(name, "method") == 0)
				smp_use_smc = strcmp(value, "smc") == 0;
			p = value + ((len + 3) & ~3UL);
		} else if (token == FDT_NOP) {
			continue;
		} else {
			break; /* FDT_END, or a broken tree */
		}
	}
	return smp_ncpus;
}

/* ---- stage 1: one identity map for every vCPU (ARM ARM D8.3, 4 KiB granule, 39-bit VA) ---- */
#define MAIR_ATTRS   0x000000000000FF00UL /* Attr0 Device-nGnRnE, Attr1 Normal WB RW-allocate */
#define PTE_BLOCK    1UL
#define PTE_TABLE    3UL
#define PTE_PAGE     3UL
#define PTE_NORMAL   ((1UL << 2) | (3UL << 8) | (1UL << 10)) /* AttrIndx 1, Inner Shareable, AF */
#define PTE_DEVICE   ((0UL << 2) | (1UL << 10) | (1UL << 53) | (1UL << 54)) /* AttrIndx 0, AF, PXN, UXN */
/* T0SZ 25, walks Inner WB / Outer WB / Inner Shareable, TG0 4K, EPD1, IPS 40 bits. */
#define TCR_VALUE    (25UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23) | (2UL << 32))

static uint64_t smp_l1[512] __attribute__((aligned(4096)));
static uint64_t smp_l2[512] __attribute__((aligned(4096))); /* 0x40000000..0x7fffffff */

/* Level 1 entry 0: the device area (1 GiB block); entry 1: RAM in 2 MiB blocks. */
static inline void smp_build_tables(void)
{
	smp_l1[0] = 0x00000000UL | PTE_DEVICE | PTE_BLOCK;
	smp_l1[1] = (uint64_t)smp_l2 | PTE_TABLE;
	for (uint64_t i = 0; i < 512; i++)
		smp_l2[i] = (0x40000000UL + (i << 21)) | PTE_NORMAL | PTE_BLOCK;
}

/* Every vCPU: the same MAIR/TCR/TTBR0, then SCTLR_EL1.{M,C,I} (D13.2.118). */
static inline void smp_mmu_on(void)
{
	WRITE_SYSREG_S("mair_el1", MAIR_ATTRS);
	WRITE_SYSREG_S("tcr_el1", TCR_VALUE);
	WRITE_SYSREG_S("ttbr0_el1", (uint64_t)smp_l1);
	__asm__ volatile("dsb nsh\n isb\n tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
	WRITE_SYSREG_S("sctlr_el1", READ_SYSREG_S("sctlr_el1") | 1UL | (1UL << 2) | (1UL << 12));
	__asm__ volatile("isb" ::: "memory");
}

/*
 * A secondary starts with its MMU and data cache off (PSCI CPU_ON, DEN 0022 6.4.3), so what it
 * reads before its own smp_mmu_on() is cleaned to the point of coherency first.
 */
static inline void smp_clean_to_poc(const volatile void *start, uint64_t size)
{
	for (uint64_t a = (uint64_t)start & ~63UL; a < (uint64_t)start + size; a += 64)
		__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
}

/* ---- a ticket lock: LDAXR/STXR to take a ticket, WFE while waiting, STLRH to hand over ---- */
typedef struct { volatile uint32_t word; } ticket_lock_t; /* owner in [15:0], next in [31:16] */

static inline void ticket_lock(ticket_lock_t *l)
{
	uint32_t old, tmp, status;
	__asm__ volatile(
		"	prfm	pstl1strm, [%[lock]]\n"
		"1:	ldaxr	%w[old], [%[lock]]\n"
		"	add	%w[tmp], %w[old], #0x10000\n"
		"	stxr	%w[status], %w[tmp], [%[lock]]\n"
		"	cbnz	%w[status], 1b\n"
		/* Ours at once if next == owner, else wait: the owner halfword is read exclusively, so
		 * the STLRH that hands the lock over clears this PE's monitor, which is a WFE wake-up
		 * event (ARM ARM D1.16.1). SEVL makes the first WFE fall through. */
		"	eor	%w[tmp], %w[old], %w[old], ror #16\n"
		"	cbz	%w[tmp], 3f\n"
		"	sevl\n"
		"2:	wfe\n"
		"	ldaxrh	%w[status], [%[lock]]\n"
		"	eor	%w[tmp], %w[status], %w[old], lsr #16\n"
		"	cbnz	%w[tmp], 2b\n"
		"3:\n"
		: [old] "=&r"(old), [tmp] "=&r"(tmp), [status] "=&r"(status)
		: [lock] "r"(&l->word)
		: "memory");
}

static inline void ticket_unlock(ticket_lock_t *l)
{
	uint32_t owner;
	__asm__ volatile(
		"	ldrh	%w[owner], [%[lock]]\n"
		"	add	%w[owner], %w[owner], #1\n"
		"	stlrh	%w[owner], [%[lock]]\n"
		: [owner] "=&r"(owner)
		: [lock] "r"(&l->word)
		: "memory");
}

/*
 * ---- parameters from the semihosting command line (SYS_GET_CMDLINE, 0x15): QEMU returns the
 * kernel's name and its -append text, qvm its config's cmdline. "name=N" anywhere sets a count.
 */
static char smp_cmdline[256];

static inline uint32_t smp_param(const char *name, uint32_t fallback)
{
	if (smp_cmdline[0] == 0) {
		uint64_t block[2] = { (uint64_t)smp_cmdline, sizeof smp_cmdline - 1 };
		if (semihosting_call(0x15, (uint64_t)block) != 0)
			smp_cmdline[0] = ' ';
	}
	for (const char *p = smp_cmdline; *p; p++) {
		if ((p != smp_cmdline && p[-1] != ' ') || !str_starts(p, name))
			continue;
		const char *v = p + strlen(name);
		if (*v != '=' || v[1] < '0' || v[1] > '9')
			continue;
		uint32_t n = 0;
		for (v++; *v >= '0' && *v <= '9'; v++)
			n = n * 10 + (uint32_t)(*v - '0');
		return n;
	}
	return fallback;
}

/* ---- secondary start-up ---- */
static uint8_t smp_stacks[MAX_CPUS][1UL << SMP_STACK_SHIFT] __attribute__((used, aligned(16)));

/* The guest's code for secondary vCPU `index`, started with context id `ctx`. */
static void secondary_main(int index, uint64_t ctx);

void smp_secondary_c(uint64_t ctx);
void smp_secondary_c(uint64_t ctx)
{
	smp_mmu_on();
	secondary_main((int)(ctx & 0xff), ctx);
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	uart_puts("CPU_OFF returned\n");
	semihosting_exit(120);
}

/*
 * CPU_ON's entry point: x0 holds the context id (DEN 0022 6.4.3), MMU off, at the caller's EL.
 * Every secondary gets the stack at smp_stacks[index + 1]'s start (the top of its own slot).
 */
__asm__(
	"	.pushsection .text\n"
	"	.global smp_secondary_entry\n"
	"	.type smp_secondary_entry, %function\n"
	"smp_secondary_entry:\n"
	"	and	x9, x0, #0xff\n"
	"	add	x9, x9, #1\n"
	"	lsl	x9, x9, #" "13" "\n"
	"	adrp	x10, smp_stacks\n"
	"	add	x10, x10, :lo12:smp_stacks\n"
	"	add	x9, x10, x9\n"
	"	mov	sp, x9\n"
	"	adrp	x9, vectors\n"
	"	add	x9, x9, :lo12:vectors\n"
	"	msr	vbar_el1, x9\n"
	"	isb\n"
	"	bl	smp_secondary_c\n"
	"1:	wfi\n"
	"	b	1b\n"
	"	.size smp_secondary_entry, . - smp_secondary_entry\n"
	"	.popsection\n");

extern char smp_secondary_entry[];

/* PSCI CPU_ON of vCPU `index` at smp_secondary_entry with context id `ctx` (low byte = index). */
static inline long smp_cpu_on(int index, uint64_t ctx)
{
	return psci_call(PSCI_CPU_ON, smp_mpidr[index], (uint64_t)smp_secondary_entry, ctx);
}

/*
 * Without a device tree (QEMU's bare-metal ELF boot passes none: x0 is 0 and RAM holds no
 * blob), the vCPUs are found as an OS without firmware tables would: PSCI AFFINITY_INFO over the
 * affinities QEMU's virt board gives its vCPUs with a GICv3 (Aff1 = n / 16, Aff0 = n % 16) until
 * one is INVALID_PARAMETERS. The conduit is then HVC, virt's choice when it emulates no EL2/EL3.
 */
static inline int smp_probe_psci(void)
{
	smp_use_smc = 0;
	smp_ncpus = 0;
	for (int n = 0; n < MAX_CPUS; n++) {
		uint64_t mpidr = ((uint64_t)(n / 16) << 8) | (uint64_t)(n % 16);
		long state = psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
		if (state != AFF_ON && state != AFF_OFF && state != 2)
			break;
		smp_mpidr[smp_ncpus++] = mpidr;
	}
	return smp_ncpus;
}

/* vCPU 0: find the vCPUs, build the tables, turn the MMU on; returns the vCPU count (0: none). */
static inline int smp_init(uint64_t dtb)
{
	if (smp_read_fdt(dtb) == 0 && smp_probe_psci() == 0) {
		uart_puts("no vCPUs found (no device tree, PSCI AFFINITY_INFO fails)\n");
		return 0;
	}
	smp_build_tables();
	smp_mmu_on();
	/* What a secondary reads with its MMU off: the tables and the tree's results. */
	smp_clean_to_poc(smp_l1, sizeof smp_l1);
	smp_clean_to_poc(smp_l2, sizeof smp_l2);
	smp_clean_to_poc(&smp_use_smc, sizeof smp_use_smc);
	return smp_ncpus;
}

/* Waits (WFE) until *p == want; a store-release by the writer, or SEV, wakes the waiter. */
static inline void wait_eq(volatile uint32_t *p, uint32_t want)
{
	uint32_t v;
	for (;;) {
		__asm__ volatile("ldaxr %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
		if (v == want)
			return;
		__asm__ volatile("wfe" ::: "memory");
	}
}

static inline void store_release(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("stlr %w1, [%0]" ::"r"(p), "r"(v) : "memory");
}

static inline uint32_t load_acquire(volatile uint32_t *p)
{
	uint32_t v;
	__asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
	return v;
}

#endif
