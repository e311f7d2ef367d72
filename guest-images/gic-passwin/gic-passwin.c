/*
 * gic-passwin: a driver for a pass-through device (QVMCONF.md `pass`), the window end to end.
 * On qvm's board (qvm-cli PassWindowTest) one `pass` context maps a file (`backend file:PATH`)
 * as two windows, read/write at 0x4C000000 and read-only at 0x4C001000, and binds the file's
 * host interrupt (`irq unix:PATH` or `irq fifo:PATH`) to SPI 42. The "device" is the test:
 *
 *   RW + 0x00  magic "QVMPASSW"     written by the device before the run (the file's content)
 *   RW + 0x08  initial device word  written by the device before the run; printed here
 *   RW + 0x10  GUEST_MARKER         written here; the device reads it from the file afterwards
 *   RW + 0x18  ready                written here (1) once SPI 42 is enabled
 *   RW + 0x20  data                 written by the device, then it raises the interrupt
 *   RW + 0x28  reply                the handler copies data here; the device waits for it
 *   RW + 0x30  counter              incremented ACCESSES times here: plain loads and stores,
 *                                   which stage 2 maps to the file, so none leaves the guest
 *   RO + 0x00  read-only word       written by the device before the run; printed here
 *
 * A store to the read-only window is refused by stage 2 (the board says `unsupported reference
 * fail`; qvm drops such stores by default, as QNX does). With no EL2 in the guest's view, that
 * becomes what KVM injects for an access it will not perform: a Synchronous External abort on a
 * data access (ESR_EL1 EC 0x25, DFSC 0x10, WnR 1; FAR_EL1 the address), printed here for the
 * test to check. The store must not reach the file.
 *
 * QEMU's virt board has nothing at 0x4C000000 (past 128 MiB of RAM): the first load aborts and
 * the probes are skipped, so the image still runs under qemu-test.sh. Exit status: failed checks.
 */
#include "../gic-lib/gic.h"
#include "../exc-common/trap.h"

#define PASS_RW      0x4C000000UL
#define PASS_RO      0x4C001000UL
#define PASS_MAGIC   0x57535341504D5651UL /* "QVMPASSW" */
#define GUEST_MARKER 0x2152454B52414D47UL /* "GMARKER!" */
#define PASS_INTID   42
#define ROUNDS       3
#define ACCESSES     100000

#define ESR_DABT_SEA 0x96000010UL /* EC 0x25, IL, DFSC 0x10 Synchronous External abort */
#define ESR_WNR      (1UL << 6)

static inline volatile uint64_t *window(uint64_t pa) { return (volatile uint64_t *)pa; }

static volatile int handled;

/* The device's interrupt: take its data word, answer in reply (a driver's "read status, ack"). */
static void on_device(uint32_t intid)
{
	(void)intid;
	*window(PASS_RW + 0x28) = *window(PASS_RW + 0x20);
	handled++;
}

/* Loads the window's magic with the recording vectors: 1 if the window is there. */
static int window_present(void)
{
	uint64_t v = 0;

	trap_reset();
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(PASS_RW) : "memory");
	return trap.count == 0 && v == PASS_MAGIC;
}

static void read_only_window(void)
{
	uint64_t before = *window(PASS_RO);

	uart_puts("read-only window: ");
	uart_put_hex(before, 16);
	uart_puts("\n");
	trap_reset();
	__asm__ volatile("str %0, [%1]" : : "r"(0x1234UL), "r"(PASS_RO + 8) : "memory");
	uart_puts("store to the read-only window: ");
	put_hex("ESR", trap.esr);
	put_hex("FAR", trap.far);
	uart_puts("\n");
	check("  data abort, external, WnR", trap.esr, ESR_DABT_SEA | ESR_WNR);
	check("  FAR = the address stored to", trap.far, PASS_RO + 8);
	check("  the window is unchanged", *window(PASS_RO + 8), 0);
}

int main(void)
{
	uart_puts("gic-passwin: pass-through window at 0x4C000000\n");
	trap_install();
	if (!window_present()) {
		uart_puts("no pass window: probes skipped\n");
		return 0;
	}
	uart_puts("initial device word: ");
	uart_put_hex(*window(PASS_RW + 0x08), 16);
	uart_puts("\n");
	*window(PASS_RW + 0x10) = GUEST_MARKER;
	read_only_window();

	for (int i = 0; i < ACCESSES; i++)
		*window(PASS_RW + 0x30) = *window(PASS_RW + 0x30) + 1;
	check("window counter", *window(PASS_RW + 0x30), ACCESSES);

	if (!gic_init())
		return 100;
	irq_handlers[PASS_INTID] = on_device;
	gic_enable_spi(PASS_INTID, 0x80);
	irq_enable();
	*window(PASS_RW + 0x18) = 1;
	/* The device raises ROUNDS times, each after it saw the reply to the last; 10 s at most. */
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	uint64_t start = READ_SYSREG("cntvct_el0");
	while (handled < ROUNDS && READ_SYSREG("cntvct_el0") - start < 10 * freq)
		;
	irq_disable();
	uart_puts("device interrupts handled: ");
	uart_put_dec(handled);
	uart_puts(", last data ");
	uart_put_hex(*window(PASS_RW + 0x28), 16);
	uart_puts("\n");
	check("device interrupts", (uint64_t)handled, ROUNDS);
	if (failures == 0)
		uart_puts("gic-passwin: all checks passed\n");
	return failures;
}
