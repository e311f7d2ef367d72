/*
 * bench-branch: control flow that depends on data. A byte-code interpreter (a dense switch,
 * i.e. an indirect branch through a jump table) runs a small program whose conditional jumps
 * follow pseudo-random data, with calls through a function-pointer table and short
 * data-dependent inner loops. One unit is one interpreted instruction.
 */
#include "../common/bench.h"

#define RUNS      800UL
#define EXPECTED  0xD4846D302F3AAB26UL

enum { OP_ADD, OP_XOR, OP_SHL, OP_JNZ, OP_CALL, OP_RAND, OP_LOOP, OP_CMPJ, OP_END };

struct insn {
	uint8_t op, dst, src, arg;
};

static uint64_t fn_a(uint64_t x) { return x * 3 + 1; }
static uint64_t fn_b(uint64_t x) { return x >> 1; }
static uint64_t fn_c(uint64_t x) { return x ^ 0x5555; }
static uint64_t fn_d(uint64_t x) { return x + (x >> 7); }

static uint64_t (*const calls[4])(uint64_t) = { fn_a, fn_b, fn_c, fn_d };

/* A loop of 4096 passes over a body whose branches follow r[7], a xorshift stream. */
static const struct insn program[] = {
	{ OP_RAND, 7, 0, 0 },     /* 0: r7 = next random */
	{ OP_CMPJ, 7, 0, 5 },     /* 1: if (r7 & 1) goto 5 */
	{ OP_ADD, 1, 7, 0 },      /* 2 */
	{ OP_CALL, 1, 0, 0 },     /* 3: r1 = calls[r7 >> 60 & 3](r1) */
	{ OP_JNZ, 3, 0, 7 },      /* 4: if (r3 != 0) goto 7 */
	{ OP_XOR, 2, 7, 0 },      /* 5 */
	{ OP_SHL, 2, 0, 1 },      /* 6 */
	{ OP_LOOP, 4, 0, 0 },     /* 7: repeat r4 = r7 >> 61 times: r5 += r4 */
	{ OP_CMPJ, 7, 1, 11 },    /* 8: if (r7 & 2) goto 11 */
	{ OP_CALL, 2, 0, 0 },     /* 9 */
	{ OP_XOR, 3, 1, 0 },      /* 10 */
	{ OP_ADD, 6, 5, 0 },      /* 11 */
	{ OP_JNZ, 0, 0, 0 },      /* 12: if (--r0 != 0) goto 0 */
	{ OP_END, 0, 0, 0 },
};

static uint64_t interpret(uint64_t seed, uint64_t *steps)
{
	uint64_t r[8] = { 4096, 1, 2, 0, 0, 0, 0, seed };
	uint64_t n = 0;
	unsigned pc = 0;

	for (;;) {
		const struct insn *in = &program[pc++];

		n++;
		switch (in->op) {
		case OP_ADD:
			r[in->dst] += r[in->src];
			break;
		case OP_XOR:
			r[in->dst] ^= r[in->src];
			break;
		case OP_SHL:
			r[in->dst] = (r[in->dst] << in->arg) | (r[in->dst] >> 63);
			break;
		case OP_JNZ:
			if (in->dst == 0 ? --r[0] != 0 : r[in->dst] != 0)
				pc = in->arg;
			break;
		case OP_CALL:
			r[in->dst] = calls[(r[7] >> 60) & 3](r[in->dst]);
			break;
		case OP_RAND:
			bench_rand(&r[7]);
			break;
		case OP_LOOP:
			for (r[4] = r[7] >> 61; r[4] != 0; r[4]--)
				r[5] += r[4] ^ r[1];
			break;
		case OP_CMPJ:
			if (r[in->dst] & (1UL << in->src))
				pc = in->arg;
			break;
		default:
			*steps += n;
			return r[1] ^ r[2] ^ r[3] ^ r[5] ^ r[6];
		}
	}
}

static uint64_t steps;

static uint64_t work(void)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < RUNS; i++)
		sum = sum * 31 + interpret(0x9E3779B97F4A7C15UL + i, &steps);
	return sum;
}

int main(void)
{
	uint64_t t0 = bench_now();
	uint64_t sum = work();
	uint64_t t1 = bench_now();

	return bench_report("branch", steps, "bytecodes", sum, EXPECTED, t1 - t0);
}
