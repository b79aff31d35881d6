/*
 * proc.c: creating and ending processes: fork, exit, wait.
 *
 * Life of a process:
 *
 *   UNUSED -> EMBRYO (proc_alloc) -> RUNNABLE <-> RUNNING -> ZOMBIE -> UNUSED
 *                                        ^   SLEEPING  <-'      (wait)
 *
 * A zombie keeps its pid, exit status and kernel stack until its parent
 * collects it with wait4; everything else (memory, files) goes at exit.
 * Orphans are given to init (pid 1), which waits for them.
 */
#include "include/uapi/errno.h"
#include "include/uapi/wait.h"
#include "kernel/clock.h"
#include "kernel/exec.h"
#include "fs/vfs.h"
#include "ipc/msg.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "kernel/gdt.h"
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/tty.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "mm/uvm.h"

#define KSTACK_PAGES 4

struct proc procs[NPROC];
struct spinlock proc_lock = SPINLOCK_INIT("proc");
static int next_pid = 1;
static struct proc *init_proc;
static struct fpu_state initial_fpu;

extern void trap_return(void);

/* Memory accounting before init started: compared when it is gone. */
static size_t frames_before_init, heap_before_init;

void proc_init(void)
{
	/* A clean x87/SSE state for new programs: what fninit and the default MXCSR give. */
	__asm__ volatile("fninit\n\t"
	                 "fxsave64 %0"
	                 : "=m"(initial_fpu));
	uint32_t mxcsr_default = 0x1f80;
	memcpy(&initial_fpu.bytes[24], &mxcsr_default, 4);
}

/* A fresh x87/SSE state for a new program (exec). */
void proc_reset_fpu(struct proc *p)
{
	p->fpu = initial_fpu;
	if (p == myproc())
		__asm__ volatile("fxrstor64 %0" : : "m"(p->fpu));
}

/* A new process's kernel thread starts here, holding proc_lock from the scheduler. */
static void forkret(void)
{
	spin_unlock(&proc_lock);
	/* Returning "returns" into trap_return, which loads the trapframe and irets. */
}

struct proc *proc_alloc(void)
{
	spin_lock(&proc_lock);
	struct proc *p = procs;
	while (p < &procs[NPROC] && p->state != P_UNUSED)
		p++;
	if (p == &procs[NPROC]) {
		spin_unlock(&proc_lock);
		return 0;
	}
	p->state = P_EMBRYO;
	p->pid = next_pid++;
	spin_unlock(&proc_lock);

	uintptr_t top = kstack_alloc(KSTACK_PAGES);
	if (!top) {
		spin_lock(&proc_lock);
		p->state = P_UNUSED;
		spin_unlock(&proc_lock);
		return 0;
	}
	/*
	 * The new kernel stack, top down: the trapframe (user registers), the
	 * address of trap_return, and a context whose rip is forkret.  The
	 * scheduler's swtch pops the context and "returns" into forkret, which
	 * returns into trap_return, which goes to user mode.
	 */
	p->kstack_top = top;
	p->tf = (struct trapframe *)(top - sizeof(struct trapframe));
	memset(p->tf, 0, sizeof(*p->tf));
	uint64_t *ret = (uint64_t *)p->tf - 1;
	*ret = (uint64_t)trap_return;
	p->context = (struct context *)ret - 1;
	memset(p->context, 0, sizeof(*p->context));
	p->context->rip = (uint64_t)forkret;

	p->parent = 0;
	p->mm = 0;
	p->chan = 0;
	p->fs_base = 0;
	p->clear_child_tid = 0;
	p->exiting = false;
	p->exit_status = 0;
	p->stop_signal = 0;
	p->report = REPORT_NONE;
	memset(&p->sig, 0, sizeof(p->sig));
	memset(p->files, 0, sizeof(p->files));
	p->cloexec = 0;
	p->cwd = 0;
	p->umask = 022;
	p->sem_undos = 0; /* not inherited by fork, as Linux without CLONE_SYSVSEM */
	rlimit_defaults(p->rlim);
	p->fpu = initial_fpu;
	p->start_ticks = ticks;
	p->user_ticks = p->system_ticks = 0;
	p->child_user_ticks = p->child_system_ticks = 0;
	return p;
}

/* Release what a zombie (or a failed embryo) still holds.  Not under proc_lock. */
void proc_free(struct proc *p)
{
	kstack_free(p->kstack_top);
	p->kstack_top = 0;
	spin_lock(&proc_lock);
	p->pid = 0;
	p->parent = 0;
	p->name[0] = '\0';
	p->state = P_UNUSED;
	spin_unlock(&proc_lock);
}

struct proc *proc_find(int pid)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		if (p->pid == pid && p->state != P_UNUSED && p->state != P_EMBRYO)
			return p;
	return 0;
}

int proc_fork(void)
{
	struct proc *p = myproc();
	struct proc *np = proc_alloc();
	if (!np)
		return -EAGAIN;
	np->mm = mm_fork(p->mm);
	if (!np->mm) {
		proc_free(np);
		return -ENOMEM;
	}
	*np->tf = *p->tf;
	np->tf->rax = 0; /* fork returns 0 in the child */
	__asm__ volatile("fxsave64 %0" : "=m"(np->fpu));
	np->fs_base = p->fs_base;
	np->cred = p->cred;
	np->pgid = p->pgid;
	np->sid = p->sid;
	np->sig.blocked = p->sig.blocked;
	memcpy(np->sig.action, p->sig.action, sizeof(p->sig.action));
	np->sig.altstack_sp = p->sig.altstack_sp;
	np->sig.altstack_size = p->sig.altstack_size;
	np->sig.altstack_flags = p->sig.altstack_flags;
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->files[fd])
			np->files[fd] = file_dup(p->files[fd]);
	np->cloexec = p->cloexec;
	np->cwd = iget(p->cwd);
	memcpy(np->rlim, p->rlim, sizeof(np->rlim));
	np->umask = p->umask;
	memcpy(np->name, p->name, sizeof(np->name));

	int pid = np->pid;
	spin_lock(&proc_lock);
	np->parent = p;
	np->state = P_RUNNABLE;
	spin_unlock(&proc_lock);
	return pid;
}

/* Give p's children to init.  Caller holds proc_lock. */
static void reparent_children(struct proc *p)
{
	for (struct proc *c = procs; c < &procs[NPROC]; c++) {
		if (c->parent != p || c->state == P_UNUSED)
			continue;
		c->parent = init_proc;
		if (c->state == P_ZOMBIE)
			wakeup_locked(init_proc);
	}
}

void proc_exit(int status)
{
	struct proc *p = myproc();
	p->exiting = true;
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd]) {
			file_close(p->files[fd]);
			p->files[fd] = 0;
		}
	}
	iput(p->cwd);
	p->cwd = 0;
	sem_exit(p);
	/* A session leader's exit hangs up its terminal: SIGHUP to the foreground group. */
	if (p->pid == p->sid)
		tty_session_leader_exit(p->sid);
	/*
	 * We run on this page table: switch to the kernel's before freeing it.
	 * The order matters.  Clear p->mm first: if the timer preempts us after
	 * that, the scheduler resumes us on the kernel's tables.  (The other way
	 * round, a preemption between the switch and the clearing would put the
	 * old tables back in CR3, and mm_destroy would free them under our feet.)
	 */
	struct mm *mm = p->mm;
	spin_lock(&proc_lock);
	p->mm = 0;
	spin_unlock(&proc_lock);
	vm_activate(kernel_pml4);
	mm_destroy(mm);

	spin_lock(&proc_lock);
	if (p != init_proc)
		reparent_children(p);
	p->exit_status = status;
	p->state = P_ZOMBIE;
	if (p->parent) {
		struct sig_sender why = {
		    .code = WIFSIGNALED(status) ? CLD_KILLED : CLD_EXITED,
		    .pid = p->pid,
		    .uid = p->cred.uid,
		    .status = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
		};
		signal_send_locked(p->parent, SIGCHLD, &why);
		wakeup_locked(p->parent);
	}
	sched();
	panic("zombie %d ran again", p->pid);
}

/* Does child c match wait4's pid argument, from the point of view of parent p? */
static bool wait_matches(struct proc *p, struct proc *c, int pid)
{
	if (c->parent != p)
		return false;
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (pid == 0)
		return c->pgid == p->pgid;
	return c->pgid == -pid;
}

/* The status word wait4 reports for a living child, or -1 if nothing to report. */
static int wait_report(struct proc *c, int options)
{
	if (c->report == REPORT_STOPPED && c->state == P_STOPPED && (options & WUNTRACED))
		return 0x7f | (c->stop_signal << 8); /* WIFSTOPPED, WSTOPSIG */
	if (c->report == REPORT_CONTINUED && (options & WCONTINUED))
		return 0xffff; /* WIFCONTINUED */
	return -1;
}

int proc_wait(int pid, int *status, int options)
{
	struct proc *p = myproc();
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	spin_lock(&proc_lock);
	for (;;) {
		bool have_children = false;
		for (struct proc *c = procs; c < &procs[NPROC]; c++) {
			if (c->state == P_UNUSED || c->state == P_EMBRYO ||
			    !wait_matches(p, c, pid))
				continue;
			have_children = true;
			/* Job control: a stop or a continuation is reported once, without reaping.
			 */
			if (c->state != P_ZOMBIE) {
				int report = wait_report(c, options);
				if (report < 0)
					continue;
				*status = report;
				c->report = REPORT_NONE;
				spin_unlock(&proc_lock);
				return c->pid;
			}
			int found = c->pid;
			*status = c->exit_status;
			p->child_user_ticks += c->user_ticks + c->child_user_ticks;
			p->child_system_ticks += c->system_ticks + c->child_system_ticks;
			c->state = P_EMBRYO; /* ours now: nobody else may reap or reuse it */
			spin_unlock(&proc_lock);
			proc_free(c);
			return found;
		}
		if (!have_children) {
			spin_unlock(&proc_lock);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock(&proc_lock);
			return 0;
		}
		if (signal_pending(p)) {
			spin_unlock(&proc_lock);
			return -ERESTARTSYS;
		}
		sleep_on(p, &proc_lock);
	}
}

int proc_start_init(const char *path, char *const argv[])
{
	frames_before_init = frame_free_count();
	heap_before_init = kheap_used();
	struct proc *p = proc_alloc();
	if (!p)
		return -ENOMEM;
	init_proc = p;
	p->cred = (struct cred){0};
	p->pgid = p->sid = p->pid;
	p->cwd = iget(vfs_root);
	int err = console_open_std(p);
	if (!err)
		err = exec_into(p, path, argv,
		                (char *const[]){"HOME=/", "PATH=/bin", "TERM=vt100", 0});
	if (err) {
		printk("init: cannot run %s (error %d)\n", path, err);
		return err;
	}
	proc_make_runnable(p);
	return 0;
}

/*
 * Init is gone: the run is over.  Free init's last piece (its kernel stack:
 * we are on the scheduler's stack here), check that everything the run
 * allocated came back, and power off with init's exit status in the shell's
 * encoding (128 + signal for a killed one).
 */
static void finish_run(void)
{
	int status = init_proc->exit_status;
	proc_free(init_proc);
	init_proc = 0;
	size_t frames = frame_free_count(), heap = kheap_used();
	if (frames == frames_before_init && heap == heap_before_init)
		printk("PASS kernel_no_leaks\n");
	else /* System V segments outlive their processes: a test must remove its own */
		printk("FAIL kernel_no_leaks: free frames %lu -> %lu, heap bytes %lu -> %lu, "
		       "%d shm segments, %d semaphore sets and %d message queues left\n",
		       frames_before_init, frames, heap_before_init, heap, shm_count(), sem_count(),
		       msg_count());
	int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	power_off(code);
}

void idle_work(void)
{
	if (init_proc && init_proc->state == P_ZOMBIE) {
		finish_run();
	}
	hlt();
}
