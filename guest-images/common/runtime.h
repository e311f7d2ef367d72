/* The tiny runtime every qvm test guest links with: pl011 output and semihosting. */
#ifndef QVM_GUEST_RUNTIME_H
#define QVM_GUEST_RUNTIME_H

typedef unsigned long size_t;
typedef unsigned long uint64_t;
typedef unsigned int uint32_t;
typedef unsigned char uint8_t;
typedef long int64_t;

/* Output on the pl011 UART at 0x09000000 (QEMU virt and qvm's default board). */
void uart_putc(char c);
void uart_puts(const char *s);
/* Prints "0x" and the low 4*digits bits of value in upper-case hex, zero-padded. */
void uart_put_hex(uint64_t value, int digits);
/* Prints value in decimal, with a '-' if negative. */
void uart_put_dec(int64_t value);

/* ARM "Semihosting for AArch32 and AArch64": HLT #0xF000, op in W0, parameter in X1. */
long semihosting_call(uint32_t op, uint64_t param);
void semihosting_write0(const char *s);
/* SYS_EXIT with ADP_Stopped_ApplicationExit and the given status; returns only without a host. */
void semihosting_exit(int status);

/* Called by start.S on any exception: prints the syndrome and exits with status 0x7F. */
void exception_report(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far);

/* Freestanding C may still emit calls to these (GCC manual, "Standards", -ffreestanding). */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
