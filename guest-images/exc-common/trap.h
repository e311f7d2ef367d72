/*
 * Shared by the exc-*, mmu-* and random-* guests (header only, included once per guest):
 * a recording EL1 vector table, system-register helpers and a stage-1 table builder.
 *
 * Every exception taken to EL1 saves x0-x30, ELR_EL1 and SPSR_EL1 in a frame on SP_EL1 and
 * calls trap_entry(), which records ESR/ELR/FAR/SPSR and the vector index in `trap` and decides
 * where to resume:
 *   - trap.resume != 0: at that address (then cleared);
 *   - an SVC (EC 0x15): at ELR, which already is the next instruction (ARM ARM D1.10.4);
 *   - anything else: at ELR + 4, skipping the instruction that trapped.
 * A guest may install trap.hook to see the frame first (an EL0 "kernel" uses it for its system
 * calls); the hook returns 1 if it set frame->elr itself.
 */
#ifndef QVM_TRAP_H
#define QVM_TRAP_H

#include "../common/runtime.h"

struct trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

struct trap_record {
	uint64_t count;
	uint64_t vector;
	uint64_t esr;
	uint64_t elr;
	uint64_t far;
	uint64_t spsr;
	uint64_t resume;
	int (*hook)(struct trap_frame *f, uint64_t vector, uint64_t esr);
};

volatile struct trap_record trap;

#define STR_(x) #x
#define STR(x) STR_(x)

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " STR(r) : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " STR(r) ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb() __asm__ volatile("dsb sy" : : : "memory")

/* The ESR_EL1 fields (ARM ARM D17.2.37). */
#define ESR_EC(e)  (((e) >> 26) & 0x3f)
#define ESR_ISS(e) ((e) & 0x1ffffff)

void trap_entry(struct trap_frame *f, uint64_t vector);

void trap_entry(struct trap_frame *f, uint64_t vector)
{
	uint64_t esr = read_sysreg(esr_el1);

	trap.count++;
	trap.vector = vector;
	trap.esr = esr;
	trap.elr = f->elr;
	trap.far = read_sysreg(far_el1);
	trap.spsr = f->spsr;
	/* An illegal-state exception leaves SPSR.IL set (D1.11.4): return with it clear. */
	if (ESR_EC(esr) == 0x0e)
		f->spsr &= ~(1UL << 20);
	if (trap.hook && trap.hook(f, vector, esr))
		return;
	if (trap.resume) {
		f->elr = trap.resume;
		trap.resume = 0;
	} else if (ESR_EC(esr) != 0x15) {
		f->elr += 4;
	}
}

/*
 * The vector table (ARM ARM D1.10.2): 16 entries of 0x80 bytes, 2 KiB aligned. Each entry makes
 * room for the frame, saves x0/x1 and jumps to the common code with its index in x1.
 */
__asm__(
	".section .text.trapvec, \"ax\"\n"
	".balign 2048\n"
	".global trap_vectors\n"
	"trap_vectors:\n"
	".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	"sub sp, sp, #272\n"
	"stp x0, x1, [sp, #0]\n"
	"mov x1, #\\i\n"
	"b trap_common\n"
	".endr\n"
	"trap_common:\n"
	"stp x2, x3, [sp, #16]\n"
	"stp x4, x5, [sp, #32]\n"
	"stp x6, x7, [sp, #48]\n"
	"stp x8, x9, [sp, #64]\n"
	"stp x10, x11, [sp, #80]\n"
	"stp x12, x13, [sp, #96]\n"
	"stp x14, x15, [sp, #112]\n"
	"stp x16, x17, [sp, #128]\n"
	"stp x18, x19, [sp, #144]\n"
	"stp x20, x21, [sp, #160]\n"
	"stp x22, x23, [sp, #176]\n"
	"stp x24, x25, [sp, #192]\n"
	"stp x26, x27, [sp, #208]\n"
	"stp x28, x29, [sp, #224]\n"
	"mrs x2, elr_el1\n"
	"stp x30, x2, [sp, #240]\n"
	"mrs x2, spsr_el1\n"
	"str x2, [sp, #256]\n"
	"mov x0, sp\n"
	"bl trap_entry\n"
	"ldp x30, x2, [sp, #240]\n"
	"msr elr_el1, x2\n"
	"ldr x2, [sp, #256]\n"
	"msr spsr_el1, x2\n"
	"ldp x0, x1, [sp, #0]\n"
	"ldp x2, x3, [sp, #16]\n"
	"ldp x4, x5, [sp, #32]\n"
	"ldp x6, x7, [sp, #48]\n"
	"ldp x8, x9, [sp, #64]\n"
	"ldp x10, x11, [sp, #80]\n"
	"ldp x12, x13, [sp, #96]\n"
	"ldp x14, x15, [sp, #112]\n"
	"ldp x16, x17, [sp, #128]\n"
	"ldp x18, x19, [sp, #144]\n"
	"ldp x20, x21, [sp, #160]\n"
	"ldp x22, x23, [sp, #176]\n"
	"ldp x24, x25, [sp, #192]\n"
	"ldp x26, x27, [sp, #208]\n"
	"ldp x28, x29, [sp, #224]\n"
	"add sp, sp, #272\n"
	"eret\n"
	".text\n");

extern char trap_vectors[];

/*
 * run_el0(entry, sp, arg): enters `entry` at EL0t (SPSR_EL1 = `spsr`, normally 0) with SP_EL0 =
 * `sp` and x0 = `arg`; returns the x0 of the EL0 program's `svc #0xE0` (its exit call), or of
 * whatever trap handler sets trap.el0_exit. The callee-saved registers live on SP_EL1 meanwhile.
 */
uint64_t run_el0(uint64_t entry, uint64_t sp, uint64_t arg, uint64_t spsr);
uint64_t el0_saved_sp;
extern char el0_return[];
__asm__(
	".text\n"
	".global run_el0\n"
	"run_el0:\n"
	"stp x29, x30, [sp, #-96]!\n"
	"stp x19, x20, [sp, #16]\n"
	"stp x21, x22, [sp, #32]\n"
	"stp x23, x24, [sp, #48]\n"
	"stp x25, x26, [sp, #64]\n"
	"stp x27, x28, [sp, #80]\n"
	"adrp x9, el0_saved_sp\n"
	"mov x10, sp\n"
	"str x10, [x9, :lo12:el0_saved_sp]\n"
	"msr elr_el1, x0\n"
	"msr sp_el0, x1\n"
	"msr spsr_el1, x3\n"
	"mov x0, x2\n"
	"eret\n"
	".global el0_return\n"
	"el0_return:\n"
	"adrp x9, el0_saved_sp\n"
	"ldr x10, [x9, :lo12:el0_saved_sp]\n"
	"mov sp, x10\n"
	"ldp x19, x20, [sp, #16]\n"
	"ldp x21, x22, [sp, #32]\n"
	"ldp x23, x24, [sp, #48]\n"
	"ldp x25, x26, [sp, #64]\n"
	"ldp x27, x28, [sp, #80]\n"
	"ldp x29, x30, [sp], #96\n"
	"ret\n");

/* Makes the trapped context resume in run_el0's caller at EL1h, returning `value`. */
static inline void el0_exit(struct trap_frame *f, uint64_t value)
{
	f->x[0] = value;
	f->elr = (uint64_t)el0_return;
	f->spsr = 0x3c5; /* EL1h, DAIF masked */
}

static inline void trap_install(void)
{
	write_sysreg(vbar_el1, (uint64_t)trap_vectors);
	isb();
}

/* ---- reporting ---- */

static int failures __attribute__((unused));

static inline void put_hex(const char *name, uint64_t v)
{
	uart_puts(name);
	uart_puts("=");
	uart_put_hex(v, 16);
	uart_puts(" ");
}

/* Prints "<what>: ok" or "<what>: FAIL got X want Y" and counts failures. */
static inline void check(const char *what, uint64_t got, uint64_t want)
{
	uart_puts(what);
	if (got == want) {
		uart_puts(": ok\n");
		return;
	}
	failures++;
	uart_puts(": FAIL got ");
	uart_put_hex(got, 16);
	uart_puts(" want ");
	uart_put_hex(want, 16);
	uart_puts("\n");
}

/* Prints the last trap in one line: vector, ESR, ELR relative to `base`, FAR, SPSR. */
static inline void show_trap(const char *what, uint64_t base)
{
	uart_puts(what);
	uart_puts(": n=");
	uart_put_dec((int64_t)trap.count);
	uart_puts(" vec=");
	uart_put_dec((int64_t)trap.vector);
	uart_puts(" ");
	put_hex("ESR", trap.esr);
	put_hex("ELR-base", trap.elr - base);
	put_hex("FAR", trap.far);
	put_hex("SPSR", trap.spsr);
	uart_puts("\n");
}

static inline void trap_reset(void)
{
	trap.count = 0;
	trap.vector = trap.esr = trap.elr = trap.far = trap.spsr = ~0UL;
}

/* ---- stage-1 translation tables (ARM ARM D8.3) ---- */

#define MAIR_VALUE   0x000000000044FF00UL /* Attr0 Device-nGnRnE, Attr1 Normal WB, Attr2 Normal NC */
#define ATTR_DEVICE  (0UL << 2)
#define ATTR_NORMAL  (1UL << 2)
#define PTE_VALID    1UL
#define PTE_TABLE    3UL   /* table (levels 0-2) or page (level 3) */
#define PTE_BLOCK    1UL
#define PTE_AP_EL0   (1UL << 6)
#define PTE_AP_RO    (1UL << 7)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF       (1UL << 10)
#define PTE_NG       (1UL << 11)
#define PTE_PXN      (1UL << 53)
#define PTE_UXN      (1UL << 54)

/* Ordinary memory: normal, inner shareable, accessed. */
#define MEM_RWX   (ATTR_NORMAL | PTE_SH_INNER | PTE_AF)
#define MEM_DEV   (ATTR_DEVICE | PTE_AF | PTE_PXN | PTE_UXN)

/* Tables come from a pool of RAM beyond the image (zeroed here, so no .bss is needed). */
#define TABLE_POOL     0x40200000UL
#define TABLE_POOL_END 0x40600000UL

struct mmu_geom {
	int shift;       /* granule: 12, 14 or 16 */
	int va_bits;     /* 64 - TnSZ */
	int start_level; /* the level of the first lookup */
};

static uint64_t table_next = TABLE_POOL;

static inline uint64_t *table_alloc(int shift)
{
	uint64_t size = 1UL << shift;
	uint64_t at = (table_next + size - 1) & ~(size - 1);
	uint64_t *t = (uint64_t *)at;

	table_next = at + size;
	if (table_next > TABLE_POOL_END) {
		uart_puts("table pool exhausted\n");
		semihosting_exit(126);
	}
	for (uint64_t i = 0; i < size / 8; i++)
		t[i] = 0;
	return t;
}

static inline struct mmu_geom geom(int shift, int va_bits)
{
	struct mmu_geom g;
	int stride = shift - 3;
	int levels = (va_bits - shift + stride - 1) / stride;

	g.shift = shift;
	g.va_bits = va_bits;
	g.start_level = 4 - levels;
	return g;
}

static inline int level_shift(struct mmu_geom g, int level)
{
	return g.shift + (g.shift - 3) * (3 - level);
}

/* The lowest level at which a block may map for this granule (D8.3, no FEAT_LPA). */
static inline int first_block_level(struct mmu_geom g)
{
	return g.shift == 12 ? 1 : 2;
}

/*
 * Maps [va, va+size) to pa with the leaf attributes `attrs`, using blocks where alignment and
 * the granule allow and pages elsewhere. `table_attrs` are ORed into new table descriptors
 * (APTable, UXNTable, PXNTable).
 */
static inline void map_range_t(uint64_t *root, struct mmu_geom g, uint64_t va, uint64_t pa, uint64_t size,
			uint64_t attrs, uint64_t table_attrs)
{
	uint64_t mask = g.va_bits >= 64 ? ~0UL : (1UL << g.va_bits) - 1;

	while (size > 0) {
		uint64_t *t = root;
		for (int level = g.start_level;; level++) {
			int s = level_shift(g, level);
			uint64_t idx = ((va & mask) >> s) & ((level == g.start_level)
				? ((1UL << (g.va_bits - s)) - 1) : ((1UL << (g.shift - 3)) - 1));
			uint64_t span = 1UL << s;
			int can_block = level >= first_block_level(g) && level < 3 &&
				(va & (span - 1)) == 0 && (pa & (span - 1)) == 0 && size >= span;
			if (level == 3 || can_block) {
				t[idx] = (pa & ~(span - 1)) | attrs | (level == 3 ? PTE_TABLE : PTE_BLOCK);
				va += span;
				pa += span;
				size -= span;
				break;
			}
			if ((t[idx] & 3) != 3) {
				uint64_t *n = table_alloc(g.shift);
				t[idx] = (uint64_t)n | PTE_TABLE | table_attrs;
			}
			t = (uint64_t *)(t[idx] & 0x0000fffffffff000UL & ~((1UL << g.shift) - 1));
		}
	}
}

static inline void map_range(uint64_t *root, struct mmu_geom g, uint64_t va, uint64_t pa, uint64_t size,
		      uint64_t attrs)
{
	map_range_t(root, g, va, pa, size, attrs, 0);
}

/* Returns a pointer to the leaf descriptor mapping va (which must be mapped). */
static inline uint64_t *leaf_entry(uint64_t *root, struct mmu_geom g, uint64_t va)
{
	uint64_t mask = g.va_bits >= 64 ? ~0UL : (1UL << g.va_bits) - 1;
	uint64_t *t = root;

	for (int level = g.start_level;; level++) {
		int s = level_shift(g, level);
		uint64_t idx = ((va & mask) >> s) & ((level == g.start_level)
			? ((1UL << (g.va_bits - s)) - 1) : ((1UL << (g.shift - 3)) - 1));
		if (level == 3 || (t[idx] & 3) == 1)
			return &t[idx];
		t = (uint64_t *)(t[idx] & 0x0000fffffffff000UL & ~((1UL << g.shift) - 1));
	}
}

/* The identity map every MMU guest starts from: devices below 1 GiB, the first 1 GiB of RAM. */
static inline void map_identity(uint64_t *root, struct mmu_geom g)
{
	map_range(root, g, 0x08000000UL, 0x08000000UL, 0x02000000UL, MEM_DEV);
	map_range(root, g, 0x40000000UL, 0x40000000UL, 0x04000000UL, MEM_RWX);
}

/* TCR_EL1.TG0 and TG1 encodings (D17.2.131). */
static inline uint64_t tg0_bits(int shift)
{
	return shift == 12 ? 0UL : shift == 16 ? 1UL : 2UL;
}

static inline uint64_t tg1_bits(int shift)
{
	return shift == 12 ? 2UL : shift == 16 ? 3UL : 1UL;
}

static inline void tlbi_all(void)
{
	__asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb ish\n isb" : : : "memory");
}

/* Loads MAIR/TCR/TTBRs and sets SCTLR_EL1.M (with C and I). */
static inline void mmu_on(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, ttbr0);
	write_sysreg(ttbr1_el1, ttbr1);
	dsb();
	isb();
	tlbi_all();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1UL | (1UL << 2) | (1UL << 12));
	isb();
}

static inline void mmu_off(void)
{
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~1UL);
	isb();
	tlbi_all();
}

/* TCR for TTBR0 only (EPD1 = 1): granule, size, IPS = 40 bits, inner-shareable write-back walks. */
static inline uint64_t tcr_ttbr0(struct mmu_geom g)
{
	return (uint64_t)(64 - g.va_bits) | (1UL << 8) | (1UL << 10) | (3UL << 12) |
	       (tg0_bits(g.shift) << 14) | (1UL << 23) | (2UL << 32);
}

#endif
