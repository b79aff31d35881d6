/*
 * syssignal.c: system calls that install, block, send and wait for signals.
 * Delivery itself is in signal.c.
 */
#include <linux/time.h>

#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"

#define UNBLOCKABLE  (sigbit(SIGKILL) | sigbit(SIGSTOP))
#define MIN_ALTSTACK 2048 /* MINSIGSTKSZ */

long sys_rt_sigaction(int sig, uintptr_t uact, uintptr_t uold, size_t sigsetsize)
{
	struct proc *p = myproc();
	if (sigsetsize != sizeof(uint64_t) || sig < 1 || sig > KERNEL_NSIG)
		return -EINVAL;
	struct kernel_sigaction act;
	if (uact) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(&act, uact, sizeof(act)))
			return -EFAULT;
	}
	spin_lock(&proc_lock);
	struct kernel_sigaction old = p->sig.action[sig];
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		p->sig.action[sig] = act;
		/* POSIX: setting a signal to be ignored discards it if pending. */
		bool ignored = act.handler == (uint64_t)SIG_IGN ||
		               (act.handler == (uint64_t)SIG_DFL &&
		                (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH));
		if (ignored)
			p->sig.pending &= ~sigbit(sig);
	}
	spin_unlock(&proc_lock);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, uintptr_t uset, uintptr_t uold, size_t sigsetsize)
{
	struct proc *p = myproc();
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	uint64_t set = 0, old = p->sig.blocked;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
			return -EINVAL;
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	if (uset) {
		spin_lock(&proc_lock);
		if (how == SIG_BLOCK)
			p->sig.blocked |= set;
		else if (how == SIG_UNBLOCK)
			p->sig.blocked &= ~set;
		else
			p->sig.blocked = set;
		p->sig.blocked &= ~UNBLOCKABLE;
		spin_unlock(&proc_lock);
	}
	return 0;
}

long sys_rt_sigpending(uintptr_t uset, size_t sigsetsize)
{
	if (sigsetsize > sizeof(uint64_t))
		return -EINVAL;
	struct proc *p = myproc();
	uint64_t pending = p->sig.pending & p->sig.blocked;
	return copy_to_user(uset, &pending, sigsetsize);
}

/* Sleep until a signal arrives; the handler runs, then we return -EINTR. */
static long wait_for_signal(void)
{
	struct proc *p = myproc();
	spin_lock(&proc_lock);
	while (!signal_pending(p))
		sleep_on(&p->sig, &proc_lock);
	spin_unlock(&proc_lock);
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	return wait_for_signal();
}

long sys_rt_sigsuspend(uintptr_t umask, size_t sigsetsize)
{
	struct proc *p = myproc();
	uint64_t mask;
	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	spin_lock(&proc_lock);
	p->sig.saved_mask = p->sig.blocked; /* put back after the handler (signal.c) */
	p->sig.restore_saved_mask = true;
	p->sig.blocked = mask & ~UNBLOCKABLE;
	spin_unlock(&proc_lock);
	return wait_for_signal();
}

long sys_sigaltstack(uintptr_t uss, uintptr_t uold)
{
	struct proc *p = myproc();
	stack_t old = {(void *)p->sig.altstack_sp,
	               p->sig.altstack_size ? p->sig.altstack_flags : SS_DISABLE,
	               p->sig.altstack_size};
	uint64_t rsp = p->tf->rsp;
	bool on_stack = p->sig.altstack_size && rsp > p->sig.altstack_sp &&
	                rsp <= p->sig.altstack_sp + p->sig.altstack_size;
	if (on_stack)
		old.ss_flags = SS_ONSTACK;
	if (uss) {
		stack_t ss;
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_stack)
			return -EPERM;
		int mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			p->sig.altstack_sp = p->sig.altstack_size = 0;
			p->sig.altstack_flags = SS_DISABLE;
		} else {
			if (ss.ss_size < MIN_ALTSTACK)
				return -ENOMEM;
			p->sig.altstack_sp = (uint64_t)ss.ss_sp;
			p->sig.altstack_size = ss.ss_size;
			p->sig.altstack_flags = ss.ss_flags;
		}
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Linux's rule: root may signal anyone; others need a matching real or effective uid. */
static bool may_signal(struct proc *from, struct proc *to)
{
	const struct cred *a = &from->cred, *b = &to->cred;
	return a->euid == 0 || a->uid == b->uid || a->uid == b->suid || a->euid == b->uid ||
	       a->euid == b->suid;
}

long sys_kill(int pid, int sig)
{
	struct proc *self = myproc();
	if (sig < 0 || sig > KERNEL_NSIG)
		return -EINVAL;
	struct sig_sender from = {.code = SI_USER, .pid = self->pid, .uid = self->cred.uid};
	int found = 0, sent = 0;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC]; p++) {
		if (p->state == P_UNUSED || p->state == P_EMBRYO)
			continue;
		bool match = pid > 0     ? p->pid == pid
		             : pid == 0  ? p->pgid == self->pgid
		             : pid == -1 ? p->pid != 1 && p != self
		                         : p->pgid == -pid;
		if (!match)
			continue;
		found++;
		if (!may_signal(self, p))
			continue;
		sent++;
		if (p->state != P_ZOMBIE)
			signal_send_locked(p, sig, &from);
	}
	spin_unlock(&proc_lock);
	if (!found)
		return -ESRCH;
	return sent ? 0 : -EPERM;
}

long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return sys_kill(tid, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH; /* one thread per process */
	return sys_kill(tid, sig);
}

/* ITIMER_REAL as (deadline, interval) in clock_ns() time. */
static void timer_get(struct proc *p, struct __kernel_old_itimerval *out)
{
	uint64_t now = clock_ns(), due = p->sig.alarm_deadline_ns;
	uint64_t left = due > now ? due - now : (due ? 1000 : 0); /* due but not yet sent */
	out->it_value.tv_sec = left / 1000000000;
	out->it_value.tv_usec = (left % 1000000000) / 1000;
	out->it_interval.tv_sec = p->sig.alarm_interval_ns / 1000000000;
	out->it_interval.tv_usec = (p->sig.alarm_interval_ns % 1000000000) / 1000;
}

static uint64_t timeval_ns(const struct __kernel_old_timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000 + (uint64_t)tv->tv_usec * 1000;
}

long sys_setitimer(int which, uintptr_t uvalue, uintptr_t uold)
{
	struct proc *p = myproc();
	if (which != ITIMER_REAL)
		return -EINVAL; /* virtual and profiling timers are not implemented */
	struct __kernel_old_itimerval v = {0}, old;
	if (uvalue && copy_from_user(&v, uvalue, sizeof(v)))
		return -EFAULT;
	if (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 || v.it_value.tv_sec < 0 ||
	    v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
	    v.it_interval.tv_sec < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	timer_get(p, &old);
	uint64_t value = timeval_ns(&v.it_value);
	p->sig.alarm_deadline_ns = value ? clock_ns() + value : 0;
	p->sig.alarm_interval_ns = timeval_ns(&v.it_interval);
	spin_unlock(&proc_lock);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_getitimer(int which, uintptr_t uvalue)
{
	if (which != ITIMER_REAL)
		return -EINVAL;
	struct __kernel_old_itimerval v;
	spin_lock(&proc_lock);
	timer_get(myproc(), &v);
	spin_unlock(&proc_lock);
	return copy_to_user(uvalue, &v, sizeof(v));
}

/* alarm: seconds left on the previous alarm (rounded up), and a new one-shot timer. */
long sys_alarm(unsigned seconds)
{
	struct proc *p = myproc();
	spin_lock(&proc_lock);
	struct __kernel_old_itimerval old;
	timer_get(p, &old);
	p->sig.alarm_deadline_ns = seconds ? clock_ns() + seconds * 1000000000ULL : 0;
	p->sig.alarm_interval_ns = 0;
	spin_unlock(&proc_lock);
	long left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000 ||
	                                   (old.it_value.tv_sec == 0 && old.it_value.tv_usec));
	return left;
}
