/*
 * bench-matmul: C = A x B for 96 x 96 matrices of 32-bit integers (wrapping arithmetic), the
 * inner loop a multiply-add over a row of A and a column of B, repeated. One unit is one
 * multiply-add.
 */
#include "../common/bench.h"

#define N         96
#define ROUNDS    120UL
#define EXPECTED  0x5C345A1FEEC3C846UL

static uint32_t a[N][N], b[N][N], c[N][N];

static uint64_t work(void)
{
	uint64_t seed = 0xD1B54A32D192ED03UL;
	uint64_t sum = 0;

	for (int i = 0; i < N; i++) {
		for (int j = 0; j < N; j++) {
			a[i][j] = (uint32_t)bench_rand(&seed);
			b[i][j] = (uint32_t)bench_rand(&seed);
		}
	}
	for (uint64_t r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < N; i++) {
			for (int j = 0; j < N; j++) {
				uint32_t acc = 0;

				for (int k = 0; k < N; k++)
					acc += a[i][k] * b[k][j];
				c[i][j] = acc;
			}
		}
		/* Feed the product back so each round depends on the last. */
		for (int i = 0; i < N; i++)
			a[i][(i + r) % N] ^= c[i][i];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				sum = sum * 31 + c[i][j];
	}
	return sum;
}

int main(void)
{
	return bench_run("matmul", ROUNDS * N * N * N, "multiply-adds", work, EXPECTED);
}
