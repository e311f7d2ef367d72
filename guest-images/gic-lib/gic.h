/*
 * GICv3 helpers shared by the gic-* test guests: distributor/redistributor access, the ICC
 * system registers, the generic timer, and an EL1 vector table whose IRQ entry saves the
 * caller-saved registers plus ELR_EL1/SPSR_EL1 on the stack and calls gic_handle_irq(), so a
 * handler may unmask IRQs and be preempted (nested) safely.
 *
 * Include this header exactly once per guest (it defines functions and the vector table).
 * Addresses are QEMU virt's (and qvm's default board): GICD 0x08000000, GICR 0x080A0000.
 */
#ifndef QVM_GIC_LIB_H
#define QVM_GIC_LIB_H

#include "../common/runtime.h"

#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080A0000UL /* vCPU 0's RD_base; SGI_base follows at +64 KiB */
#define GICR_SGI_BASE (GICR_BASE + 0x10000UL)

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ISACTIVER 0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xFFE8
#define GICR_WAKER 0x0014

/* GICD_CTLR with one Security state: EnableGrp0 [0], EnableGrp1 [1], ARE [4]. */
#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)

#define SPURIOUS 1023u

static inline uint32_t mmio_read32(uint64_t pa) { return *(volatile uint32_t *)pa; }
static inline void mmio_write32(uint64_t pa, uint32_t v) { *(volatile uint32_t *)pa = v; }
static inline void mmio_write8(uint64_t pa, uint8_t v) { *(volatile uint8_t *)pa = v; }

/* ICC registers by their encodings (IHI 0069, 12.2), so any assembler accepts them. */
#define READ_SYSREG(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " name : "=r"(_v)); _v; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " name ", %0" ::"r"((uint64_t)(v)) : "memory")
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_DIR_EL1 "S3_0_C12_C11_1"
#define ICC_RPR_EL1 "S3_0_C12_C11_3"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_HPPIR1_EL1 "S3_0_C12_C12_2"
#define ICC_BPR1_EL1 "S3_0_C12_C12_3"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* A private interrupt (SGI/PPI) of vCPU 0: Group 1, the given priority, then enabled. */
static inline void gic_enable_private(uint32_t intid, uint8_t priority)
{
	mmio_write32(GICR_SGI_BASE + GICD_IGROUPR, mmio_read32(GICR_SGI_BASE + GICD_IGROUPR) | (1u << intid));
	mmio_write8(GICR_SGI_BASE + GICD_IPRIORITYR + intid, priority);
	mmio_write32(GICR_SGI_BASE + GICD_ISENABLER, 1u << intid);
}

static inline void gic_set_private_group1(uint32_t intid, uint8_t priority)
{
	mmio_write32(GICR_SGI_BASE + GICD_IGROUPR, mmio_read32(GICR_SGI_BASE + GICD_IGROUPR) | (1u << intid));
	mmio_write8(GICR_SGI_BASE + GICD_IPRIORITYR + intid, priority);
}

/* An SPI: Group 1, the given priority, routed to Aff 0.0.0.0 (this PE), then enabled. */
static inline void gic_enable_spi(uint32_t intid, uint8_t priority)
{
	uint64_t reg = GICD_BASE + (intid / 32) * 4;
	mmio_write32(reg + GICD_IGROUPR, mmio_read32(reg + GICD_IGROUPR) | (1u << (intid % 32)));
	mmio_write8(GICD_BASE + GICD_IPRIORITYR + intid, priority);
	mmio_write32(GICD_BASE + GICD_IROUTER + 8 * intid, 0);
	mmio_write32(GICD_BASE + GICD_IROUTER + 8 * intid + 4, 0);
	mmio_write32(reg + GICD_ISENABLER, 1u << (intid % 32));
}

static inline int gic_spi_pending(uint32_t intid) { return (mmio_read32(GICD_BASE + GICD_ISPENDR + (intid / 32) * 4) >> (intid % 32)) & 1; }

/* Spins for about the given number of counter ticks of CNTVCT_EL0. */
static inline void delay_ticks(uint64_t ticks)
{
	uint64_t start = READ_SYSREG("cntvct_el0");
	while (READ_SYSREG("cntvct_el0") - start < ticks)
		;
}

static inline int gic_private_active(uint32_t intid) { return (mmio_read32(GICR_SGI_BASE + GICD_ISACTIVER) >> intid) & 1; }
static inline int gic_private_pending(uint32_t intid) { return (mmio_read32(GICR_SGI_BASE + GICD_ISPENDR) >> intid) & 1; }

/* SGI to this PE (Aff0 0, the only vCPU): TargetList bit 0 (ICC_SGI1R_EL1, 12.2.21). */
static inline void gic_send_sgi_self(uint32_t intid) { WRITE_SYSREG(ICC_SGI1R_EL1, ((uint64_t)intid << 24) | 1u); isb(); }

typedef void (*irq_handler_t)(uint32_t intid);
static irq_handler_t irq_handlers[64]; /* INTIDs 0..63 */
/* When set, handlers do their own EOI/DIR (EOImode 1 test). */
static volatile int handler_does_eoi;

/* Called from the IRQ vector with IRQs masked. */
void gic_handle_irq(void);
void gic_handle_irq(void)
{
	uint32_t intid = (uint32_t)READ_SYSREG(ICC_IAR1_EL1) & 0xffffff;
	if (intid == SPURIOUS)
		return;
	if (intid < 64 && irq_handlers[intid])
		irq_handlers[intid](intid);
	else {
		uart_puts("unexpected INTID ");
		uart_put_dec(intid);
		uart_puts("\n");
		semihosting_exit(100);
	}
	if (!handler_does_eoi)
		WRITE_SYSREG(ICC_EOIR1_EL1, intid);
}

void gic_bad_exception(uint64_t vector);
void gic_bad_exception(uint64_t vector)
{
	exception_report(vector, READ_SYSREG("esr_el1"), READ_SYSREG("elr_el1"), READ_SYSREG("far_el1"));
}

__asm__(
	"	.pushsection .vectors, \"ax\"\n"
	"	.balign 2048\n"
	"gic_vectors:\n"
	"	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
	"	.balign 0x80\n"
	"	.if \\i == 5\n"
	"	b gic_irq_entry\n"
	"	.else\n"
	"	mov x0, #\\i\n"
	"	b gic_bad_exception\n"
	"	.endif\n"
	"	.endr\n"
	"gic_irq_entry:\n"
	"	sub sp, sp, #192\n"
	"	stp x0, x1, [sp, #0]\n"
	"	stp x2, x3, [sp, #16]\n"
	"	stp x4, x5, [sp, #32]\n"
	"	stp x6, x7, [sp, #48]\n"
	"	stp x8, x9, [sp, #64]\n"
	"	stp x10, x11, [sp, #80]\n"
	"	stp x12, x13, [sp, #96]\n"
	"	stp x14, x15, [sp, #112]\n"
	"	stp x16, x17, [sp, #128]\n"
	"	stp x18, x29, [sp, #144]\n"
	"	str x30, [sp, #160]\n"
	"	mrs x0, elr_el1\n"
	"	mrs x1, spsr_el1\n"
	"	stp x0, x1, [sp, #176]\n"
	"	bl gic_handle_irq\n"
	"	msr daifset, #2\n"
	"	ldp x0, x1, [sp, #176]\n"
	"	msr elr_el1, x0\n"
	"	msr spsr_el1, x1\n"
	"	ldp x0, x1, [sp, #0]\n"
	"	ldp x2, x3, [sp, #16]\n"
	"	ldp x4, x5, [sp, #32]\n"
	"	ldp x6, x7, [sp, #48]\n"
	"	ldp x8, x9, [sp, #64]\n"
	"	ldp x10, x11, [sp, #80]\n"
	"	ldp x12, x13, [sp, #96]\n"
	"	ldp x14, x15, [sp, #112]\n"
	"	ldp x16, x17, [sp, #128]\n"
	"	ldp x18, x29, [sp, #144]\n"
	"	ldr x30, [sp, #160]\n"
	"	add sp, sp, #192\n"
	"	eret\n"
	"	.popsection\n");

/*
 * What a bare-metal driver does (and Linux's gic_dist_init/gic_cpu_init, reduced): check that
 * this is a GICv3, enable affinity routing and Group 1, wake the redistributor (GICR_WAKER
 * handshake), enable the system-register interface and Group 1 in the CPU interface.
 */
static inline int gic_init(void)
{
	extern char gic_vectors[];
	WRITE_SYSREG("vbar_el1", (uint64_t)gic_vectors);
	isb();
	if (((mmio_read32(GICD_BASE + GICD_PIDR2) >> 4) & 0xf) != 3) {
		uart_puts("not a GICv3\n");
		return 0;
	}
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
	mmio_write32(GICR_BASE + GICR_WAKER, mmio_read32(GICR_BASE + GICR_WAKER) & ~(1u << 1));
	while (mmio_read32(GICR_BASE + GICR_WAKER) & (1u << 2))
		;
	WRITE_SYSREG(ICC_SRE_EL1, READ_SYSREG(ICC_SRE_EL1) | 1);
	isb();
	WRITE_SYSREG(ICC_PMR_EL1, 0xf0);
	WRITE_SYSREG(ICC_BPR1_EL1, 0);
	WRITE_SYSREG(ICC_IGRPEN1_EL1, 1);
	isb();
	uart_puts("GICv3 up\n");
	return 1;
}

/* Waits until *flag reaches want or about max_spins iterations pass; returns the last value. */
static inline int wait_for(volatile int *flag, int want, long max_spins)
{
	for (long i = 0; i < max_spins && *flag < want; i++)
		__asm__ volatile("" ::: "memory");
	return *flag;
}

#endif
