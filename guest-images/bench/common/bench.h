/*
 * What every qvm benchmark guest shares (guest-images/bench/README.md): the memory plan, the
 * guest-side clock, a small PRNG and the one result line the runner parses.
 */
#ifndef QVM_BENCH_H
#define QVM_BENCH_H

#include "../../common/runtime.h"

/*
 * Memory plan inside the 128 MiB of RAM at 0x40000000 that the bench boards give (QEMU's
 * virt default is also 128 MiB): the image sits at 0x40080000 and needs well under 1 MiB;
 * translation tables (bench-tlb) from 2 MiB; large working sets from 16 MiB up to the end of
 * RAM. The heap is outside the image, so start.S never spends time zeroing it.
 */
#define BENCH_RAM_BASE   0x40000000UL
#define BENCH_RAM_SIZE   0x08000000UL
#define BENCH_TABLES     0x40200000UL
#define BENCH_HEAP       0x41000000UL
#define BENCH_HEAP_SIZE  (BENCH_RAM_BASE + BENCH_RAM_SIZE - BENCH_HEAP)

/*
 * CNTVCT_EL0 (ARM ARM D11.2.2). Both QEMU TCG and qvm drive the system counter from the host's
 * monotonic clock, so an interval measured here is host time spent running the guest, without
 * process or JVM start-up. The ISB keeps the read from being taken early (D11.2.2, "reads of
 * CNTVCT_EL0 can occur speculatively").
 */
static inline uint64_t bench_now(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t bench_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* xorshift64 (Marsaglia 2003): deterministic data for every benchmark. */
static inline uint64_t bench_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Keeps the compiler from deleting or hoisting work whose result it can see is unused. */
#define bench_keep(v) __asm__ volatile("" : : "r"(v) : "memory")

/*
 * Prints the result line the runner parses and returns main's exit status:
 *   BENCH name=N units=U unit=WORD checksum=0xC expected=0xE ticks=T freq=F status=ok|BAD
 * units counts the benchmark's own work (operations, bytes, primes, ...); ticks is the
 * CNTVCT_EL0 interval around the work; checksum must equal expected, the value QEMU computes.
 */
int bench_report(const char *name, uint64_t units, const char *unit, uint64_t checksum,
		 uint64_t expected, uint64_t ticks);

/* Runs work() between two clock reads and reports; the usual body of a benchmark's main. */
int bench_run(const char *name, uint64_t units, const char *unit, uint64_t (*work)(void),
	      uint64_t expected);

#endif
