/*
 * bench-intmix: the integer data-processing instructions a compiler emits most, in one
 * dependency-chained loop: add/sub, logical, shifts and rotates, multiply and multiply-add,
 * UMULH, unsigned and signed divide, CLZ/RBIT, bitfield extracts and conditional selects.
 * One unit is one loop iteration.
 */
#include "../common/bench.h"

#define ITERATIONS 32000000UL
#define EXPECTED  0x3A399D78006F9E27UL

static uint64_t work(void)
{
	uint64_t a = 0x0123456789ABCDEFUL, b = 0xFEDCBA9876543210UL, c = 1, d = 7;

	for (uint64_t i = 0; i < ITERATIONS; i++) {
		uint64_t hi;

		a += b ^ (i << 3);
		b = (b >> 7) | (b << 57);
		c = c * 6364136223846793005UL + 1442695040888963407UL;
		d ^= a & c;
		d += (uint64_t)__builtin_clzl(c | 1);
		a = (int64_t)a < 0 ? a - d : a + (d >> 3);
		__asm__("umulh %0, %1, %2" : "=r"(hi) : "r"(a), "r"(c));
		b -= hi;
		b += (uint32_t)a / ((uint32_t)i | 1u);
		d ^= (uint64_t)((int64_t)d / (int64_t)((i & 0xFFF) + 3));
		c += (a >> 13) & 0x7FF;
		__asm__("rbit %0, %1" : "=r"(hi) : "r"(b));
		a ^= hi >> 17;
	}
	return a ^ b ^ c ^ d;
}

int main(void)
{
	return bench_run("intmix", ITERATIONS, "iterations", work, EXPECTED);
}
