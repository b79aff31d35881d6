/*
 * syscall.c: from the `syscall` instruction to sys_<name>.
 *
 * kernel/syscall.asm saves the user registers in a trapframe and calls
 * syscall_dispatch.  The number is in rax, the arguments in rdi, rsi, rdx,
 * r10, r8, r9 (Linux's x86-64 convention; r10 instead of rcx because the
 * instruction overwrites rcx).  Handlers return a value or -errno, which
 * goes back to user space in rax.
 */
#include <asm/unistd_64.h>
#include <stdbool.h>

#include "include/uapi/errno.h"
#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/x86.h"
#include "mm/kvm.h"

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

#define NSYSCALLS 512

/* Handlers take typed arguments; the table calls them all the same way.
 * The cast through void (*)(void) says so on purpose. */
#define SYSCALL(name) [__NR_##name] = (syscall_fn)(void (*)(void))sys_##name,
static const syscall_fn syscall_table[NSYSCALLS] = {
#include "kernel/syscall_list.h"
};
#undef SYSCALL

extern const char *const linux_syscall_names[]; /* generated: build/syscall_names.c */
extern const unsigned linux_syscall_count;

static uint64_t reported[NSYSCALLS / 64]; /* unknown numbers already logged */

static long unknown_syscall(uint64_t nr)
{
	if (nr < NSYSCALLS && !(reported[nr / 64] & (1UL << (nr % 64)))) {
		reported[nr / 64] |= 1UL << (nr % 64);
		const char *name = nr < linux_syscall_count && linux_syscall_names[nr]
		                       ? linux_syscall_names[nr]
		                       : "?";
		printk("%s[%d]: system call %lu (%s) is not implemented: -ENOSYS\n", myproc()->name,
		       myproc()->pid, nr, name);
	} else if (nr >= NSYSCALLS && !(reported[0] & 1UL << 63)) {
		reported[0] |= 1UL << 63;
		printk("%s[%d]: system call %lu does not exist: -ENOSYS\n", myproc()->name,
		       myproc()->pid, nr);
	}
	return -ENOSYS;
}

/* With `strace` on the kernel command line, every system call is logged. */
bool syscall_trace;

static void trace(const struct trapframe *tf, uint64_t nr, long r)
{
	const char *name =
	    nr < linux_syscall_count && linux_syscall_names[nr] ? linux_syscall_names[nr] : "?";
	printk("[%d %s] %s(%#lx, %#lx, %#lx, %#lx) = %ld\n", myproc()->pid, myproc()->name, name,
	       tf->rdi, tf->rsi, tf->rdx, tf->r10, r);
}

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->rax;
	syscall_fn fn = nr < NSYSCALLS ? syscall_table[nr] : 0;
	struct trapframe args = *tf; /* for the trace: execve rewrites tf */
	long r = fn ? fn(tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9) : unknown_syscall(nr);
	if (syscall_trace)
		trace(&args, nr, r);
	/* rt_sigreturn and execve rewrote the whole frame; rax is part of it. */
	tf->rax = (uint64_t)r;
	user_return_work(tf);
}

void syscall_init(void)
{
	/* STAR: the kernel's CS (SS = CS + 8) on entry; on sysret CS = base + 16,
	 * SS = base + 8 with base = 0x20 | 3: Linux's selectors 0x33 and 0x2b. */
	wrmsr(MSR_STAR, ((uint64_t)(USER32_CS - 3) << 48) | ((uint64_t)KERNEL_CS << 32));
	extern char syscall_entry[];
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Flags cleared on entry: interrupts, trap, direction, alignment check
	 * (AC would switch SMAP off), nested task. */
	wrmsr(MSR_FMASK, RFLAGS_IF | (1UL << 8) | (1UL << 10) | (1UL << 18) | (1UL << 14));
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
