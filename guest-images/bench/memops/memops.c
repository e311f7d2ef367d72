/*
 * bench-memops: memory set and copy, the loops behind memset/memcpy: a 4 MiB set with paired
 * 64-bit stores, a 4 MiB copy with paired loads and stores, and a byte copy between misaligned
 * offsets (byte accesses, so legal with the MMU off, ARM ARM B2.5.2). One unit is one byte
 * stored.
 */
#include "../common/bench.h"

#define ROUNDS     20UL
#define BLOCK      (4UL << 20)
#define BYTE_BLOCK (256UL << 10)
#define EXPECTED  0xEFEE9FF8096026B1UL

static void set64(uint64_t *dst, uint64_t v, size_t words)
{
	for (size_t i = 0; i < words; i += 4) {
		dst[i] = v;
		dst[i + 1] = v;
		dst[i + 2] = v;
		dst[i + 3] = v;
	}
}

static void copy64(uint64_t *dst, const uint64_t *src, size_t words)
{
	for (size_t i = 0; i < words; i += 4) {
		uint64_t a = src[i], b = src[i + 1], c = src[i + 2], d = src[i + 3];

		dst[i] = a;
		dst[i + 1] = b;
		dst[i + 2] = c;
		dst[i + 3] = d;
	}
}

static void copy8(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

static uint64_t work(void)
{
	uint64_t *a = (uint64_t *)BENCH_HEAP;
	uint64_t *b = (uint64_t *)(BENCH_HEAP + BLOCK);
	uint64_t sum = 0;

	for (uint64_t r = 0; r < ROUNDS; r++) {
		set64(a, 0x0101010101010101UL * (r + 1), BLOCK / 8);
		a[r * 4099 % (BLOCK / 8)] = r;
		copy64(b, a, BLOCK / 8);
		copy8((uint8_t *)b + 3 + r, (const uint8_t *)a + 1, BYTE_BLOCK);
		for (size_t i = 0; i < BLOCK / 8; i += 4093)
			sum = sum * 33 + b[i];
	}
	return sum;
}

int main(void)
{
	return bench_run("memops", ROUNDS * (2 * BLOCK + BYTE_BLOCK), "bytes", work, EXPECTED);
}
