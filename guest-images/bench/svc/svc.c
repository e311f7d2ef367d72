/*
 * bench-svc: system-call round trips. Each unit is an SVC taken to EL1 through this guest's
 * own vector table (ARM ARM D1.10: the exception entry saves PC and PSTATE in ELR_EL1 and
 * SPSR_EL1 and writes ESR_EL1), a handler that decodes ESR_EL1 (EC 0x15, the SVC immediate in
 * ISS[15:0]) and does a little work, and an ERET back to the instruction after the SVC
 * (D1.10.4). Alternating SVC #0 and SVC #1 keeps the handler's branch honest.
 */
#include "../common/bench.h"

#define CALLS     (512UL << 10)
#define EXPECTED  0x0000000FFFD78001UL

/*
 * 16 entries of 0x80 bytes, 2 KiB aligned (D1.10.2). Only "current EL with SP_ELx,
 * synchronous" (offset 0x200) is handled here; every other entry goes on to the common
 * reporting table in start.S, which prints the syndrome and exits with status 0x7F.
 */
__asm__(
	"	.section .text.svcvec, \"ax\"\n"
	"	.balign 2048\n"
	"svc_vectors:\n"
	"	.irp i, 0, 1, 2, 3\n"
	"	.balign 0x80\n"
	"	b vectors + \\i * 0x80\n"
	"	.endr\n"
	"	.balign 0x80\n"
	"	mrs x9, esr_el1\n"
	"	lsr x10, x9, #26\n"
	"	cmp x10, #0x15\n"
	"	b.ne 1f\n"
	"	tst x9, #0xffff\n"
	"	b.eq 2f\n"
	"	eor x0, x0, x1, ror #7\n"
	"	eret\n"
	"2:	add x0, x0, x1\n"
	"	eret\n"
	"1:	b vectors + 0x200\n"
	"	.irp i, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
	"	.balign 0x80\n"
	"	b vectors + \\i * 0x80\n"
	"	.endr\n"
	"	.text\n");

extern char svc_vectors[];

static uint64_t work(void)
{
	register uint64_t x0 __asm__("x0") = 1;
	register uint64_t x1 __asm__("x1");

	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(svc_vectors) : "memory");
	for (uint64_t i = 0; i < CALLS; i += 2) {
		x1 = i;
		__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1) : "x9", "x10", "cc", "memory");
		x1 = i ^ 0x5A5A;
		__asm__ volatile("svc #1" : "+r"(x0) : "r"(x1) : "x9", "x10", "cc", "memory");
	}
	return x0;
}

int main(void)
{
	return bench_run("svc", CALLS, "round-trips", work, EXPECTED);
}
