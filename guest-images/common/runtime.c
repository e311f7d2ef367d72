/* The tiny runtime every qvm test guest links with. */
#include "runtime.h"

/* PrimeCell UART (PL011) TRM, 3.2: register offsets and flag bits. */
#define PL011_BASE   0x09000000UL
#define UARTDR       0x000
#define UARTFR       0x018
#define UARTFR_TXFF  (1u << 5)

/* Semihosting for AArch32 and AArch64, 6.x: operation numbers and 6.5 stop reasons. */
#define SYS_WRITE0                  0x04
#define SYS_EXIT                    0x18
#define ADP_Stopped_ApplicationExit 0x20026

static inline volatile uint32_t *pl011_reg(unsigned long offset)
{
	return (volatile uint32_t *)(PL011_BASE + offset);
}

void uart_putc(char c)
{
	/* Wait while the transmit FIFO is full; a model without a FIFO never sets TXFF. */
	while (*pl011_reg(UARTFR) & UARTFR_TXFF)
		;
	*pl011_reg(UARTDR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

void uart_put_hex(uint64_t value, int digits)
{
	static const char hex[] = "0123456789ABCDEF";

	uart_puts("0x");
	for (int i = digits - 1; i >= 0; i--)
		uart_putc(hex[(value >> (4 * i)) & 0xF]);
}

void uart_put_dec(int64_t value)
{
	char buf[24];
	int n = 0;
	uint64_t v = value < 0 ? -(uint64_t)value : (uint64_t)value;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (value < 0)
		uart_putc('-');
	while (n > 0)
		uart_putc(buf[--n]);
}

long semihosting_call(uint32_t op, uint64_t param)
{
	register uint64_t x0 __asm__("x0") = op;
	register uint64_t x1 __asm__("x1") = param;

	/* The host reads and may write the block at x1, hence the memory clobber. */
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return (long)x0;
}

void semihosting_write0(const char *s)
{
	semihosting_call(SYS_WRITE0, (uint64_t)s);
}

void semihosting_exit(int status)
{
	/* A64 SYS_EXIT takes a pointer to {reason, subcode} (Semihosting spec, SYS_EXIT). */
	uint64_t block[2] = { ADP_Stopped_ApplicationExit, (uint64_t)(uint32_t)status };

	semihosting_call(SYS_EXIT, (uint64_t)block);
}

void exception_report(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far)
{
	uart_puts("\nUNEXPECTED EXCEPTION vector=");
	uart_put_dec((int64_t)vector);
	uart_puts(" ESR_EL1=");
	uart_put_hex(esr, 8);
	uart_puts(" ELR_EL1=");
	uart_put_hex(elr, 16);
	uart_puts(" FAR_EL1=");
	uart_put_hex(far, 16);
	uart_puts("\n");
	semihosting_exit(0x7F);
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uint8_t)*a - (uint8_t)*b;
}
