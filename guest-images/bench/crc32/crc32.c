/*
 * bench-crc32: the reflected CRC-32 of ISO-HDLC/zlib (polynomial 0xEDB88320), computed a byte
 * at a time through a 256-entry table built at start, over a 64 KiB pseudo-random buffer many
 * times: table loads indexed by data, shifts and exclusive-ors. One unit is one byte.
 */
#include "../common/bench.h"

#define BUFFER    (64UL << 10)
#define ROUNDS    1200UL
#define EXPECTED  0x000000007358E8FAUL

static uint32_t table[256];

static void make_table(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[n] = c;
	}
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
	return ~crc;
}

static uint64_t work(void)
{
	uint64_t *buf = (uint64_t *)BENCH_HEAP;
	uint64_t seed = 0x2545F4914F6CDD1DUL;
	uint32_t crc = 0;

	make_table();
	for (size_t i = 0; i < BUFFER / 8; i++)
		buf[i] = bench_rand(&seed);
	for (uint64_t r = 0; r < ROUNDS; r++)
		crc = crc32(crc, (const uint8_t *)buf, BUFFER);
	return crc;
}

int main(void)
{
	return bench_run("crc32", ROUNDS * BUFFER, "bytes", work, EXPECTED);
}
