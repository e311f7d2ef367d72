/*
 * id-regs: prints the identification registers a kernel reads at boot to learn what CPU it runs
 * on (ARM ARM D17.2): every encoding of the ID_AA64* space (op0=3, op1=0, CRn=0, CRm=4..7; the
 * unnamed ones are reserved and read as zero, D17.1.3), MIDR_EL1, MPIDR_EL1, REVIDR_EL1,
 * AIDR_EL1, CTR_EL0, DCZID_EL0, CLIDR_EL1 and CCSIDR_EL1 for every CSSELR_EL1 level and type.
 * qvm's default CPU model claims to be QEMU's cortex-a57, so qvm must print exactly what QEMU
 * prints, line for line.
 *
 * One deliberate difference is kept out of the output: qvm's EL0 and EL1 are AArch64-only
 * (ID_AA64PFR0_EL1.EL0 = EL1 = 0b0001) where QEMU's cortex-a57 also offers AArch32 (0b0010).
 * The guest prints ID_AA64PFR0_EL1 with those two fields masked, and then what both machines
 * agree on: that EL0 and EL1 run AArch64.
 *
 * Exit status: the number of failed checks (MIDR, CTR, DCZID and CLIDR against the values the
 * Cortex-A57 TRM gives and QEMU reports).
 */
#include "../exc-common/trap.h"

#define SHOW(name, enc) show(name, read_sysreg(enc))

static void show(const char *name, uint64_t v)
{
	uart_puts(name);
	uart_puts(": ");
	uart_put_hex(v, 16);
	uart_puts("\n");
}

/* One ID_AA64* encoding; reserved ones get their generic name and must read as zero. */
#define ID(crm, op2, name) SHOW(name, s3_0_c0_c##crm##_##op2)

static void id_aa64_space(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

	show("ID_AA64PFR0_EL1 without EL0, EL1", pfr0 & ~0xffUL);
	uart_puts("  EL0: ");
	uart_puts((pfr0 & 0xf) != 0 ? "AArch64\n" : "none\n");
	uart_puts("  EL1: ");
	uart_puts(((pfr0 >> 4) & 0xf) != 0 ? "AArch64\n" : "none\n");
	ID(4, 1, "ID_AA64PFR1_EL1");
	ID(4, 2, "S3_0_C0_C4_2");
	ID(4, 3, "S3_0_C0_C4_3");
	ID(4, 4, "ID_AA64ZFR0_EL1");
	ID(4, 5, "ID_AA64SMFR0_EL1");
	ID(4, 6, "S3_0_C0_C4_6");
	ID(4, 7, "S3_0_C0_C4_7");
	ID(5, 0, "ID_AA64DFR0_EL1");
	ID(5, 1, "ID_AA64DFR1_EL1");
	ID(5, 2, "S3_0_C0_C5_2");
	ID(5, 3, "S3_0_C0_C5_3");
	ID(5, 4, "ID_AA64AFR0_EL1");
	ID(5, 5, "ID_AA64AFR1_EL1");
	ID(5, 6, "S3_0_C0_C5_6");
	ID(5, 7, "S3_0_C0_C5_7");
	ID(6, 0, "ID_AA64ISAR0_EL1");
	ID(6, 1, "ID_AA64ISAR1_EL1");
	ID(6, 2, "ID_AA64ISAR2_EL1");
	ID(6, 3, "S3_0_C0_C6_3");
	ID(6, 4, "S3_0_C0_C6_4");
	ID(6, 5, "S3_0_C0_C6_5");
	ID(6, 6, "S3_0_C0_C6_6");
	ID(6, 7, "S3_0_C0_C6_7");
	ID(7, 0, "ID_AA64MMFR0_EL1");
	ID(7, 1, "ID_AA64MMFR1_EL1");
	ID(7, 2, "ID_AA64MMFR2_EL1");
	ID(7, 3, "S3_0_C0_C7_3");
	ID(7, 4, "S3_0_C0_C7_4");
	ID(7, 5, "S3_0_C0_C7_5");
	ID(7, 6, "S3_0_C0_C7_6");
	ID(7, 7, "S3_0_C0_C7_7");
}

/*
 * CCSIDR_EL1 describes the cache CSSELR_EL1 selects (D17.2.25): Level in [3:1] (0 = L1), InD in
 * [0] (1 = instruction cache). CLIDR_EL1 says which levels exist; for the others the value is
 * UNKNOWN in the ARM ARM, and zero on QEMU, which qvm follows.
 */
static void caches(void)
{
	for (uint64_t level = 0; level < 7; level++) {
		for (uint64_t ind = 0; ind < 2; ind++) {
			write_sysreg(csselr_el1, (level << 1) | ind);
			isb();
			uart_puts("CCSIDR_EL1 L");
			uart_put_dec((int64_t)level + 1);
			uart_puts(ind ? " instruction: " : " data/unified: ");
			uart_put_hex(read_sysreg(ccsidr_el1), 16);
			uart_puts(" (CSSELR_EL1 ");
			uart_put_hex(read_sysreg(csselr_el1), 2);
			uart_puts(")\n");
		}
	}
	write_sysreg(csselr_el1, 0);
	isb();
}

int main(void)
{
	uint64_t midr = read_sysreg(midr_el1);
	uint64_t ctr = read_sysreg(ctr_el0);
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t clidr = read_sysreg(clidr_el1);

	uart_puts("id-regs: identification registers at EL1\n");
	trap_install();
	show("MIDR_EL1", midr);
	SHOW("MPIDR_EL1", mpidr_el1);
	SHOW("REVIDR_EL1", revidr_el1);
	SHOW("AIDR_EL1", aidr_el1);
	show("CTR_EL0", ctr);
	show("DCZID_EL0", dczid);
	show("CLIDR_EL1", clidr);
	id_aa64_space();
	caches();
	if (trap.count != 0) {
		uart_puts("id-regs: an ID register read trapped\n");
		failures++;
	}
	/* Cortex-A57 TRM 4.3: MIDR r1p0 as QEMU reports it; 64-byte DC ZVA; L1 I+D, L2 unified. */
	check("MIDR_EL1 is a Cortex-A57 (Arm, PartNum 0xD07)", midr & 0xff00fff0UL, 0x4100d070UL);
	check("CTR_EL0.DminLine = 4 (64-byte lines)", (ctr >> 16) & 0xf, 4);
	check("DCZID_EL0: DC ZVA allowed, 64 bytes", dczid, 4);
	check("CLIDR_EL1 Ctype1 = I+D, Ctype2 = unified", clidr & 0x3f, 0x23);
	if (failures == 0)
		uart_puts("id-regs: all checks passed\n");
	else
		uart_puts("id-regs: FAILED\n");
	return failures;
}
