/*
 * hello: the first guest for qvm's interpreter. Prints a greeting, the exception level and the
 * CPU identification through the pl011, checks a little ordinary C arithmetic and string work,
 * and exits through semihosting with status 0 when every check passed (else the number of
 * failed checks).
 */
#include "../common/runtime.h"

/* ARM ARM D17.2.122 MIDR_EL1: one field of the register. */
struct midr_field {
	const char *name;
	uint32_t shift;
	uint32_t width;
};

static const struct midr_field midr_fields[] = {
	{ "Implementer", 24, 8 },
	{ "Variant", 20, 4 },
	{ "Architecture", 16, 4 },
	{ "PartNum", 4, 12 },
	{ "Revision", 0, 4 },
};

/* Inputs live in writable data so the compiler cannot fold the checks away. */
int64_t numbers[] = { 3, 5, 7, 11, 13, -100, 7 };
char word[] = "hypervisor";

static int failures;

static uint64_t read_current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return v;
}

static uint64_t read_midr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, MIDR_EL1" : "=r"(v));
	return v;
}

static const char *implementer_name(uint32_t code)
{
	switch (code) {
	case 0x41:
		return "Arm";
	case 0x42:
		return "Broadcom";
	case 0x43:
		return "Cavium";
	case 0x4E:
		return "NVIDIA";
	case 0x51:
		return "Qualcomm";
	case 0x61:
		return "Apple";
	default:
		return "unknown";
	}
}

static void check(const char *what, int64_t got, int64_t expected)
{
	uart_puts(what);
	uart_puts(" = ");
	uart_put_dec(got);
	if (got == expected) {
		uart_puts(" ok\n");
	} else {
		uart_puts(" FAIL, expected ");
		uart_put_dec(expected);
		uart_puts("\n");
		failures++;
	}
}

static void reverse(char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

static int count_vowels(const char *s)
{
	int n = 0;

	for (; *s; s++) {
		switch (*s) {
		case 'a': case 'e': case 'i': case 'o': case 'u':
			n++;
			break;
		default:
			break;
		}
	}
	return n;
}

int main(void)
{
	uint64_t el = (read_current_el() >> 2) & 3;
	uint64_t midr = read_midr();

	uart_puts("Hello from a qvm guest!\n");

	uart_puts("CurrentEL: EL");
	uart_putc((char)('0' + el));
	uart_puts("\n");

	uart_puts("MIDR_EL1: ");
	uart_put_hex(midr, 8);
	uart_puts(" (");
	uart_puts(implementer_name((uint32_t)(midr >> 24) & 0xFF));
	uart_puts(")\n");
	for (size_t i = 0; i < sizeof(midr_fields) / sizeof(midr_fields[0]); i++) {
		const struct midr_field *f = &midr_fields[i];

		uart_puts("  ");
		uart_puts(f->name);
		uart_puts(": ");
		uart_put_hex((midr >> f->shift) & ((1u << f->width) - 1), (int)((f->width + 3) / 4));
		uart_puts("\n");
	}

	int64_t product = 1;
	int64_t sum = 0;
	for (int i = 0; i < 5; i++) {
		product *= numbers[i];
		sum += numbers[i];
	}
	check("product 3*5*7*11*13", product, 15015);
	check("sum 3+5+7+11+13", sum, 39);
	check("product / sum", product / sum, 385);
	check("product % sum", product % sum, 0);
	check("-100 / 7", numbers[5] / numbers[6], -14);
	check("-100 % 7", numbers[5] % numbers[6], -2);
	check("unsigned 0xFFFFFFFFFFFFFF9C / 7",
	      (int64_t)((uint64_t)numbers[5] / (uint64_t)numbers[6]), 2635249153387078788);

	check("strlen(word)", (int64_t)strlen(word), 10);
	check("vowels(word)", count_vowels(word), 3);
	reverse(word);
	uart_puts("reversed: ");
	uart_puts(word);
	uart_puts("\n");
	check("strcmp(reversed, \"rosivrepyh\")", strcmp(word, "rosivrepyh"), 0);

	if (failures == 0)
		uart_puts("All checks passed.\n");
	return failures;
}
