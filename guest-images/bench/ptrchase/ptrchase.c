/*
 * bench-ptrchase: dependent loads along one random cycle through 8 MiB (1 Mi 8-byte slots),
 * the permutation made by Sattolo's algorithm so that the walk visits every slot before it
 * repeats. Every load's address comes from the previous load, so nothing can run ahead and
 * the working set is far larger than any software TLB reach of a few pages. One unit is one
 * step (one load).
 */
#include "../common/bench.h"

#define SLOTS     (1UL << 20)
#define STEPS     (2UL << 20)
#define EXPECTED  0x0001051CFC65AEA0UL

static uint64_t work(void)
{
	uint64_t *next = (uint64_t *)BENCH_HEAP;
	uint64_t seed = 0x9E3779B97F4A7C15UL;
	uint64_t p, sum = 0;

	for (uint64_t i = 0; i < SLOTS; i++)
		next[i] = i;
	/* Sattolo (1986): swapping with j < i only yields a single cycle. */
	for (uint64_t i = SLOTS - 1; i > 0; i--) {
		/* A uniform j in [0, i) by multiply-and-shift (Lemire 2019), not a divide. */
		uint64_t j = ((bench_rand(&seed) >> 32) * i) >> 32;
		uint64_t t = next[i];

		next[i] = next[j];
		next[j] = t;
	}
	for (uint64_t i = 0; i < SLOTS; i++)
		next[i] = BENCH_HEAP + next[i] * 8;
	p = BENCH_HEAP;
	for (uint64_t s = 0; s < STEPS; s += 8) {
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		sum += p;
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		p = *(uint64_t *)p;
		sum ^= p;
	}
	return sum;
}

int main(void)
{
	return bench_run("ptrchase", STEPS, "loads", work, EXPECTED);
}
