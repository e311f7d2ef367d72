/*
 * mmu-basic: the stage-1 MMU of the EL1&0 regime (ARM ARM D8). Turns the MMU on with an identity
 * map in several geometries (4K granule with 39- and 48-bit VAs, 16K, 64K), reads through a test
 * mapping, and takes translation faults (DFSC with the level, WnR, FAR); runs code through a
 * TTBR1 high-half alias; takes permission faults (read-only store, EL0 access to a kernel page,
 * UXN and PXN instruction aborts) and access-flag faults; translates with AT S1E1R/W and S1E0R
 * into PAR_EL1; zeroes a block with DC ZVA; and switches between two ASIDs that map one VA to
 * different pages, checking that TLBI by ASID and by VA makes a changed mapping visible (also
 * with TCR_EL1.A1 and 16-bit ASIDs). Everything printed is architecturally defined, so qvm must
 * print exactly what QEMU prints. Exit status: the number of failed checks.
 */
#include "../exc-common/trap.h"

#define TEST_VA   0x50000000UL
#define PAGE_A    0x41800000UL /* test pages, 64 KiB apart so every granule can map them */
#define PAGE_B    0x41810000UL
#define PAGE_C    0x41820000UL
#define USER_CODE 0x41830000UL
#define USER_VA   0x60000000UL
#define KVA_BASE  0xffff000040000000UL

static uint64_t user_stack[256] __attribute__((aligned(4096)));

static void reset_pool(void)
{
	table_next = TABLE_POOL;
}

static uint64_t rd(uint64_t va)
{
	return *(volatile uint64_t *)va;
}

/* A load/store that may fault: the handler skips it; returns the loaded value or ~0. */
static uint64_t try_load(uint64_t va)
{
	uint64_t v = ~0UL;

	trap_reset();
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return v;
}

static void try_store(uint64_t va, uint64_t v)
{
	trap_reset();
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(va) : "memory");
}

static void show(const char *what)
{
	uart_puts(what);
	uart_puts(": n=");
	uart_put_dec((int64_t)trap.count);
	uart_puts(" ");
	put_hex("ESR", trap.esr);
	put_hex("FAR", trap.far);
	uart_puts("\n");
}

/*
 * Builds tables for granule `shift` and VA size, but programs TCR_EL1.TG0 for `tcr_shift`: the
 * 16K rows use 4K tables with TG0 = 16K, because the Cortex-A57 has no 16K granule
 * (ID_AA64MMFR0_EL1.TGran16 = 0) and QEMU, like qvm, then walks with 4K.
 */
static void geometry(const char *name, int shift, int va_bits, int tcr_shift)
{
	struct mmu_geom g = geom(shift, va_bits);
	uint64_t *root;
	uint64_t gran = 1UL << shift;

	reset_pool();
	root = table_alloc(shift);
	map_identity(root, g);
	map_range(root, g, TEST_VA, PAGE_A, gran, MEM_RWX | PTE_UXN | PTE_PXN);
	mmu_on((tcr_ttbr0(g) & ~(3UL << 14)) | (tg0_bits(tcr_shift) << 14), (uint64_t)root, 0);
	uart_puts(name);
	uart_puts(": start level ");
	uart_put_dec(g.start_level);
	uart_puts("\n");
	check("read through the test mapping", try_load(TEST_VA + 8), 0xA000000000000001UL);
	try_load(TEST_VA + 4 * gran + 0x10);
	show("  unmapped load");
	check("  translation fault, level 3 (DFSC 0x07)", trap.esr, 0x96000007);
	check("  FAR = the VA", trap.far, TEST_VA + 4 * gran + 0x10);
	try_store(TEST_VA + 0x4000000 + 0x28, 1);
	show("  unmapped store, 64 MiB away");
	try_load(0x7000000000UL & ((1UL << va_bits) - 1));
	show("  load beyond the top-level table's populated entries");
	try_load(1UL << va_bits);
	show("  load above the TTBR0 range");
	check("  address beyond the range: level-0 translation fault", trap.esr & 0x3f,
	      0x04);
	mmu_off();
}

/* Runs at its high-half alias: returns where it thinks it is (ADR). */
static uint64_t __attribute__((noinline)) where_am_i(void)
{
	uint64_t pc;

	__asm__ volatile("adr %0, ." : "=r"(pc));
	return pc;
}

static void high_half(void)
{
	struct mmu_geom g0 = geom(12, 48), g1 = geom(12, 48);
	uint64_t *root0, *root1;
	uint64_t tcr;

	reset_pool();
	root0 = table_alloc(12);
	root1 = table_alloc(12);
	map_identity(root0, g0);
	/* TTBR1 covers 0xffff000000000000 up: index by the low 48 bits. */
	map_range(root1, g1, KVA_BASE, 0x40000000UL, 0x04000000UL, MEM_RWX);
	tcr = (uint64_t)16 | (1UL << 8) | (1UL << 10) | (3UL << 12) | (0UL << 14) |
	      (16UL << 16) | (1UL << 24) | (1UL << 26) | (3UL << 28) | (2UL << 30) | (2UL << 32);
	mmu_on(tcr, (uint64_t)root0, (uint64_t)root1);
	uart_puts("ttbr1: kernel alias at 0xffff000040000000\n");
	check("marker through the TTBR1 alias", rd(KVA_BASE + (PAGE_B - 0x40000000UL) + 16), 0xB000000000000002UL);
	uint64_t (*fn)(void) = (uint64_t (*)(void))((uint64_t)where_am_i - 0x40000000UL + KVA_BASE);
	uint64_t pc = fn();
	check("code runs at the high alias", pc >> 32, 0xffff0000UL);
	try_load(0xffff800000000000UL);
	show("  unmapped high VA");
	try_load(0xff00000000000000UL);
	show("  VA with bits [63:48] not all ones");
	mmu_off();
}

/* The EL0 side of the permission tests: probes what the kernel chose, then exits. */
static uint64_t el0_abort_esr, el0_abort_far;

static int mmu_hook(struct trap_frame *f, uint64_t vector, uint64_t esr)
{
	if (vector == 8 && ESR_EC(esr) == 0x24) {
		el0_abort_esr = esr;
		el0_abort_far = read_sysreg(far_el1);
	}
	if (vector == 8 && ESR_EC(esr) == 0x15 && ESR_ISS(esr) == 0xE0) {
		el0_exit(f, f->x[0]);
		return 1;
	}
	if (vector == 8 && ESR_EC(esr) == 0x20) {
		el0_exit(f, 0xdead); /* EL0 could not fetch: leave EL0 */
		return 1;
	}
	return 0;
}

static void permissions(void)
{
	struct mmu_geom g = geom(12, 39);
	uint64_t *root;
	volatile uint32_t *ucode = (volatile uint32_t *)USER_CODE;

	reset_pool();
	root = table_alloc(12);
	map_identity(root, g);
	map_range(root, g, TEST_VA, PAGE_A, 0x1000, MEM_RWX | PTE_AP_RO | PTE_UXN | PTE_PXN);
	map_range(root, g, TEST_VA + 0x1000, PAGE_B, 0x1000, (MEM_RWX & ~PTE_AF) | PTE_UXN | PTE_PXN);
	map_range(root, g, TEST_VA + 0x2000, PAGE_C, 0x1000, MEM_RWX | PTE_UXN | PTE_PXN); /* kernel only */
	map_range(root, g, USER_VA, USER_CODE, 0x1000, MEM_RWX | PTE_AP_RO | PTE_AP_EL0 | PTE_PXN);
	map_range(root, g, USER_VA + 0x1000, USER_CODE, 0x1000, MEM_RWX | PTE_AP_RO | PTE_AP_EL0 | PTE_UXN);
	map_range(root, g, USER_VA + 0x2000, (uint64_t)user_stack & ~0xfffUL, 0x1000,
		  MEM_RWX | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
	/* EL0 program: ldr x1, [x0]; svc #0xE0 (exit with x0) */
	ucode[0] = 0xf9400001;
	ucode[1] = 0xd4001c01;
	mmu_on(tcr_ttbr0(g), (uint64_t)root, 0);
	uart_puts("permissions\n");

	check("read of a read-only page", try_load(TEST_VA + 8), 0xA000000000000001UL);
	try_store(TEST_VA + 0x10, 5);
	show("  store to a read-only page");
	check("  permission fault level 3, WnR (0x9600004F)", trap.esr, 0x9600004f);
	try_load(TEST_VA + 0x1008);
	show("  load from an AF=0 page");
	check("  access flag fault level 3 (0x9600000B)", trap.esr, 0x9600000b);
	try_store(TEST_VA + 0x1008, 5);
	show("  store to an AF=0 page");

	/* EL0 reads a kernel-only page: a permission fault from a lower EL (EC 0x24). */
	uint64_t sp = USER_VA + 0x2000 + (((uint64_t)&user_stack[256]) & 0xfffUL);
	trap_reset();
	trap.hook = mmu_hook;
	uint64_t r = run_el0(USER_VA, sp, TEST_VA + 0x2000, 0x3c0);
	put_hex("  EL0 load from a kernel page: ESR", el0_abort_esr);
	put_hex("FAR", el0_abort_far);
	uart_puts("\n");
	check("  EL0 permission fault (0x9200000F)", el0_abort_esr, 0x9200000f);
	check("  EL0 program then exited", r, TEST_VA + 0x2000);
	/* The same EL0 program reading its own page succeeds. */
	trap_reset();
	r = run_el0(USER_VA, sp, USER_VA, 0x3c0);
	check("EL0 load from its own page exits with x0 = the address", r, USER_VA);
	check("  no trap", trap.count, 1); /* the exit SVC itself */
	/* UXN: EL0 cannot fetch from USER_VA + 0x1000. */
	trap_reset();
	r = run_el0(USER_VA + 0x1000, sp, 0, 0x3c0);
	show("  EL0 fetch from a UXN page");
	check("  instruction abort, permission level 3 (0x8200000F)", trap.esr, 0x8200000f);
	check("  FAR = the fetch address", trap.far, USER_VA + 0x1000);
	/* PXN: EL1 cannot fetch from USER_VA. */
	trap_reset();
	__asm__ volatile(
		"adr x9, 1f\n"
		"adrp x10, trap\n"
		"add x10, x10, :lo12:trap\n"
		"str x9, [x10, #48]\n"
		"blr %0\n"
		"1:\n"
		: : "r"(USER_VA) : "x9", "x10", "x30", "memory");
	show("  EL1 fetch from a PXN page");
	check("  instruction abort, permission level 3 (0x8600000F)", trap.esr, 0x8600000f);
	trap.hook = 0;

	/* AT: PAR_EL1 for a mapped page, a write to a read-only page, an unmapped VA, EL0 on kernel. */
	__asm__ volatile("at s1e1r, %0\n isb" : : "r"(TEST_VA + 0x2123));
	put_hex("AT S1E1R kernel page PAR", read_sysreg(par_el1));
	__asm__ volatile("at s1e1w, %0\n isb" : : "r"(TEST_VA + 0x123));
	put_hex("\nAT S1E1W read-only page PAR", read_sysreg(par_el1));
	__asm__ volatile("at s1e1r, %0\n isb" : : "r"(TEST_VA + 0x9000));
	put_hex("\nAT S1E1R unmapped PAR", read_sysreg(par_el1));
	__asm__ volatile("at s1e0r, %0\n isb" : : "r"(TEST_VA + 0x2000));
	put_hex("\nAT S1E0R kernel page PAR", read_sysreg(par_el1));
	__asm__ volatile("at s1e0r, %0\n isb" : : "r"(USER_VA));
	put_hex("\nAT S1E0R user page PAR", read_sysreg(par_el1));
	__asm__ volatile("at s1e1r, %0\n isb" : : "r"(0x09000000UL));
	put_hex("\nAT S1E1R device page PAR", read_sysreg(par_el1));
	uart_puts("\n");
	check("AT S1E1R kernel page: PA", read_sysreg(par_el1) & 1, 0);
	mmu_off();
}

static void dc_zva(void)
{
	static uint8_t buf[256] __attribute__((aligned(64)));
	uint64_t dczid = read_sysreg(dczid_el0);
	int bytes = 4 << (dczid & 15);
	int zeroed = 0;

	put_hex("DCZID_EL0", dczid);
	uart_puts("\n");
	for (int i = 0; i < 256; i++)
		buf[i] = 0xff;
	__asm__ volatile("dc zva, %0" : : "r"(&buf[64 + 17]) : "memory");
	for (int i = 0; i < 256; i++)
		zeroed += buf[i] == 0;
	check("DC ZVA zeroes one aligned block", (uint64_t)zeroed, (uint64_t)bytes);
	check("  starting at the aligned address", buf[64], 0);
	check("  and nothing before it", buf[63], 0xff);
}

static void asids(void)
{
	struct mmu_geom g = geom(12, 39);
	uint64_t *r1, *r2, *leaf1;

	reset_pool();
	r1 = table_alloc(12);
	r2 = table_alloc(12);
	map_identity(r1, g);
	map_identity(r2, g);
	map_range(r1, g, TEST_VA, PAGE_A, 0x1000, MEM_RWX | PTE_NG | PTE_UXN | PTE_PXN);
	map_range(r2, g, TEST_VA, PAGE_B, 0x1000, MEM_RWX | PTE_NG | PTE_UXN | PTE_PXN);
	leaf1 = leaf_entry(r1, g, TEST_VA);
	mmu_on(tcr_ttbr0(g), (uint64_t)r1 | (1UL << 48), 0);
	uart_puts("asids\n");
	check("ASID 1 sees page A", rd(TEST_VA), 0xA000000000000000UL);
	write_sysreg(ttbr0_el1, (uint64_t)r2 | (2UL << 48));
	isb();
	check("ASID 2 sees page B", rd(TEST_VA), 0xB000000000000000UL);
	write_sysreg(ttbr0_el1, (uint64_t)r1 | (1UL << 48));
	isb();
	check("ASID 1 again sees page A", rd(TEST_VA), 0xA000000000000000UL);

	/* Change ASID 1's mapping to page C while ASID 2 is current, then TLBI ASIDE1 for ASID 1. */
	write_sysreg(ttbr0_el1, (uint64_t)r2 | (2UL << 48));
	isb();
	*leaf1 = (*leaf1 & ~0x0000fffffffff000UL) | PAGE_C;
	__asm__ volatile("dsb ishst\n tlbi aside1, %0\n dsb ish\n isb" : : "r"(1UL << 48) : "memory");
	check("ASID 2 still sees page B", rd(TEST_VA), 0xB000000000000000UL);
	write_sysreg(ttbr0_el1, (uint64_t)r1 | (1UL << 48));
	isb();
	check("after TLBI ASIDE1, ASID 1 sees page C", rd(TEST_VA), 0xC000000000000000UL);

	/* TLBI VAE1 (VA and ASID) after remapping back to A. */
	*leaf1 = (*leaf1 & ~0x0000fffffffff000UL) | PAGE_A;
	__asm__ volatile("dsb ishst\n tlbi vae1, %0\n dsb ish\n isb"
			 : : "r"((TEST_VA >> 12) | (1UL << 48)) : "memory");
	check("after TLBI VAE1, ASID 1 sees page A", rd(TEST_VA), 0xA000000000000000UL);

	/* TLBI VAAE1 (all ASIDs) after removing the mapping: the next access faults. */
	uint64_t saved = *leaf1;
	*leaf1 = 0;
	__asm__ volatile("dsb ishst\n tlbi vaae1, %0\n dsb ish\n isb" : : "r"(TEST_VA >> 12) : "memory");
	try_load(TEST_VA);
	show("  load after unmapping and TLBI VAAE1");
	check("  translation fault level 3", trap.esr, 0x96000007);
	*leaf1 = saved;
	__asm__ volatile("dsb ishst\n tlbi vmalle1\n dsb ish\n isb" : : : "memory");

	/* TCR_EL1.A1 = 1, AS = 1: the ASID (16 bits) comes from TTBR1_EL1. */
	uint64_t tcr = tcr_ttbr0(g) | (1UL << 22) | (1UL << 36);
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr1_el1, 0x1234UL << 48);
	write_sysreg(ttbr0_el1, (uint64_t)r2);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb ish\n isb" : : : "memory");
	check("A1=1: ASID 0x1234 with root 2 sees page B", rd(TEST_VA), 0xB000000000000000UL);
	write_sysreg(ttbr1_el1, 0x5678UL << 48);
	write_sysreg(ttbr0_el1, (uint64_t)r1);
	isb();
	check("A1=1: ASID 0x5678 with root 1 sees page A", rd(TEST_VA), 0xA000000000000000UL);
	*leaf1 = (*leaf1 & ~0x0000fffffffff000UL) | PAGE_C;
	__asm__ volatile("dsb ishst\n tlbi aside1, %0\n dsb ish\n isb" : : "r"(0x5678UL << 48) : "memory");
	check("A1=1: after TLBI ASIDE1 0x5678, page C", rd(TEST_VA), 0xC000000000000000UL);
	mmu_off();
}

int main(void)
{
	uart_puts("mmu-basic: stage-1 translation\n");
	trap_install();
	for (int i = 0; i < 16; i++) {
		((volatile uint64_t *)PAGE_A)[i] = 0xA000000000000000UL + i;
		((volatile uint64_t *)PAGE_B)[i] = 0xB000000000000000UL + i;
		((volatile uint64_t *)PAGE_C)[i] = 0xC000000000000000UL + i;
	}
	put_hex("ID_AA64MMFR0_EL1", read_sysreg(id_aa64mmfr0_el1));
	uart_puts("\n");
	geometry("4K granule, 39-bit VA", 12, 39, 12);
	geometry("4K granule, 48-bit VA", 12, 48, 12);
	geometry("64K granule, 42-bit VA", 16, 42, 16);
	geometry("64K granule, 48-bit VA", 16, 48, 16);
	geometry("TG0 = 16K (not implemented: walks as 4K), 39-bit VA", 12, 39, 14);
	geometry("4K granule, 32-bit VA (a 4-entry level-1 table)", 12, 32, 12);
	high_half();
	permissions();
	dc_zva();
	asids();
	if (failures == 0)
		uart_puts("mmu-basic: all checks passed\n");
	else
		uart_puts("mmu-basic: FAILED\n");
	return failures;
}
