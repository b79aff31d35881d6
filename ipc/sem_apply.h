/*
 * sem_apply.h: applying an array of semaphore operations all at once, or
 * not at all.  Pure: no locks, no processes; unit-tested on the host
 * (tests/unit/test_sem_apply.c).
 */
#ifndef IPC_SEM_APPLY_H
#define IPC_SEM_APPLY_H

#include <stdint.h>

#include <asm/sembuf.h>
#include <linux/sem.h>

struct sem {
	int semval;
	int sempid; /* the last process to change it */
};

/* What sem_try_apply says: done, must wait (which op), or an error. */
#define SEM_APPLIED   0
#define SEM_MUST_WAIT 1

/*
 * Apply sops[0..nsops) to sems, in order, as one step: each negative op
 * needs semval >= |op| (else wait), each zero op needs semval == 0 (else
 * wait), each positive op must keep semval <= SEMVMX (else -ERANGE).  On
 * anything but success every value is as before.  When it must wait,
 * *blocking is the index of the op that blocks (its IPC_NOWAIT decides
 * between EAGAIN and sleeping).  On success, sempid of each semaphore an op
 * named is pid, and adj (one per semaphore, may be NULL) takes the
 * SEM_UNDO correction of each op that asked for it (-ERANGE if that would
 * leave [-SEMAEM - 1, SEMAEM]).
 */
int sem_try_apply(struct sem *sems, const struct sembuf *sops, unsigned nsops, int pid,
                  int16_t *adj, unsigned *blocking);

#endif
