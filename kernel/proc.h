/*
 * proc.h: processes.
 *
 * A process is an address space (struct mm, mm/uvm.h), a kernel stack with
 * a trapframe at its top (the user registers while the process is in the
 * kernel), a saved kernel context for the scheduler, credentials, signals
 * and open files.  The table is a fixed array guarded by one lock,
 * proc_lock, which also guards every state change and the parent links.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/cpu.h"
#include "kernel/cred.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/trap.h"

#include <linux/resource.h>

#define NPROC  64
#define NOFILE 32

/* Callee-saved registers, as kernel/swtch.asm pushes them. */
struct context {
	uint64_t r15, r14, r13, r12, rbx, rbp, rip;
};

enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_STOPPED, P_ZOMBIE };

/* What a parent's wait4 may still learn about a living child (job control). */
enum wait_report { REPORT_NONE, REPORT_STOPPED, REPORT_CONTINUED };

struct mm;
struct file;
struct inode;
struct sem_undo;

/* The user's x87/SSE registers, as fxsave stores them. */
struct fpu_state {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

struct proc {
	enum proc_state state;
	int pid;
	struct proc *parent;
	char name[16];

	struct mm *mm;           /* user address space */
	uintptr_t kstack_top;    /* from kstack_alloc */
	struct trapframe *tf;    /* user registers, at the top of the kernel stack */
	struct context *context; /* where swtch left this process's kernel thread */
	void *chan;              /* sleeping on this, if SLEEPING */
	uint64_t fs_base;        /* the user's TLS pointer (arch_prctl) */
	uint64_t clear_child_tid;

	struct cred cred;
	int pgid, sid;
	struct sigstate sig;
	int exit_status;         /* wait4 status, valid when ZOMBIE */
	int stop_signal;         /* the signal that stopped it, when STOPPED */
	enum wait_report report; /* what wait4 may still report: stopped, continued */
	bool exiting;            /* exit has begun: no more signals */
	struct file *files[NOFILE];
	uint64_t cloexec; /* bit per fd */
	struct inode *cwd;
	uint32_t umask;
	struct sem_undo *sem_undos;         /* SEM_UNDO records, applied at exit (ipc/sem.c) */
	struct rlimit64 rlim[RLIM_NLIMITS]; /* getrlimit/setrlimit, inherited by fork */

	struct fpu_state fpu;
	uint64_t start_ticks;
	uint64_t user_ticks, system_ticks;
	uint64_t child_user_ticks, child_system_ticks;
};

extern struct proc procs[NPROC];
extern struct spinlock proc_lock;

static inline struct proc *myproc(void)
{
	return this_cpu()->proc;
}

void proc_init(void);
struct proc *proc_alloc(void); /* an EMBRYO with a kernel stack and pid, or NULL */
void proc_free(struct proc *p);
void proc_reset_fpu(struct proc *p);
struct proc *proc_find(int pid); /* caller holds proc_lock */

int proc_fork(void);
void proc_exit(int status) __attribute__((noreturn)); /* status in wait4 encoding */
int proc_wait(int pid, int *status, int options);
int proc_start_init(const char *path, char *const argv[]);

/* Scheduling (sched.c). */
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
void sleep_on(void *chan, struct spinlock *lk);
void wakeup(void *chan);
void wakeup_locked(void *chan);
void swtch(struct context **save, struct context *load);
void proc_make_runnable(struct proc *p);
void idle_work(void); /* the scheduler found nothing to run */

/* The limits a process starts with (sysproc.c). */
void rlimit_defaults(struct rlimit64 *rlim);

/* Give a new process /dev/console as fds 0, 1 and 2 (sysfile.c). */
int console_open_std(struct proc *p);

/* Called on every return to user mode: signals, pending kills. */
void user_return_work(struct trapframe *tf);

#endif
