/*
 * signal.c: sending and delivering signals.
 *
 * Sending sets a bit in the target's pending set (and wakes it, so a
 * blocking system call can return -EINTR).  Delivery happens on the way
 * back to user mode (user_return_work): for each pending, unblocked signal
 * we take the default action, ignore it, or push a signal frame on the
 * user stack and point the registers at the handler.  The handler returns
 * into the restorer musl registered (SA_RESTORER), which calls
 * rt_sigreturn; that reads the frame back and restores every register.
 *
 * The frame is Linux's x86-64 rt_sigframe:
 *
 *     higher addresses
 *     | fxsave area (512 bytes, 64-aligned) | <- uc.uc_mcontext.fpstate
 *     | siginfo_t info                      | <- rsi
 *     | ucontext uc (registers, old mask)   | <- rdx
 *     | return address = sa_restorer        | <- rsp at handler entry
 */
#include <stddef.h>

#include "include/uapi/errno.h"
#include "include/uapi/wait.h"
#include "kernel/clock.h"
#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/usercopy.h"
#include "lib/string.h"

#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))
/* RFLAGS bits a signal handler's context may change (Linux's FIX_EFLAGS). */
#define USER_RFLAGS_MASK 0x40dd5UL

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	siginfo_t info;
};

enum default_action { ACT_TERMINATE, ACT_CORE, ACT_IGNORE, ACT_STOP };

static enum default_action default_action(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
		return ACT_IGNORE;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return ACT_STOP;
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return ACT_CORE;
	default:
		return ACT_TERMINATE;
	}
}

static bool is_ignored(struct proc *p, int sig)
{
	uint64_t h = p->sig.action[sig].handler;
	return h == (uint64_t)SIG_IGN ||
	       (h == (uint64_t)SIG_DFL && default_action(sig) == ACT_IGNORE);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Tell p's parent that p stopped or continued: SIGCHLD (unless the parent
 * asked for none with SA_NOCLDSTOP) and a wakeup for its wait4. */
static void notify_parent_locked(struct proc *p, int code, int status)
{
	struct proc *parent = p->parent;
	if (!parent)
		return;
	if (!(parent->sig.action[SIGCHLD].flags & SA_NOCLDSTOP)) {
		struct sig_sender why = {
		    .code = code, .pid = p->pid, .uid = p->cred.uid, .status = status};
		signal_send_locked(parent, SIGCHLD, &why);
	}
	wakeup_locked(parent);
}

/* SIGCONT continues a stopped process at once, whatever it does with the signal. */
static void continue_locked(struct proc *p)
{
	p->sig.pending &= ~(sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU));
	if (p->state != P_STOPPED)
		return;
	p->state = P_RUNNABLE;
	p->report = REPORT_CONTINUED;
	notify_parent_locked(p, CLD_CONTINUED, SIGCONT);
}

/* Stop the current process (a stop signal's default action) until SIGCONT or SIGKILL. */
static void stop_self(int sig)
{
	struct proc *p = myproc();
	spin_lock(&proc_lock);
	p->stop_signal = sig;
	p->report = REPORT_STOPPED;
	p->state = P_STOPPED;
	notify_parent_locked(p, CLD_STOPPED, sig);
	sched();
	spin_unlock(&proc_lock);
}

void signal_send_locked(struct proc *p, int sig, const struct sig_sender *from)
{
	if (sig <= 0 || sig > KERNEL_NSIG || p->exiting || p->state == P_ZOMBIE ||
	    p->state == P_UNUSED)
		return;
	/* SIGCONT continues a stopped process even when the signal itself is ignored. */
	if (sig == SIGCONT)
		continue_locked(p);
	/* An ignored signal is dropped at once, unless blocked (it may be unignored first). */
	if (!(p->sig.blocked & sigbit(sig)) && is_ignored(p, sig))
		return;
	if (is_stop_signal(sig))
		p->sig.pending &= ~sigbit(SIGCONT);
	p->sig.pending |= sigbit(sig);
	p->sig.sender[sig] = *from;
	if (sig == SIGKILL && p->state == P_STOPPED)
		p->state = P_RUNNABLE; /* a stopped process must still be able to die */
	if (!(p->sig.blocked & sigbit(sig)) && p->state == P_SLEEPING)
		p->state = P_RUNNABLE; /* its sleep loop sees signal_pending() */
}

void signal_send(struct proc *p, int sig, const struct sig_sender *from)
{
	spin_lock(&proc_lock);
	signal_send_locked(p, sig, from);
	spin_unlock(&proc_lock);
}

int signal_pgrp(int pgid, int sig, const struct sig_sender *from)
{
	int sent = 0;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC]; p++) {
		if (p->state != P_UNUSED && p->state != P_EMBRYO && p->state != P_ZOMBIE &&
		    p->pgid == pgid) {
			signal_send_locked(p, sig, from);
			sent++;
		}
	}
	spin_unlock(&proc_lock);
	return sent;
}

bool signal_pending(struct proc *p)
{
	return (p->sig.pending & ~p->sig.blocked) != 0;
}

/* After execve: handlers no longer exist; ignored signals stay ignored. */
void signal_exec_reset(struct proc *p)
{
	for (int sig = 1; sig <= KERNEL_NSIG; sig++) {
		struct kernel_sigaction *a = &p->sig.action[sig];
		if (a->handler != (uint64_t)SIG_IGN)
			*a = (struct kernel_sigaction){0};
		a->flags = 0;
		a->mask = 0;
		a->restorer = 0;
	}
	p->sig.altstack_sp = p->sig.altstack_size = 0;
	p->sig.altstack_flags = SS_DISABLE;
}

/*
 * A fault the program caused.  Like Linux's force_sig: if the signal is
 * blocked or ignored, the process could never make progress, so the
 * default action (death) is restored.  One line on the console says what
 * happened when it will kill.
 */
void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr)
{
	struct proc *p = myproc();
	spin_lock(&proc_lock);
	struct kernel_sigaction *a = &p->sig.action[sig];
	if ((p->sig.blocked & sigbit(sig)) || a->handler == (uint64_t)SIG_IGN) {
		a->handler = (uint64_t)SIG_DFL;
		p->sig.blocked &= ~sigbit(sig);
	}
	if (a->handler == (uint64_t)SIG_DFL)
		printk("%s[%d]: killed by signal %d: fault at %#lx, rip %#lx\n", p->name, p->pid,
		       sig, addr, tf->rip);
	struct sig_sender why = {.code = code, .addr = addr};
	signal_send_locked(p, sig, &why);
	spin_unlock(&proc_lock);
}

static void fill_siginfo(siginfo_t *info, int sig, const struct sig_sender *from)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = from->code;
	switch (sig) {
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		if (from->code > 0) { /* a fault, not a kill(2) */
			info->si_addr = (void *)from->addr;
			return;
		}
		break;
	case SIGCHLD:
		info->si_status = from->status;
		break;
	}
	info->si_pid = from->pid;
	info->si_uid = from->uid;
}

/* Where the frame goes: the alternate stack if asked for and not already on it. */
static uint64_t frame_stack_top(struct proc *p, const struct kernel_sigaction *a, uint64_t rsp)
{
	uint64_t alt = p->sig.altstack_sp, size = p->sig.altstack_size;
	bool on_alt = size && rsp > alt && rsp <= alt + size;
	if ((a->flags & SA_ONSTACK) && size && !(p->sig.altstack_flags & SS_DISABLE) && !on_alt)
		return alt + size;
	return rsp - 128; /* skip the interrupted code's red zone */
}

static bool push_frame(struct trapframe *tf, int sig, const struct kernel_sigaction *a)
{
	struct proc *p = myproc();
	uint64_t sp = frame_stack_top(p, a, tf->rsp);
	uint64_t fpstate = (sp - sizeof(struct fpu_state)) & ~63UL;
	/* At handler entry rsp + 8 must be 16-aligned, as after a call. */
	uint64_t frame_addr = ((fpstate - sizeof(struct rt_sigframe)) & ~15UL) - 8;

	struct rt_sigframe f; /* a few hundred bytes: fine on a 16 KiB kernel stack */
	struct rt_sigframe *frame = &f;
	memset(frame, 0, sizeof(*frame));
	frame->pretcode = a->restorer;
	frame->uc.uc_stack.ss_sp = (void *)p->sig.altstack_sp;
	frame->uc.uc_stack.ss_size = p->sig.altstack_size;
	frame->uc.uc_stack.ss_flags = p->sig.altstack_size ? 0 : SS_DISABLE;
	struct sigcontext *sc = &frame->uc.uc_mcontext;
	sc->r8 = tf->r8, sc->r9 = tf->r9, sc->r10 = tf->r10, sc->r11 = tf->r11;
	sc->r12 = tf->r12, sc->r13 = tf->r13, sc->r14 = tf->r14, sc->r15 = tf->r15;
	sc->rdi = tf->rdi, sc->rsi = tf->rsi, sc->rbp = tf->rbp, sc->rbx = tf->rbx;
	sc->rdx = tf->rdx, sc->rax = tf->rax, sc->rcx = tf->rcx, sc->rsp = tf->rsp;
	sc->rip = tf->rip, sc->eflags = tf->rflags, sc->cs = tf->cs, sc->ss = tf->ss;
	sc->trapno = tf->vector < 32 ? tf->vector : 0;
	sc->err = tf->vector < 32 ? tf->error : 0;
	sc->oldmask = p->sig.blocked;
	sc->fpstate = (void *)fpstate;
	frame->uc.uc_sigmask = p->sig.restore_saved_mask ? p->sig.saved_mask : p->sig.blocked;
	fill_siginfo(&frame->info, sig, &p->sig.sender[sig]);

	struct fpu_state fpu;
	__asm__ volatile("fxsave64 %0" : "=m"(fpu));
	if (copy_to_user(fpstate, &fpu, sizeof(fpu)) ||
	    copy_to_user(frame_addr, frame, sizeof(*frame)))
		return false;

	tf->rip = a->handler;
	tf->rsp = frame_addr;
	tf->rdi = sig;
	tf->rsi = frame_addr + offsetof(struct rt_sigframe, info);
	tf->rdx = frame_addr + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rflags &= ~(1UL << 8 | 1UL << 10); /* trap flag and direction flag off, as Linux */
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	return true;
}

/* An interrupted system call: turn a restart request into a restart or -EINTR. */
static void fix_syscall_result(struct trapframe *tf, const struct kernel_sigaction *a)
{
	if (tf->vector != T_SYSCALL_FRAME)
		return;
	long r = (long)tf->rax;
	bool handler = a && a->handler > (uint64_t)SIG_IGN;
	if (r == -ERESTARTNOHAND || r == -ERESTARTSYS) {
		if (handler && (r == -ERESTARTNOHAND || !(a->flags & SA_RESTART))) {
			tf->rax = (uint64_t)-EINTR;
		} else {
			tf->rax = tf->error; /* the system call number, kept by syscall.asm */
			tf->rip -= 2;        /* back onto the `syscall` instruction */
			tf->rcx = tf->rip;   /* keep the frame sysret-shaped */
		}
	}
}

void signal_deliver(struct trapframe *tf)
{
	struct proc *p = myproc();
	for (;;) {
		spin_lock(&proc_lock);
		uint64_t ready = p->sig.pending & ~p->sig.blocked;
		if (!ready) {
			spin_unlock(&proc_lock);
			fix_syscall_result(tf, 0);
			break;
		}
		int sig = __builtin_ctzl(ready) + 1;
		p->sig.pending &= ~sigbit(sig);
		struct kernel_sigaction a = p->sig.action[sig];
		spin_unlock(&proc_lock);

		if (a.handler == (uint64_t)SIG_IGN)
			continue;
		if (a.handler == (uint64_t)SIG_DFL) {
			enum default_action act = default_action(sig);
			if (act == ACT_IGNORE)
				continue;
			if (act == ACT_STOP) {
				stop_self(sig);
				continue; /* continued: look at what else is pending */
			}
			proc_exit(W_SIGNALED(sig));
		}
		fix_syscall_result(tf, &a);
		if (!(a.flags & SA_RESTORER) || !push_frame(tf, sig, &a)) {
			/* No way to run the handler (bad stack, no restorer): die as Linux does. */
			printk("%s[%d]: cannot deliver signal %d; killed by SIGSEGV\n", p->name,
			       p->pid, sig);
			proc_exit(W_SIGNALED(SIGSEGV));
		}
		spin_lock(&proc_lock);
		if (p->sig.restore_saved_mask) {
			p->sig.blocked = p->sig.saved_mask;
			p->sig.restore_saved_mask = false;
		}
		p->sig.blocked |= a.mask & ~UNBLOCKABLE;
		if (!(a.flags & SA_NODEFER))
			p->sig.blocked |= sigbit(sig) & ~UNBLOCKABLE;
		if (a.flags & SA_RESETHAND)
			p->sig.action[sig] = (struct kernel_sigaction){0};
		spin_unlock(&proc_lock);
		break; /* one handler at a time; the next when this one returns */
	}
	if (p->sig.restore_saved_mask) { /* no handler ran: sigsuspend's mask goes too */
		p->sig.blocked = p->sig.saved_mask;
		p->sig.restore_saved_mask = false;
	}
}

long sys_rt_sigreturn(void)
{
	struct proc *p = myproc();
	struct trapframe *tf = p->tf;
	uint64_t frame_addr = tf->rsp - 8; /* the handler's ret popped pretcode */
	struct rt_sigframe f;
	struct fpu_state fpu;
	if (copy_from_user(&f, frame_addr, sizeof(f)))
		goto bad;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	if (sc->fpstate) {
		if (copy_from_user(&fpu, (uintptr_t)sc->fpstate, sizeof(fpu)))
			goto bad;
		uint32_t mxcsr;
		memcpy(&mxcsr, &fpu.bytes[24], 4);
		mxcsr &= 0xffff; /* reserved MXCSR bits would make fxrstor fault */
		memcpy(&fpu.bytes[24], &mxcsr, 4);
		__asm__ volatile("fxrstor64 %0" : : "m"(fpu));
	}
	tf->r8 = sc->r8, tf->r9 = sc->r9, tf->r10 = sc->r10, tf->r11 = sc->r11;
	tf->r12 = sc->r12, tf->r13 = sc->r13, tf->r14 = sc->r14, tf->r15 = sc->r15;
	tf->rdi = sc->rdi, tf->rsi = sc->rsi, tf->rbp = sc->rbp, tf->rbx = sc->rbx;
	tf->rdx = sc->rdx, tf->rcx = sc->rcx, tf->rsp = sc->rsp, tf->rip = sc->rip;
	tf->rflags = (tf->rflags & ~USER_RFLAGS_MASK) | (sc->eflags & USER_RFLAGS_MASK);
	/* As Linux: whatever selector the frame holds, at privilege 3.  A kernel
	 * segment makes the return to user mode fault: SIGSEGV (trap.c). */
	tf->cs = sc->cs | 3;
	tf->ss = USER_DS;
	tf->vector = 0; /* no system call to restart here */
	spin_lock(&proc_lock);
	p->sig.blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
	spin_unlock(&proc_lock);
	return (long)sc->rax; /* becomes rax again: the interrupted value */
bad:
	printk("%s[%d]: bad signal frame at %#lx; killed by SIGSEGV\n", p->name, p->pid,
	       frame_addr);
	proc_exit(W_SIGNALED(SIGSEGV));
}

/* ITIMER_REAL, from the timer interrupt: send SIGALRM to every process whose time has come. */
void signal_tick(void)
{
	uint64_t now = clock_ns();
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC]; p++) {
		uint64_t due = p->sig.alarm_deadline_ns;
		if (!due || now < due || p->state == P_UNUSED || p->state == P_ZOMBIE)
			continue;
		p->sig.alarm_deadline_ns =
		    p->sig.alarm_interval_ns ? now + p->sig.alarm_interval_ns : 0;
		struct sig_sender why = {.code = SI_KERNEL};
		signal_send_locked(p, SIGALRM, &why);
	}
	spin_unlock(&proc_lock);
}
