/*
 * signal.h: a process's signal state.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "include/uapi/signal.h"

/*
 * Kernel-internal "restart me" results (Linux's numbers; never seen by user
 * space): a blocking system call interrupted by a signal returns one of
 * these, and signal delivery turns it into -EINTR or a restart.
 */
#define ERESTARTSYS    512 /* restart if the handler has SA_RESTART (or no handler runs) */
#define ERESTARTNOHAND 514 /* restart only if no handler runs */

struct sig_sender {
	int code;      /* si_code: SI_USER, SI_KERNEL, CLD_EXITED, ... */
	int pid;       /* si_pid */
	uint32_t uid;  /* si_uid */
	int status;    /* si_status for SIGCHLD */
	uint64_t addr; /* si_addr for faults */
};

struct sigstate {
	uint64_t pending; /* bit (n - 1) for signal n */
	uint64_t blocked;
	struct kernel_sigaction action[KERNEL_NSIG + 1];
	struct sig_sender sender[KERNEL_NSIG + 1];
	uint64_t altstack_sp, altstack_size;
	int altstack_flags;
	uint64_t saved_mask; /* pause/sigsuspend: restore after the handler */
	bool restore_saved_mask;
	uint64_t alarm_deadline_ns; /* ITIMER_REAL: 0 = off */
	uint64_t alarm_interval_ns;
};

static inline uint64_t sigbit(int sig)
{
	return 1UL << (sig - 1);
}

struct proc;
struct trapframe;

/* Send sig to every process of group pgid (the terminal's ^C, ^Z).  Returns
 * the number of processes it went to. */
int signal_pgrp(int pgid, int sig, const struct sig_sender *from);

/* Send sig to p; caller holds proc_lock.  Wakes p if it sleeps. */
void signal_send_locked(struct proc *p, int sig, const struct sig_sender *from);
void signal_send(struct proc *p, int sig, const struct sig_sender *from);
/* A signal is pending and not blocked (sleeps check this to return -EINTR). */
bool signal_pending(struct proc *p);
/* On the way back to user mode: act on pending signals. */
void signal_deliver(struct trapframe *tf);
void signal_exec_reset(struct proc *p);
/* A fault the process cannot survive: send sig for the faulting address. */
void signal_fault(struct trapframe *tf, int sig, int code, uint64_t addr);
void signal_tick(void); /* check interval timers (from the timer interrupt) */

#endif
