/*
 * sched.c: round-robin scheduling, sleep and wakeup.
 *
 * Each CPU runs scheduler() on its own stack.  It picks a RUNNABLE process,
 * loads its page table, kernel stack and user state, and swtch()es to the
 * process's kernel thread.  The process comes back to the scheduler by
 * calling sched() with proc_lock held and its state already changed: from
 * yield() (the timer's preemption, or sched_yield), sleep_on(), or exit.
 * When nothing is runnable, the scheduler halts until the next interrupt:
 * that is the idle task.
 *
 * The lock is held across swtch in both directions, which is why a newly
 * created process starts in forkret (proc.c), whose first act is to release
 * it.
 */
#include "kernel/gdt.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "mm/kvm.h"
#include "mm/uvm.h"

static void load_user_state(struct proc *p)
{
	this_cpu()->kstack_top = p->kstack_top;
	tss_set_rsp0(p->kstack_top);
	/* A process in exit has given its memory back: it runs on the kernel's tables. */
	vm_activate(p->mm ? p->mm->pml4 : kernel_pml4);
	wrmsr(MSR_FS_BASE, p->fs_base);
	__asm__ volatile("fxrstor64 %0" : : "m"(p->fpu));
}

void scheduler(void)
{
	struct cpu *c = this_cpu();
	c->proc = 0;
	for (;;) {
		sti();
		spin_lock(&proc_lock);
		int ran = 0;
		for (struct proc *p = procs; p < &procs[NPROC]; p++) {
			if (p->state != P_RUNNABLE)
				continue;
			c->proc = p;
			p->state = P_RUNNING;
			load_user_state(p);
			swtch(&c->scheduler, p->context);
			vm_activate(kernel_pml4);
			c->proc = 0;
			ran = 1;
		}
		spin_unlock(&proc_lock);
		if (!ran)
			idle_work();
	}
}

/* Give the CPU back to the scheduler.  Caller holds only proc_lock and has
 * changed the state of the current process. */
void sched(void)
{
	struct proc *p = myproc();
	struct cpu *c = this_cpu();
	if (!spin_held(&proc_lock))
		panic("sched: proc_lock not held");
	if (c->irq_off_depth != 1)
		panic("sched: other locks held (depth %d)", c->irq_off_depth);
	if (p->state == P_RUNNING)
		panic("sched: %s still running", p->name);
	/* The kernel never uses SSE, so the user's registers are still in the CPU. */
	__asm__ volatile("fxsave64 %0" : "=m"(p->fpu));
	int was_enabled = c->irq_was_enabled;
	swtch(&p->context, c->scheduler);
	this_cpu()->irq_was_enabled = was_enabled;
}

void yield(void)
{
	spin_lock(&proc_lock);
	myproc()->state = P_RUNNABLE;
	sched();
	spin_unlock(&proc_lock);
}

/*
 * Sleep on chan, releasing lk while asleep.  Taking proc_lock before
 * letting go of lk means no wakeup(chan) can slip in between: the waker
 * needs proc_lock too.  Callers re-check their condition in a loop, and
 * return -EINTR when signal_pending() says a signal woke them.
 */
void sleep_on(void *chan, struct spinlock *lk)
{
	struct proc *p = myproc();
	if (lk != &proc_lock) {
		spin_lock(&proc_lock);
		spin_unlock(lk);
	}
	p->chan = chan;
	p->state = P_SLEEPING;
	sched();
	p->chan = 0;
	if (lk != &proc_lock) {
		spin_unlock(&proc_lock);
		spin_lock(lk);
	}
}

void wakeup_locked(void *chan)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
}

void wakeup(void *chan)
{
	spin_lock(&proc_lock);
	wakeup_locked(chan);
	spin_unlock(&proc_lock);
}

void proc_make_runnable(struct proc *p)
{
	spin_lock(&proc_lock);
	p->state = P_RUNNABLE;
	spin_unlock(&proc_lock);
}
