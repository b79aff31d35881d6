/*
 * trap.c: the interrupt descriptor table and what happens on each vector.
 *
 * Exceptions in the kernel are bugs unless the faulting instruction is
 * listed in the exception table (the user-copy routines): those resume at
 * their fix-up address with rax = -EFAULT.  Any other exception prints the
 * registers and a backtrace, then panics.  Device interrupts go to the
 * handler registered for their vector.
 */
#include "include/uapi/errno.h"
#include "include/uapi/wait.h"
#include "kernel/gdt.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t zero;
} __attribute__((packed));

static struct idt_gate idt[256];
static irq_handler_t handlers[256];
extern const uint64_t trap_vectors[256];
extern const struct extable_entry _extable_start[], _extable_end[];

static const char *const exception_names[32] = {
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 floating point",
    "alignment check",
    "machine check",
    "SIMD floating point",
    "virtualization",
    "control protection",
};

static void set_gate(int vector, int ist, int dpl)
{
	uint64_t addr = trap_vectors[vector];
	idt[vector] = (struct idt_gate){
	    .offset_low = addr & 0xffff,
	    .selector = KERNEL_CS,
	    .ist = ist,
	    .type_attr = 0x8e | (dpl << 5), /* present, 64-bit interrupt gate */
	    .offset_mid = (addr >> 16) & 0xffff,
	    .offset_high = addr >> 32,
	};
}

/* The 8259 PICs would deliver on vectors 8-15, colliding with exceptions:
 * move them to IRQ_BASE and mask every line.  The local APIC does the rest. */
static void pic_disable(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, IRQ_BASE);
	outb(0xa1, IRQ_BASE + 8);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 1);
	outb(0xa1, 1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void trap_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, 0, v == T_BREAKPOINT ? 3 : 0);
	pic_disable();
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} p = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" : : "m"(p));
}

void trap_init_stacks(void)
{
	uintptr_t df = kstack_alloc(4), nmi = kstack_alloc(4);
	if (!df || !nmi)
		panic("trap: no memory for exception stacks");
	tss_set_ist(IST_DOUBLE_FAULT, df);
	tss_set_ist(IST_NMI, nmi);
	set_gate(T_DOUBLE_FAULT, IST_DOUBLE_FAULT, 0);
	set_gate(T_NMI, IST_NMI, 0);
}

void trap_set_handler(int vector, irq_handler_t fn)
{
	handlers[vector] = fn;
}

static const struct extable_entry *extable_find(uint64_t rip)
{
	for (const struct extable_entry *e = _extable_start; e < _extable_end; e++)
		if (e->fault_rip == rip)
			return e;
	return 0;
}

static void dump_trapframe(const struct trapframe *tf)
{
	const char *name = tf->vector < 32 && exception_names[tf->vector]
	                       ? exception_names[tf->vector]
	                       : "interrupt";
	printk("trap %lu (%s) err=%#lx rip=%016lx cr2=%016lx\n", tf->vector, name, tf->error,
	       tf->rip, read_cr2());
	printk("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", tf->rax, tf->rbx, tf->rcx,
	       tf->rdx);
	printk("  rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n", tf->rsi, tf->rdi, tf->rbp,
	       tf->rsp);
	printk("  r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n", tf->r8, tf->r9, tf->r10, tf->r11);
	printk("  r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n", tf->r12, tf->r13, tf->r14,
	       tf->r15);
	printk("  cs=%#lx ss=%#lx rflags=%#lx cr3=%016lx\n", tf->cs, tf->ss, tf->rflags,
	       read_cr3());
	uint64_t off;
	const char *fn = ksym_lookup(tf->rip, &off);
	if (fn)
		printk("  at %s+%#lx\n", fn, off);
}

/* Page-fault error code bits. */
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4
#define PF_FETCH   0x10

static unsigned fault_access(const struct trapframe *tf)
{
	return ((tf->error & PF_WRITE) ? FAULT_WRITE : 0) |
	       ((tf->error & PF_FETCH) ? FAULT_EXEC : 0);
}

/*
 * iretq to user mode can itself fault, in ring 0, when the frame it pops
 * is one the CPU refuses: a non-canonical rip (a signal handler at a wild
 * address) or a kernel segment (a forged sigreturn frame).  That is the
 * program's fault, not the kernel's: like Linux, it dies with SIGSEGV.
 * The process's trapframe is intact, so nothing is lost by not returning.
 */
static void bad_user_iret(struct trapframe *tf)
{
	struct proc *p = myproc();
	printk("%s[%d]: killed by signal %d: cannot return to rip %#lx cs %#lx\n", p->name, p->pid,
	       SIGSEGV, p->tf->rip, p->tf->cs);
	(void)tf;
	proc_exit(W_SIGNALED(SIGSEGV));
}

static void kernel_exception(struct trapframe *tf)
{
	extern char trap_iret[];
	if (tf->rip == (uint64_t)trap_iret && myproc() && (myproc()->tf->cs & 3) == 3)
		bad_user_iret(tf);
	const struct extable_entry *fix = extable_find(tf->rip);
	if (fix && tf->vector == T_PAGE_FAULT) {
		/* A user-copy routine touched user memory: it may only be absent
		 * (lazy allocation) or shared (copy-on-write).  Otherwise: -EFAULT. */
		uint64_t addr = read_cr2();
		struct proc *p = myproc();
		if (p && p->mm && addr < USER_TOP && mm_fault(p->mm, addr, fault_access(tf)) == 0)
			return;
		tf->rip = fix->resume_rip;
		tf->rax = (uint64_t)-EFAULT;
		return;
	}
	dump_trapframe(tf);
	/* The trapped code's frame chain starts at its rbp. */
	printk("trapped code's ");
	backtrace_from(tf->rbp);
	if (tf->vector == T_DOUBLE_FAULT)
		panic("double fault (kernel stack overflow?) at rip %lx", tf->rip);
	panic("unhandled exception %lu at rip %lx", tf->vector, tf->rip);
}

/* An exception in user mode: the program's fault, answered with a signal. */
static void user_exception(struct trapframe *tf)
{
	struct proc *p = myproc();
	switch (tf->vector) {
	case T_PAGE_FAULT: {
		uint64_t addr = read_cr2();
		int err = addr < USER_TOP ? mm_fault(p->mm, addr, fault_access(tf)) : -EFAULT;
		if (err == 0)
			return;
		/* SEGV_MAPERR: nothing mapped there; SEGV_ACCERR: mapped, but not like that. */
		int code = mm_find_region(p->mm, addr) ? SEGV_ACCERR : SEGV_MAPERR;
		signal_fault(tf, err == -ENOMEM ? SIGBUS : SIGSEGV, code, addr);
		return;
	}
	case T_DIVIDE:
		signal_fault(tf, SIGFPE, FPE_INTDIV, tf->rip);
		return;
	case T_INVALID_OP:
		signal_fault(tf, SIGILL, ILL_ILLOPN, tf->rip);
		return;
	case T_BREAKPOINT:
	case T_DEBUG:
		signal_fault(tf, SIGTRAP, TRAP_BRKPT, tf->rip);
		return;
	case 16: /* x87 floating point */
	case 19: /* SIMD floating point */
		signal_fault(tf, SIGFPE, FPE_FLTINV, tf->rip);
		return;
	case 17: /* alignment check */
		signal_fault(tf, SIGBUS, BUS_ADRALN, tf->rip);
		return;
	default: /* general protection and the rest */
		signal_fault(tf, SIGSEGV, SI_KERNEL, 0);
		return;
	}
}

/* Everything that must happen before a process goes back to user mode. */
void user_return_work(struct trapframe *tf)
{
	signal_deliver(tf);
}

void trap(struct trapframe *tf)
{
	bool from_user = (tf->cs & 3) == 3;
	if (tf->vector < 32) {
		if (from_user)
			user_exception(tf);
		else
			kernel_exception(tf);
	} else if (handlers[tf->vector]) {
		handlers[tf->vector](tf);
	} else if (tf->vector != T_SPURIOUS) {
		printk("trap: unexpected interrupt %lu\n", tf->vector);
	}

	/* Preemption: a timer tick ends the running process's turn. */
	struct proc *p = myproc();
	if (tf->vector == T_TIMER && p && p->state == P_RUNNING)
		yield();
	if (from_user)
		user_return_work(tf);
}
