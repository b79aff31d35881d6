/*
 * cpu.h: per-CPU data, reached only through this_cpu().
 *
 * Each CPU's GS base points at its struct cpu, whose first field points at
 * itself, so this_cpu() is one instruction and needs no CPU number.  One CPU
 * runs today; the multiprocessor issue fills cpus[1..].
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdint.h>

#define MAX_CPUS 8

struct proc;
struct context;

struct cpu {
	struct cpu *self;    /* %gs:0  this_cpu() reads it */
	uint64_t kstack_top; /* %gs:8  syscall entry switches to it */
	uint64_t user_rsp;   /* %gs:16 syscall entry parks the user's rsp here */
	int id;
	int irq_off_depth;         /* nesting of push_irq_off() */
	int irq_was_enabled;       /* IF before the outermost push_irq_off() */
	struct proc *proc;         /* running on this CPU, or NULL in the scheduler */
	struct context *scheduler; /* the scheduler loop's saved context */
};

/* Offsets used by kernel/syscall.asm; cpu.c checks them. */
#define CPU_KSTACK_TOP 8
#define CPU_USER_RSP   16

extern struct cpu cpus[MAX_CPUS];

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

void cpu_init_this(int id); /* sets GS base; call before taking any lock */
void cpu_enable_protections(void);

/* Interrupt disabling that nests (xv6's push_off/pop_off). */
void push_irq_off(void);
void pop_irq_off(void);

#endif
