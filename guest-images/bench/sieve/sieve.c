/*
 * bench-sieve: the sieve of Eratosthenes over a byte array of 4 Mi flags, run several times:
 * strided byte stores and a sequential scan. One unit is one number sieved.
 */
#include "../common/bench.h"

#define LIMIT     (4UL << 20)
#define ROUNDS    5UL
#define EXPECTED  0x001691C4013FD8B7UL

static uint64_t sieve(uint8_t *flags, uint64_t limit)
{
	uint64_t count = 0, last = 0;

	for (uint64_t i = 0; i < limit; i++)
		flags[i] = 1;
	flags[0] = flags[1] = 0;
	for (uint64_t p = 2; p * p < limit; p++) {
		if (!flags[p])
			continue;
		for (uint64_t m = p * p; m < limit; m += p)
			flags[m] = 0;
	}
	for (uint64_t i = 0; i < limit; i++) {
		if (flags[i]) {
			count++;
			last = i;
		}
	}
	return count << 32 | (last & 0xFFFFFFFF);
}

static uint64_t work(void)
{
	uint64_t sum = 0;

	for (uint64_t r = 0; r < ROUNDS; r++)
		sum += sieve((uint8_t *)BENCH_HEAP, LIMIT - r * 1000);
	return sum;
}

int main(void)
{
	return bench_run("sieve", ROUNDS * LIMIT, "numbers", work, EXPECTED);
}
