/*
 * cpu.c: per-CPU state and the CPU protection features the kernel turns on.
 */
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

struct cpu cpus[MAX_CPUS];

_Static_assert(__builtin_offsetof(struct cpu, kstack_top) == CPU_KSTACK_TOP, "asm offset");
_Static_assert(__builtin_offsetof(struct cpu, user_rsp) == CPU_USER_RSP, "asm offset");

void cpu_init_this(int id)
{
	struct cpu *c = &cpus[id];
	c->self = c;
	c->id = id;
	wrmsr(MSR_GS_BASE, (uintptr_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/*
 * SSE for user programs; write protection in ring 0 (the kernel obeys
 * read-only mappings); and
 * SMEP/SMAP when the CPU has them: ring 0 may then neither run user pages
 * nor touch user memory except inside the user-copy routines (stac/clac).
 */
void cpu_enable_protections(void)
{
	uint32_t a, b, c, d;
	/* User programs use SSE: let them (the kernel itself never does). */
	write_cr0((read_cr0() | CR0_WP | CR0_MP) & ~(CR0_EM | CR0_TS));
	cpuid(7, 0, &a, &b, &c, &d);
	uint64_t cr4 = read_cr4() | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (b & (1u << 7))
		cr4 |= CR4_SMEP;
	if (b & (1u << 20))
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
}

void push_irq_off(void)
{
	int enabled = (read_rflags() & RFLAGS_IF) != 0;
	cli();
	struct cpu *c = this_cpu();
	if (c->irq_off_depth++ == 0)
		c->irq_was_enabled = enabled;
}

void pop_irq_off(void)
{
	struct cpu *c = this_cpu();
	if (read_rflags() & RFLAGS_IF)
		panic("pop_irq_off: interrupts enabled");
	if (--c->irq_off_depth < 0)
		panic("pop_irq_off: unbalanced");
	if (c->irq_off_depth == 0 && c->irq_was_enabled)
		sti();
}
