/*
 * hostile: what a misbehaving guest does at the edges of its machine (issue 10). Every probe must
 * become the architected exception, seen here by the recording handler of trap.h, with the
 * syndrome and fault address the ARM ARM gives; the console is compared with QEMU's virt board.
 *
 *   - a jump to an unmapped IPA (just past the end of RAM): an Instruction Abort, ELR = FAR =
 *     the target;
 *   - loads and stores just past the end of RAM, straddling it, and just past the end of the
 *     pl011, GIC distributor and GIC redistributor windows: Synchronous External aborts;
 *   - misaligned acquire/release and exclusive accesses, misaligned pairs with SCTLR_EL1.A set,
 *     a misaligned access to a device register: Alignment faults;
 *   - the MMU on with TTBR1_EL1 at an all-zeros table, an all-ones table and an IPA with no RAM:
 *     a Translation fault, an Address size fault, a Synchronous External abort on the walk.
 *
 * On qvm's hostile board (qvm-cli HostileGuestTest) a marker in a `rom` region is readable and
 * the "board:" probes run too: a jump to device memory (the pl011), writes to ROM, accesses past
 * the end of the ROM, of pass-through windows and of a wdt-sp805 window. On QEMU the marker's address is unmapped and they are
 * skipped. Exit status: the number of failed checks.
 */
#include "../exc-common/trap.h"

#define RAM_END      0x48000000UL /* 128 MiB from 0x40000000, as qemu -m 128M and the qvm board */
#define UART         0x09000000UL
#define GICD_END     0x08010000UL /* the distributor's 64 KiB */
#define GICR_END     0x080C0000UL /* one vCPU's 128 KiB of redistributor frames */

/* qvm's hostile board (HostileGuestTest): a ROM holding ROM_MAGIC, pass windows, a watchdog. */
#define ROM          0x4A000000UL
#define ROM_SIZE     0x10000UL
#define ROM_MAGIC    0x3130424F524D5651UL /* "QVMROB01" */
#define PASS_RW      0x4C000000UL
#define PASS_RO      0x4C002000UL
#define WDT          0x0C000000UL

#define ESR_IABT_SEA 0x86000010UL /* EC 0x21, IL, IFSC 0x10 Synchronous External abort */
#define ESR_DABT_SEA 0x96000010UL /* EC 0x25, IL, DFSC 0x10 */
#define ESR_WNR      (1UL << 6)
#define ESR_ALIGN    0x96000021UL /* EC 0x25, IL, DFSC 0x21 Alignment fault */

static void show(const char *what)
{
	uart_puts("  ");
	uart_puts(what);
	uart_puts(": n=");
	uart_put_dec((int64_t)trap.count);
	uart_puts(" ");
	put_hex("ESR", trap.esr);
	put_hex("FAR", trap.far);
	uart_puts("\n");
}

/* Branches to `target`; the abort at the target resumes after the branch. */
static void jump_to(const char *what, uint64_t target)
{
	trap_reset();
	__asm__ volatile(
		"adr x9, 1f\n"
		"adrp x10, trap\n"
		"add x10, x10, :lo12:trap\n"
		"str x9, [x10, #48]\n" /* trap.resume */
		"blr %0\n"
		"1:\n"
		: : "r"(target) : "x9", "x10", "x30", "memory");
	show(what);
	check(what, trap.esr, ESR_IABT_SEA);
	check("  ELR = the target", trap.elr, target);
	check("  FAR = the target", trap.far, target);
}

static uint64_t load64(uint64_t va)
{
	uint64_t v = 0x5555;

	trap_reset();
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return v;
}

static uint64_t load32(uint64_t va)
{
	uint64_t v = 0x5555;

	trap_reset();
	__asm__ volatile("ldr %w0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return v;
}

static void store32(uint64_t va, uint64_t v)
{
	trap_reset();
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(va) : "memory");
}

/* A load and a store at `va` must both take a Synchronous External abort with FAR = `far`. */
static void outside(const char *what, uint64_t va, uint64_t far)
{
	uint64_t v = load32(va);

	uart_puts(what);
	uart_puts(":\n");
	show("load");
	check("  load: data abort, external", trap.esr, ESR_DABT_SEA);
	check("  load: FAR", trap.far, far);
	check("  load: destination unchanged", v, 0x5555);
	store32(va, 0x1234);
	show("store");
	check("  store: data abort, external, WnR", trap.esr, ESR_DABT_SEA | ESR_WNR);
	check("  store: FAR", trap.far, far);
}

static void edges_of_ram_and_windows(void)
{
	uint64_t v;

	uart_puts("jumps:\n");
	jump_to("jump past the end of RAM", RAM_END);

	outside("just past the end of RAM", RAM_END, RAM_END);
	/* 8 bytes from 4 before the end: the first half is RAM, the second is not. */
	v = load64(RAM_END - 4);
	uart_puts("straddling the end of RAM:\n");
	show("load");
	check("  straddling load faults", ESR_EC(trap.esr), 0x25);
	check("  straddling load: destination unchanged", v, 0x5555);
	outside("just past the end of the pl011", UART + 0x1000, UART + 0x1000);
	outside("just past the end of the GIC distributor", GICD_END, GICD_END);
	outside("just past the end of the GIC redistributors", GICR_END, GICR_END);
	/* The pl011's last register word is inside its window: no abort (UARTPCellID3 = 0xB1). */
	v = load32(UART + 0xffc);
	check("pl011 last word reads without an abort", trap.count, 0);
	check("pl011 UARTPCellID3", v, 0xb1);
}

static void misaligned(void)
{
	static uint64_t buf[4] __attribute__((aligned(16)));
	uint64_t p = (uint64_t)buf + 4, at, v = 0;
	uint64_t sctlr = read_sysreg(sctlr_el1);

	uart_puts("misaligned:\n");
	/* Load-acquire, store-release and exclusives must be aligned whatever SCTLR_EL1.A (B2.5.2). */
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldar %1, [%2]\n" : "=&r"(at), "+r"(v) : "r"(p) : "memory");
	show("ldar x, 4-aligned");
	check("  ldar: alignment fault", trap.esr, ESR_ALIGN);
	check("  ldar: FAR", trap.far, p);
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: stlr %1, [%2]\n" : "=&r"(at) : "r"(v), "r"(p) : "memory");
	show("stlr x, 4-aligned");
	check("  stlr: alignment fault, WnR", trap.esr, ESR_ALIGN | ESR_WNR);
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldaxp x10, x11, [%1]\n" : "=&r"(at) : "r"(p + 4) : "x10", "x11", "memory");
	show("ldaxp, 8-aligned");
	check("  ldaxp: alignment fault", trap.esr, ESR_ALIGN);
	check("  ldaxp: FAR", trap.far, p + 4);
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldxrh w10, [%1]\n" : "=&r"(at) : "r"(p + 1) : "x10", "memory");
	show("ldxrh, odd");
	check("  ldxrh: alignment fault", trap.esr, ESR_ALIGN);
	/* A store-exclusive after a matching load-exclusive, to a misaligned address. */
	trap_reset();
	__asm__ volatile(
		"ldxr x10, [%1]\n"
		"adr %0, 1f\n"
		"1: stxr w11, x10, [%2]\n"
		: "=&r"(at) : "r"(buf), "r"(p) : "x10", "x11", "memory");
	show("stxr x, 4-aligned");
	__asm__ volatile("clrex" : : : "memory");

	/* SCTLR_EL1.A: a misaligned pair faults at the pair's address. */
	write_sysreg(sctlr_el1, sctlr | 2);
	isb();
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: ldp x10, x11, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "x11", "memory");
	show("ldp with SCTLR_EL1.A");
	check("  ldp: alignment fault", trap.esr, ESR_ALIGN);
	check("  ldp: FAR", trap.far, p);
	trap_reset();
	__asm__ volatile("adr %0, 1f\n 1: stp x10, x11, [%1]\n" : "=&r"(at) : "r"(p) : "x10", "x11", "memory");
	show("stp with SCTLR_EL1.A");
	check("  stp: alignment fault, WnR", trap.esr, ESR_ALIGN | ESR_WNR);
	write_sysreg(sctlr_el1, sctlr);
	isb();

}

/* TTBR1_EL1 at `table`, 48-bit VAs both halves, TTBR0 at an identity map; loads at the high half. */
static void ttbr1_probe(const char *what, uint64_t table, uint64_t want_esr)
{
	struct mmu_geom g = geom(12, 48);
	uint64_t *root0, v;
	uint64_t tcr = (uint64_t)16 | (1UL << 8) | (1UL << 10) | (3UL << 12) | (0UL << 14) |
		       (16UL << 16) | (1UL << 24) | (1UL << 26) | (3UL << 28) | (2UL << 30) | (2UL << 32);

	table_next = TABLE_POOL;
	root0 = table_alloc(12);
	map_identity(root0, g);
	mmu_on(tcr, (uint64_t)root0, table);
	v = load64(0xffff000040000000UL);
	mmu_off();
	show(what);
	check(what, trap.esr, want_esr);
	check("  FAR", trap.far, 0xffff000040000000UL);
	check("  destination unchanged", v, 0x5555);
}

static void bad_tables(void)
{
	uint64_t *t;

	uart_puts("page tables:\n");
	table_next = TABLE_POOL + 0x100000;
	t = table_alloc(12); /* zeroed */
	/* D8.3: an invalid level-0 descriptor is a level-0 translation fault (DFSC 0b000100). */
	ttbr1_probe("all-zeros table: translation fault level 0", (uint64_t)t, 0x96000004UL);
	for (int i = 0; i < 512; i++)
		t[i] = ~0UL;
	dsb();
	/*
	 * An all-ones level-0 entry is a table descriptor whose next-level address (bits [47:12])
	 * exceeds the 40-bit PA size in TCR_EL1.IPS: an Address size fault at level 0 (D8.3.3).
	 */
	ttbr1_probe("all-ones table: address size fault level 0", (uint64_t)t, 0x96000000UL);
	/* A table at an IPA without memory: Synchronous External abort on the walk, level 0. */
	ttbr1_probe("table past the end of RAM: external abort on the walk", RAM_END, 0x96000014UL);
}

/* qvm's hostile board only: a ROM, pass-through windows, a watchdog window. */
static void board_probes(void)
{
	uint64_t v;

	v = load64(ROM);
	if (trap.count != 0 || v != ROM_MAGIC) {
		uart_puts("board: no qvm ROM marker: qvm board probes skipped\n");
		return;
	}
	uart_puts("board: qvm hostile board\n");
	/*
	 * An instruction fetch from a vdev's window: qvm, like KVM, cannot fetch through an exit and
	 * gives an Instruction Abort (external). QEMU's TCG instead reads the device register as an
	 * instruction (UARTDR reads 0: UDF), so this probe runs on qvm's board only.
	 */
	jump_to("board: jump to the pl011 (device memory)", UART);
	{
		struct mmu_geom g = geom(12, 39);
		uint64_t *root;

		/*
		 * A device register accessed misaligned: Device memory faults even with SCTLR_EL1.A = 0
		 * (B2.5.2), here with the MMU on and the pl011 mapped Device-nGnRnE. QEMU 7.2 does not
		 * check alignment for Device memory (nor with the MMU off, where D8.2.9 makes every data
		 * access Device), so this probe runs on qvm's board only.
		 */
		table_next = TABLE_POOL;
		root = table_alloc(12);
		map_identity(root, g);
		mmu_on(tcr_ttbr0(g), (uint64_t)root, 0);
		v = load32(UART + 0x19);
		mmu_off();
		show("board: ldr w, pl011 + 0x19, Device-nGnRnE");
		check("board: device: alignment fault", trap.esr, ESR_ALIGN);
		check("board: device: FAR", trap.far, UART + 0x19);
	}
	store32(ROM + 8, 0x1234);
	show("board: store to ROM");
	check("board: store to ROM: data abort, external, WnR", trap.esr, ESR_DABT_SEA | ESR_WNR);
	check("board: store to ROM: FAR", trap.far, ROM + 8);
	check("board: ROM unchanged", load64(ROM), ROM_MAGIC);
	v = load32(ROM + ROM_SIZE - 4);
	check("board: ROM's last word reads", trap.count, 0);
	outside("board: just past the end of the ROM", ROM + ROM_SIZE, ROM + ROM_SIZE);

	store32(PASS_RW + 0xffc, 0xcafe);
	check("board: pass window's last word written", trap.count, 0);
	check("board: pass window's last word", load32(PASS_RW + 0xffc), 0xcafe);
	outside("board: just past the end of the rw pass window", PASS_RW + 0x1000, PASS_RW + 0x1000);
	v = load32(PASS_RO);
	check("board: read-only pass window reads", trap.count, 0);
	store32(PASS_RO, 0x1);
	show("board: store to the read-only pass window");
	check("board: store to a read-only pass window: abort, WnR", trap.esr, ESR_DABT_SEA | ESR_WNR);
	outside("board: just past the end of the read-only pass window", PASS_RO + 0x1000, PASS_RO + 0x1000);

	v = load32(WDT + 0xfe0);
	check("board: wdt-sp805 WdogPeriphID0 reads", trap.count, 0);
	check("board: WdogPeriphID0", v, 0x05);
	outside("board: just past the end of the wdt-sp805", WDT + 0x1000, WDT + 0x1000);
	jump_to("board: jump into the ROM's end", ROM + ROM_SIZE);
}

int main(void)
{
	uart_puts("hostile: accesses at the edges of the machine\n");
	trap_install();
	edges_of_ram_and_windows();
	misaligned();
	bad_tables();
	board_probes();
	if (failures == 0)
		uart_puts("hostile: all checks passed\n");
	else
		uart_puts("hostile: FAILED\n");
	return failures;
}
