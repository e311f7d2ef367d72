/*
 * Start-up code shared by every qvm test guest. Entered at EL1 (or EL2) with the MMU off,
 * as QEMU's and qvm's loaders enter a bare ELF: x0 may hold a device-tree address, which the
 * guests ignore.
 */

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	/* AAPCS64 6.4.5.1: SP must be 16-byte aligned at every public interface. */
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9

	/* Report any exception instead of looping: the guests run no handler of their own. */
	adrp	x9, vectors
	add	x9, x9, :lo12:vectors
	msr	vbar_el1, x9
	isb

	/* C expects zero-initialised static storage (C17 6.7.9p10). */
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
1:	cmp	x9, x10
	b.hs	2f
	stp	xzr, xzr, [x9], #16
	b	1b

2:	bl	main
	bl	semihosting_exit
	/* semihosting_exit does not return on a semihosting host; park the CPU elsewhere. */
3:	wfi
	b	3b
	.size _start, . - _start

/*
 * EL1 vector table (ARM ARM D1.10.2): 16 entries of 0x80 bytes. Every entry passes its index
 * (0-15: current EL SP0, current EL SPx, lower EL A64, lower EL A32; each sync/IRQ/FIQ/SError)
 * to exception_report, which prints ESR/ELR/FAR and exits through semihosting.
 */
	.macro	vector_entry index
	.balign	0x80
	mov	x0, #\index
	b	vector_common
	.endm

	.section .vectors, "ax"
	.global vectors
vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \i
	.endr

vector_common:
	/* The stack may be what faulted: restart on a fresh one at the top. */
	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	exception_report
4:	wfi
	b	4b
