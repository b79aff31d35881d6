/*
 * sem_apply.c: all-or-nothing semaphore operations (see sem_apply.h).
 *
 * The ops are applied one by one to the live values, so that later ops see
 * the earlier ones' results (as Linux does: {-1, +1} on one semaphore with
 * value 0 must wait); if one cannot go on, the ones already applied are
 * undone in reverse order.
 */
#include <stdbool.h>

#include "include/uapi/errno.h"
#include "ipc/sem_apply.h"

static void roll_back(struct sem *sems, const struct sembuf *sops, unsigned done)
{
	while (done-- > 0)
		sems[sops[done].sem_num].semval -= sops[done].sem_op;
}

int sem_try_apply(struct sem *sems, const struct sembuf *sops, unsigned nsops, int pid,
                  int16_t *adj, unsigned *blocking)
{
	for (unsigned i = 0; i < nsops; i++) {
		const struct sembuf *op = &sops[i];
		struct sem *s = &sems[op->sem_num];
		int result = s->semval + op->sem_op;
		bool wait = (op->sem_op < 0 && result < 0) || (op->sem_op == 0 && s->semval != 0);
		if (wait || result > SEMVMX) {
			roll_back(sems, sops, i);
			if (!wait)
				return -ERANGE;
			*blocking = i;
			return SEM_MUST_WAIT;
		}
		if (adj && (op->sem_flg & SEM_UNDO)) {
			int undo = adj[op->sem_num] - op->sem_op;
			if (undo < -SEMAEM - 1 || undo > SEMAEM) {
				roll_back(sems, sops, i);
				return -ERANGE;
			}
		}
		s->semval = result;
	}
	/* Committed: the bookkeeping that only a success may change. */
	for (unsigned i = 0; i < nsops; i++) {
		sems[sops[i].sem_num].sempid = pid; /* every op's semaphore, zero-ops too (Linux) */
		if (adj && (sops[i].sem_flg & SEM_UNDO))
			adj[sops[i].sem_num] -= sops[i].sem_op;
	}
	return SEM_APPLIED;
}
