/* The result line of every benchmark guest; see bench.h. */
#include "bench.h"

static void put_u64(uint64_t v)
{
	uart_put_dec((int64_t)v);
}

int bench_report(const char *name, uint64_t units, const char *unit, uint64_t checksum,
		 uint64_t expected, uint64_t ticks)
{
	int ok = checksum == expected;

	uart_puts("BENCH name=");
	uart_puts(name);
	uart_puts(" units=");
	put_u64(units);
	uart_puts(" unit=");
	uart_puts(unit);
	uart_puts(" checksum=");
	uart_put_hex(checksum, 16);
	uart_puts(" expected=");
	uart_put_hex(expected, 16);
	uart_puts(" ticks=");
	put_u64(ticks);
	uart_puts(" freq=");
	put_u64(bench_freq());
	uart_puts(ok ? " status=ok\n" : " status=BAD\n");
	return ok ? 0 : 1;
}

int bench_run(const char *name, uint64_t units, const char *unit, uint64_t (*work)(void),
	      uint64_t expected)
{
	uint64_t t0 = bench_now();
	uint64_t sum = work();
	uint64_t t1 = bench_now();

	return bench_report(name, units, unit, sum, expected, t1 - t0);
}
