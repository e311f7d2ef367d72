/*
 * pl011 receive interrupts through the GIC: the UART raises SPI 33 when a character arrives
 * (UARTIMSC.RXIM, and RTIM for the receive time-out), the handler drains UARTDR until the FIFO
 * is empty and clears the interrupt with UARTICR. Characters typed on qvm's stdin (hostdev -) are
 * collected until 'q' or a quiet second, then printed. Without input (QEMU with </dev/null, or
 * a board without input) the guest reports that and still exits 0.
 */
#include "../gic-lib/gic.h"

#define UART 0x09000000UL
#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIMSC 0x038
#define UARTICR 0x044
#define FR_RXFE (1u << 4)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

static volatile int received;
static volatile int done;
static volatile int interrupts;
static char buf[64];

static void on_uart(uint32_t intid)
{
	(void)intid;
	interrupts++;
	while (!(mmio_read32(UART + UARTFR) & FR_RXFE)) {
		char c = (char)(mmio_read32(UART + UARTDR) & 0xff);
		if (c == 'q')
			done = 1;
		else if (received < 63)
			buf[received++] = c;
	}
	mmio_write32(UART + UARTICR, INT_RX | INT_RT);
}

int main(void)
{
	if (!gic_init())
		return 1;
	irq_handlers[33] = on_uart;
	gic_enable_spi(33, 0x80);
	mmio_write32(UART + UARTIMSC, INT_RX | INT_RT);
	irq_enable();
	uart_puts("waiting for input, 'q' ends it\n");
	uint64_t freq = READ_SYSREG("cntfrq_el0");
	uint64_t quiet_since = READ_SYSREG("cntvct_el0");
	int seen = 0;
	while (!done) {
		if (received != seen) {
			seen = received;
			quiet_since = READ_SYSREG("cntvct_el0");
		}
		if (READ_SYSREG("cntvct_el0") - quiet_since > freq)
			break; /* a quiet second: no (more) input */
	}
	irq_disable();
	buf[received] = 0;
	if (received == 0 && !done) {
		uart_puts("no host input\n");
		return 0;
	}
	uart_puts("received by RX interrupt: ");
	uart_puts(buf);
	uart_puts("\n");
	uart_puts(interrupts > 0 ? "RX interrupts delivered\n" : "no RX interrupt\n");
	return interrupts > 0 ? 0 : 2;
}
