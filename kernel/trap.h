/*
 * trap.h: interrupts and exceptions.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

/* What trapentry.asm leaves on the stack, lowest address first. */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;                    /* the CPU's error code, or 0 */
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Exception vectors. */
#define T_DIVIDE       0
#define T_DEBUG        1
#define T_NMI          2
#define T_BREAKPOINT   3
#define T_INVALID_OP   6
#define T_DOUBLE_FAULT 8
#define T_GP           13
#define T_PAGE_FAULT   14

/* Interrupt vectors. */
#define IRQ_BASE   32 /* legacy PIC lines, remapped here and masked */
#define T_TIMER    48 /* local APIC timer */
#define T_SPURIOUS 255
/* Not a hardware vector: what kernel/syscall.asm records in a system call's
 * trapframe.  Its error slot then holds the system call number. */
#define T_SYSCALL_FRAME 256

/* IST slots in the TSS (trap.c sets them up). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2

void trap_init(void);        /* load the IDT (early, before memory is set up) */
void trap_init_stacks(void); /* give double fault and NMI their own stacks */

typedef void (*irq_handler_t)(struct trapframe *tf);
void trap_set_handler(int vector, irq_handler_t fn);

/* Kernel code that may fault on purpose lists (rip, resume rip) pairs in
 * the .extable section; a fault at rip continues at resume with rax = -EFAULT. */
struct extable_entry {
	uint64_t fault_rip;
	uint64_t resume_rip;
};

#endif
