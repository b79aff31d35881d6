/*
 * sem.c: System V semaphore sets, with Linux's semantics (semget(2),
 * semop(2), semctl(2)) on the shared ids layer (ipc/util.c).
 *
 * Sleeping and waking:
 *
 *   set: [sem 0][sem 1]...      waiters (FIFO): W1 -> W2 -> W3
 *                                each: its ops, its pid, its outcome
 *
 * A semop that cannot proceed queues a waiter (on its own kernel stack) and
 * sleeps.  Whoever changes the set's values afterwards (a semop, SETVAL,
 * SETALL, an exiting process's undo) walks the queue in order and applies
 * each waiter's ops for it, all or nothing; a waiter whose ops went through
 * is told so and woken.  The sleeper itself only returns the outcome.  So
 * the ops of one semop are atomic, and waiters are served in arrival
 * order whenever they can be.  IPC_RMID wakes every waiter with EIDRM.
 *
 * SEM_UNDO: each process keeps, per set, the opposite of what its
 * SEM_UNDO ops did; at exit it is applied (clamped to 0..SEMVMX), as if
 * the process had never been.
 */
#include "fs/procfs.h"
#include "include/uapi/errno.h"
#include "ipc/sem.h"
#include "ipc/sem_apply.h"
#include "ipc/shm.h" /* ipc_current_cred, ipc_current_pid, ipc_now */
#include "ipc/util.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

struct sem_waiter {
	struct sem_waiter *next;
	struct sembuf *sops;
	unsigned nsops;
	int pid;
	int16_t *adj;      /* the waiter's undo record for this set, or NULL */
	unsigned blocking; /* the op that blocked it last time: GETNCNT/GETZCNT count it */
	int outcome;       /* 1 while waiting; then 0 (done), -EIDRM or -ERANGE */
};

struct sem_array {
	struct kern_ipc_perm perm; /* first: the ids layer's part */
	int nsems;
	int64_t otime, ctime;
	struct sem *sems;
	struct sem_waiter *waiters;
};

/* One process's SEM_UNDO record for one set. */
struct sem_undo {
	struct sem_undo *next; /* the process's list */
	int semid;
	int nsems;
	int16_t adj[];
};

struct sem_limits sem_limits = {SEMMSL, SEMMNS, SEMOPM, SEMMNI};

static struct spinlock sem_lock = SPINLOCK_INIT("sem");
static struct ipc_ids sem_ids;
static long sems_in_use; /* semaphores in all sets, against semmns */

void sem_init(void)
{
	ipc_ids_init(&sem_ids, "sem");
}

static struct sem_array *array_of(struct kern_ipc_perm *perm)
{
	return (struct sem_array *)perm;
}

/* ----------------------------------------------------------------- semget */

static long new_array(int32_t key, uint64_t nsems, int semflg)
{
	if (nsems == 0)
		return -EINVAL;
	if (sems_in_use + (long)nsems > (long)sem_limits.semmns)
		return -ENOSPC;
	struct sem_array *sma = kzalloc(sizeof(*sma));
	struct sem *sems = kzalloc(nsems * sizeof(struct sem));
	if (!sma || !sems) {
		kfree(sma);
		kfree(sems);
		return -ENOMEM;
	}
	sma->perm.key = key;
	sma->perm.mode = semflg & 0777;
	sma->nsems = nsems;
	sma->sems = sems; /* every value starts at 0 */
	sma->ctime = ipc_now();
	int id = ipc_addid(&sem_ids, &sma->perm, sem_limits.semmni, ipc_current_cred());
	if (id < 0) {
		kfree(sems);
		kfree(sma);
		return id;
	}
	sems_in_use += nsems;
	return id;
}

/* An existing set is found only for a count it can hold. */
static long check_nsems(struct kern_ipc_perm *perm, uint64_t nsems)
{
	return (int)nsems > array_of(perm)->nsems ? -EINVAL : 0;
}

static const struct ipc_get_ops sem_get_ops = {new_array, check_nsems};

long sem_get(int32_t key, int nsems, int semflg)
{
	if (nsems < 0 || nsems > sem_limits.semmsl)
		return -EINVAL;
	spin_lock(&sem_lock);
	long r = ipc_get(&sem_ids, key, nsems, semflg, &sem_get_ops, ipc_current_cred());
	spin_unlock(&sem_lock);
	return r;
}

/* ------------------------------------------------------------------ waking */

static void remove_waiter(struct sem_array *sma, struct sem_waiter *w)
{
	for (struct sem_waiter **link = &sma->waiters; *link; link = &(*link)->next) {
		if (*link == w) {
			*link = w->next;
			return;
		}
	}
}

/*
 * The values changed: serve the waiters, first come first served, for as
 * long as any of them can go.  Caller holds sem_lock.
 */
static void serve_waiters(struct sem_array *sma)
{
	bool progress = true;
	while (progress) {
		progress = false;
		for (struct sem_waiter *w = sma->waiters; w; w = w->next) {
			unsigned blocking;
			int r =
			    sem_try_apply(sma->sems, w->sops, w->nsops, w->pid, w->adj, &blocking);
			if (r == SEM_MUST_WAIT) {
				w->blocking = blocking;
				continue;
			}
			w->outcome = r; /* 0, or -ERANGE */
			remove_waiter(sma, w);
			wakeup(w);
			if (r == 0) {
				sma->otime = ipc_now();
				progress = true; /* new values: earlier waiters may go now */
			}
			break;
		}
	}
}

/* ------------------------------------------------------------------- undo */

/* The caller's undo record for set semid, made if needed.  Caller holds sem_lock. */
static int16_t *undo_record(struct sem_array *sma)
{
	struct proc *p = myproc();
	for (struct sem_undo *u = p->sem_undos; u; u = u->next)
		if (u->semid == sma->perm.id)
			return u->adj;
	struct sem_undo *u = kzalloc(sizeof(*u) + sma->nsems * sizeof(int16_t));
	if (!u)
		return 0;
	u->semid = sma->perm.id;
	u->nsems = sma->nsems;
	u->next = p->sem_undos;
	p->sem_undos = u;
	return u->adj;
}

/* SETVAL and SETALL clear every process's adjustment for what they set (Linux). */
static void clear_undo(int semid, int semnum)
{
	for (struct proc *p = procs; p < &procs[NPROC]; p++)
		for (struct sem_undo *u = p->sem_undos; u; u = u->next)
			if (u->semid == semid) {
				if (semnum < 0)
					memset(u->adj, 0, u->nsems * sizeof(int16_t));
				else
					u->adj[semnum] = 0;
			}
}

void sem_exit(struct proc *p)
{
	spin_lock(&sem_lock);
	while (p->sem_undos) {
		struct sem_undo *u = p->sem_undos;
		p->sem_undos = u->next;
		struct kern_ipc_perm *perm = ipc_find_id(&sem_ids, u->semid);
		if (perm) { /* the set may be gone: nothing to undo then */
			struct sem_array *sma = array_of(perm);
			for (int i = 0; i < u->nsems && i < sma->nsems; i++) {
				int v = sma->sems[i].semval + u->adj[i];
				sma->sems[i].semval = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
				if (u->adj[i])
					sma->sems[i].sempid = p->pid;
			}
			serve_waiters(sma);
		}
		kfree(u);
	}
	spin_unlock(&sem_lock);
}

/* ------------------------------------------------------------------ semop */

/* Sleep until w is served, the set goes, a signal comes, or the deadline passes. */
static long wait_for_ops(struct sem_array *sma, struct sem_waiter *w, uint64_t deadline)
{
	for (;;) {
		if (w->outcome != 1)
			return w->outcome;
		if (signal_pending(myproc()) || clock_ns() >= deadline) {
			remove_waiter(sma, w);
			/*
			 * semop is never restarted, not after a handler and not after a
			 * stop and continue either (signal(7)); a timeout is EAGAIN.
			 */
			return clock_ns() >= deadline ? -EAGAIN : -EINTR;
		}
		/* With a deadline, wake every tick to look at the clock. */
		sleep_on(deadline == UINT64_MAX ? (void *)w : TICK_CHANNEL, &sem_lock);
	}
}

long sem_op(int semid, struct sembuf *sops, unsigned nsops, int64_t timeout_ns)
{
	unsigned max_num = 0;
	bool alter = false, undo = false;
	for (unsigned i = 0; i < nsops; i++) {
		if (sops[i].sem_num > max_num)
			max_num = sops[i].sem_num;
		alter |= sops[i].sem_op != 0;
		undo |= (sops[i].sem_flg & SEM_UNDO) != 0;
	}
	uint64_t deadline = timeout_ns < 0 ? UINT64_MAX : clock_ns() + timeout_ns;

	spin_lock(&sem_lock);
	struct kern_ipc_perm *perm = ipc_find_id(&sem_ids, semid);
	long r = !perm ? -EINVAL
	         : (int)max_num >= array_of(perm)->nsems
	             ? -EFBIG
	             : ipc_perms(perm, alter ? 0222 : 0444, ipc_current_cred());
	struct sem_array *sma = perm ? array_of(perm) : 0;
	int16_t *adj = 0;
	if (!r && undo && !(adj = undo_record(sma)))
		r = -ENOMEM;
	if (!r) {
		unsigned blocking;
		r = sem_try_apply(sma->sems, sops, nsops, ipc_current_pid(), adj, &blocking);
		if (r == SEM_APPLIED) {
			sma->otime = ipc_now();
			serve_waiters(sma);
		} else if (r == SEM_MUST_WAIT && (sops[blocking].sem_flg & IPC_NOWAIT)) {
			r = -EAGAIN;
		} else if (r == SEM_MUST_WAIT) {
			struct sem_waiter w = {0, sops, nsops, ipc_current_pid(), adj, blocking, 1};
			struct sem_waiter **tail = &sma->waiters;
			while (*tail)
				tail = &(*tail)->next;
			*tail = &w; /* FIFO: served after everyone who came before */
			r = wait_for_ops(sma, &w, deadline);
		}
	}
	spin_unlock(&sem_lock);
	return r;
}

/* ----------------------------------------------------------------- semctl */

/* The set, and permission to read (or write) it: for the GET and SET commands. */
static long find_checked(int semid, int need_write, struct sem_array **out)
{
	struct kern_ipc_perm *perm = ipc_find_id(&sem_ids, semid);
	if (!perm)
		return -EINVAL;
	if (ipc_perms(perm, need_write ? 0222 : 0444, ipc_current_cred()))
		return -EACCES;
	*out = array_of(perm);
	return 0;
}

/*
 * Waiters blocked on semnum: on a decrement (GETNCNT) or for zero (GETZCNT).
 * As Linux, a waiter counts only on the semaphore of the op that blocked it,
 * not on every semaphore its array names.
 */
static int count_waiters(struct sem_array *sma, int semnum, bool for_zero)
{
	int n = 0;
	for (struct sem_waiter *w = sma->waiters; w; w = w->next) {
		const struct sembuf *op = &w->sops[w->blocking];
		if (op->sem_num == semnum && (for_zero ? op->sem_op == 0 : op->sem_op < 0))
			n++;
	}
	return n;
}

long sem_ctl_value(int semid, int semnum, int cmd, int val)
{
	if (cmd == SETVAL && (val < 0 || val > SEMVMX))
		return -ERANGE; /* before the lookup, as Linux */
	spin_lock(&sem_lock);
	struct kern_ipc_perm *perm = ipc_find_id(&sem_ids, semid);
	struct sem_array *sma = perm ? array_of(perm) : 0;
	/* Linux's order: SETVAL checks semnum before permission, the GETs after. */
	bool bad_num = sma && (semnum < 0 || semnum >= sma->nsems);
	long r = 0;
	if (!sma || (bad_num && cmd == SETVAL))
		r = -EINVAL;
	else if (ipc_perms(perm, cmd == SETVAL ? 0222 : 0444, ipc_current_cred()))
		r = -EACCES;
	else if (bad_num)
		r = -EINVAL;
	if (!r) {
		struct sem *s = &sma->sems[semnum];
		switch (cmd) {
		case GETVAL:
			r = s->semval;
			break;
		case GETPID:
			r = s->sempid;
			break;
		case GETNCNT:
			r = count_waiters(sma, semnum, false);
			break;
		case GETZCNT:
			r = count_waiters(sma, semnum, true);
			break;
		case SETVAL:
			s->semval = val;
			s->sempid = ipc_current_pid();
			clear_undo(semid, semnum);
			sma->ctime = ipc_now();
			serve_waiters(sma);
			break;
		}
	}
	spin_unlock(&sem_lock);
	return r;
}

long sem_nsems(int semid, int need_write)
{
	spin_lock(&sem_lock);
	struct sem_array *sma;
	long r = find_checked(semid, need_write, &sma);
	if (!r)
		r = sma->nsems;
	spin_unlock(&sem_lock);
	return r;
}

long sem_get_all(int semid, uint16_t *values, int *nsems)
{
	spin_lock(&sem_lock);
	struct sem_array *sma;
	long r = find_checked(semid, 0, &sma);
	if (!r && sma->nsems > *nsems)
		r = -EAGAIN; /* it was resized meanwhile: cannot happen, sets never grow */
	if (!r) {
		for (int i = 0; i < sma->nsems; i++)
			values[i] = sma->sems[i].semval;
		*nsems = sma->nsems;
	}
	spin_unlock(&sem_lock);
	return r;
}

long sem_set_all(int semid, const uint16_t *values, int nsems)
{
	for (int i = 0; i < nsems; i++)
		if (values[i] > SEMVMX)
			return -ERANGE;
	spin_lock(&sem_lock);
	struct sem_array *sma;
	long r = find_checked(semid, 1, &sma);
	if (!r && sma->nsems != nsems)
		r = -EIDRM; /* the set was removed and its id reused meanwhile */
	if (!r) {
		for (int i = 0; i < nsems; i++) {
			sma->sems[i].semval = values[i];
			sma->sems[i].sempid = ipc_current_pid();
		}
		clear_undo(semid, -1);
		sma->ctime = ipc_now();
		serve_waiters(sma);
	}
	spin_unlock(&sem_lock);
	return r;
}

long sem_stat(int semid, int cmd, struct semid64_ds *out)
{
	enum ipc_stat_by by = ipc_stat_by_cmd(cmd, SEM_STAT);
	spin_lock(&sem_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_stat(&sem_ids, semid, by, ipc_current_cred(), &perm);
	if (r == 0) {
		struct sem_array *sma = array_of(perm);
		memset(out, 0,
		       sizeof(*out)); /* musl reads sem_nsems as a short: the rest must be 0 */
		ipc_fill_perm64(perm, &out->sem_perm);
		out->sem_otime = sma->otime;
		out->sem_ctime = sma->ctime;
		out->sem_nsems = sma->nsems;
		r = cmd == IPC_STAT ? 0 : perm->id;
	}
	spin_unlock(&sem_lock);
	return r;
}

long sem_set(int semid, const struct semid64_ds *in)
{
	spin_lock(&sem_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_change(&sem_ids, semid, ipc_current_cred(), &perm);
	if (!r)
		r = ipc_set_perm(perm, &in->sem_perm);
	if (!r)
		array_of(perm)->ctime = ipc_now();
	spin_unlock(&sem_lock);
	return r;
}

long sem_remove(int semid)
{
	spin_lock(&sem_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_change(&sem_ids, semid, ipc_current_cred(), &perm);
	if (!r) {
		struct sem_array *sma = array_of(perm);
		/* Everyone asleep on the set learns that it is gone. */
		for (struct sem_waiter *w = sma->waiters; w; w = w->next) {
			w->outcome = -EIDRM;
			wakeup(w);
		}
		ipc_rmid(&sem_ids, perm);
		sems_in_use -= sma->nsems;
		kfree(sma->sems);
		kfree(sma);
	}
	spin_unlock(&sem_lock);
	return r;
}

long sem_info(int cmd, struct seminfo *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&sem_lock);
	out->semmni = sem_limits.semmni;
	out->semmns = sem_limits.semmns;
	out->semmsl = sem_limits.semmsl;
	out->semopm = sem_limits.semopm;
	out->semvmx = SEMVMX;
	out->semaem = SEMAEM;
	out->semmnu = SEMMNU;
	out->semume = SEMUME;
	out->semmap = SEMMAP;
	out->semusz = SEMUSZ;
	if (cmd == SEM_INFO) { /* usage instead of two of the limits, as Linux */
		out->semusz = sem_ids.in_use;
		out->semaem = sems_in_use;
	}
	long r = ipc_highest_slot(&sem_ids);
	spin_unlock(&sem_lock);
	return r;
}

/* ---------------------------------------------------------------- /proc */

int sem_show_sets(struct procfs_text *out, int pid)
{
	(void)pid;
	procfs_printf(out,
	              "       key      semid perms      nsems   uid   gid  cuid  cgid      otime "
	              "     ctime\n");
	spin_lock(&sem_lock);
	for (int i = 0; i <= sem_ids.max_idx; i++) {
		struct sem_array *s = sem_ids.slots[i] ? array_of(sem_ids.slots[i]) : 0;
		if (s)
			procfs_printf(out, "%10d %10d  %4o %10u %5u %5u %5u %5u %10ld %10ld\n",
			              s->perm.key, s->perm.id, s->perm.mode, s->nsems, s->perm.uid,
			              s->perm.gid, s->perm.cuid, s->perm.cgid, s->otime, s->ctime);
	}
	spin_unlock(&sem_lock);
	return 0;
}

int sem_show_limits(struct procfs_text *out, int pid)
{
	(void)pid;
	procfs_printf(out, "%d\t%d\t%d\t%d\n", sem_limits.semmsl, sem_limits.semmns,
	              sem_limits.semopm, sem_limits.semmni);
	return 0;
}

/* "SEMMSL SEMMNS SEMOPM SEMMNI": four numbers, each within Linux's bounds. */
int sem_store_limits(const char *text, size_t len)
{
	(void)len;
	uint64_t v[4];
	if (ipc_parse_limits(text, 4, INT32_MAX, v))
		return -EINVAL;
	/* sem_num is 16 bits: a set cannot have more than 65535 semaphores. */
	if (v[0] > 65535 || v[2] < 1)
		return -EINVAL;
	if (v[3] > IPCMNI)
		return -ERANGE; /* as Linux's sem_check_semmni */
	spin_lock(&sem_lock);
	sem_limits = (struct sem_limits){(int)v[0], (int)v[1], (int)v[2], (int)v[3]};
	spin_unlock(&sem_lock);
	return 0;
}

int sem_count(void)
{
	spin_lock(&sem_lock);
	int n = sem_ids.in_use;
	spin_unlock(&sem_lock);
	return n;
}
