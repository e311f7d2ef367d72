/*
 * bench-tlb: translation misses with the MMU on. An identity map (4 KiB granule, 39-bit VA,
 * TTBR0_EL1; ARM ARM D8.2) maps 64 MiB of RAM with level-3 pages (16 Ki pages, 32 level-3
 * tables) and everything else with 2 MiB and 1 GiB blocks. Each pass touches every page of
 * the 64 MiB once, in a scattered order (an odd stride modulo the page count), with a load and
 * a store, then invalidates the whole stage-1 TLB (TLBI VMALLE1), so every touch needs a table
 * walk however large the emulator's TLB is. One unit is one page touch.
 */
#include "../common/bench.h"

#define REGION      BENCH_HEAP
#define REGION_SIZE (64UL << 20)
#define PAGES       (REGION_SIZE >> 12)
#define PASSES      40UL
#define EXPECTED  0x9152CF3CF6050000UL

/* Descriptor bits (D8.3): valid+table/page, AttrIndx[4:2], SH[9:8], AF (bit 10), PXN/UXN. */
#define DESC_TABLE  3UL
#define DESC_PAGE   3UL
#define DESC_BLOCK  1UL
#define ATTR_DEVICE (0UL << 2)
#define ATTR_NORMAL (1UL << 2)
#define SH_INNER    (3UL << 8)
#define AF          (1UL << 10)
#define XN          (3UL << 53)

#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })

static void map(void)
{
	uint64_t *l1 = (uint64_t *)BENCH_TABLES;
	uint64_t *l2 = (uint64_t *)(BENCH_TABLES + 0x1000);
	uint64_t *l3 = (uint64_t *)(BENCH_TABLES + 0x2000);

	for (int i = 0; i < 512; i++)
		l1[i] = l2[i] = 0;
	/* 0-1 GiB: devices (pl011, GIC), Device-nGnRnE, never executable. */
	l1[0] = 0 | DESC_BLOCK | ATTR_DEVICE | AF | XN;
	/* 1-2 GiB: RAM through a level-2 table. */
	l1[1] = (uint64_t)l2 | DESC_TABLE;
	for (uint64_t i = 0; i < BENCH_RAM_SIZE >> 21; i++) {
		uint64_t pa = BENCH_RAM_BASE + (i << 21);

		if (pa >= REGION && pa < REGION + REGION_SIZE) {
			uint64_t *t = l3 + ((pa - REGION) >> 21) * 512;

			for (uint64_t k = 0; k < 512; k++)
				t[k] = (pa + (k << 12)) | DESC_PAGE | ATTR_NORMAL | SH_INNER | AF;
			l2[i] = (uint64_t)t | DESC_TABLE;
		} else {
			l2[i] = pa | DESC_BLOCK | ATTR_NORMAL | SH_INNER | AF;
		}
	}
}

static void mmu_on(void)
{
	/* MAIR_EL1 (D17.2.97): Attr0 Device-nGnRnE, Attr1 Normal write-back. */
	write_sysreg(mair_el1, 0xFF00UL);
	/* TCR_EL1 (D17.2.131): T0SZ 25, IRGN0/ORGN0 write-back, SH0 inner, TG0 4K, EPD1, IPS 40 bits. */
	write_sysreg(tcr_el1, 25UL | 1UL << 8 | 1UL << 10 | 3UL << 12 | 1UL << 23 | 2UL << 32);
	write_sysreg(ttbr0_el1, BENCH_TABLES);
	__asm__ volatile("dsb sy\n\ttlbi vmalle1\n\tdsb sy\n\tisb" : : : "memory");
	/* SCTLR_EL1: M, C and I on. */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1UL | 1UL << 2 | 1UL << 12);
	__asm__ volatile("isb" : : : "memory");
}

static void mmu_off(void)
{
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(1UL | 1UL << 2 | 1UL << 12));
	__asm__ volatile("isb" : : : "memory");
}

static uint64_t work(void)
{
	uint64_t sum = 0;

	map();
	mmu_on();
	for (uint64_t pass = 0; pass < PASSES; pass++) {
		uint64_t page = pass;

		for (uint64_t i = 0; i < PAGES; i++) {
			volatile uint64_t *w = (volatile uint64_t *)(REGION + (page << 12) + ((i & 63) << 6));

			sum = sum * 31 + *w + i;
			*w = sum;
			page = (page + 4099) & (PAGES - 1);
		}
		__asm__ volatile("dsb sy\n\ttlbi vmalle1\n\tdsb sy\n\tisb" : : : "memory");
	}
	mmu_off();
	return sum;
}

int main(void)
{
	return bench_run("tlb", PASSES * PAGES, "page-touches", work, EXPECTED);
}
