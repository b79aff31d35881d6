/*
 * sem_common.h: helpers shared by the System V semaphore tests (sem_*.c).
 * Include it after check.h.
 *
 *   sem_require()              FAIL once and give up if the kernel has no semget (ENOSYS)
 *   new_set(name, nsems, mode) an IPC_PRIVATE set, removed by sem_summary()
 *   new_key_set(name, key, nsems, mode)   the same with a key (an old set is removed first)
 *   getval(), setval(), op1(), stat_set()   one-line forms of the usual calls
 *   wait_count(id, num, cmd, n, ms)   poll GETNCNT/GETZCNT until it is n (a deadline, no sleep)
 *   start_semop(id, ops, n, timeout)  a child blocked in semop; its result by child_errno()
 *   with_sem_limits(name, "MSL MNS OPM MNI", fn)   fn runs while /proc/sys/kernel/sem
 *                              holds those limits; the old ones are written back after
 *   wait_next_second(t)        spin until the coarse clock has passed t
 *
 * The helpers every IPC kind shares (want_err, want_val, run_counted,
 * as_nobody, with_sysctl, read_text, now_coarse, ...) are in ipc_common.h.
 *
 * Sets are removed at the end (sem_summary()), so a run on the host Linux
 * leaves nothing behind in `ipcs -s`.
 */
#ifndef SHMOS_TESTS_USER_SEM_COMMON_H
#define SHMOS_TESTS_USER_SEM_COMMON_H

#include "ipc_common.h"

#include <sys/sem.h>

#define SEMVMX 32767 /* the largest value of a semaphore (Linux) */
#define SEMAEM 32767 /* the largest undo adjustment */

static const char *SEM_SYSCTL = "/proc/sys/kernel/sem";

/* semctl's fourth argument: the caller defines it (semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* The two calls ipc_common.h leaves to each kind. */
static inline int ipc_remove_id(int id)
{
	return semctl(id, 0, IPC_RMID);
}

static inline int ipc_id_of_key(key_t key)
{
	return semget(key, 0, 0);
}

/* Raw system calls: what the kernel itself returns, without any libc in between. */
static inline long raw_semctl(long id, long num, long cmd, unsigned long arg)
{
	return syscall(SYS_semctl, id, num, cmd, arg);
}

static inline long raw_semtimedop(long id, const void *sops, unsigned long nsops,
                                  const void *timeout)
{
	return syscall(SYS_semtimedop, id, sops, nsops, timeout);
}

/* --------------------------------------------------- sets we created --- */

static inline int sem_summary(void)
{
	return ipc_summary();
}

/* A new IPC_PRIVATE set; on failure FAIL name and return -1. */
static inline int new_set(const char *name, int nsems, int mode)
{
	return created(semget(IPC_PRIVATE, nsems, IPC_CREAT | mode), name,
	               "semget(IPC_PRIVATE, %d, IPC_CREAT|0%o)", nsems, mode);
}

/* A new set with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_set(const char *name, key_t key, int nsems, int mode)
{
	remove_key(key);
	return created(semget(key, nsems, IPC_CREAT | IPC_EXCL | mode), name,
	               "semget(0x%x, %d, IPC_CREAT|IPC_EXCL|0%o)", (unsigned)key, nsems, mode);
}

/*
 * Call once after check_init(): if the kernel has no semget (ENOSYS), say
 * so in ONE failure and return 0; the caller then ends with summary().
 */
static inline int sem_require(void)
{
	return ipc_require(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), "semget_exists",
	                   "semget returned ENOSYS: no System V semaphores");
}

/* ------------------------------------------------------- short forms --- */

static inline int getval(int id, int num)
{
	return semctl(id, num, GETVAL);
}

static inline int setval(int id, int num, int val)
{
	return semctl(id, num, SETVAL, val);
}

/* One operation: semop(id, {num, op, flg}, 1). */
static inline int op1(int id, int num, int op, int flg)
{
	struct sembuf sb = {(unsigned short)num, (short)op, (short)flg};
	return semop(id, &sb, 1);
}

static inline int stat_set(int id, struct semid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return semctl(id, 0, IPC_STAT, ds);
}

/*
 * Wait, without sleeping, until semctl(id, num, cmd) (GETNCNT, GETZCNT,
 * GETVAL) returns want, or ms milliseconds have passed.  Returns the last
 * value seen.  This is how a test knows that a child is asleep in semop:
 * the kernel counts it among the waiters.
 */
static inline int wait_count(int id, int num, int cmd, int want, long ms)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + ms * 1000000LL;
	int n;
	while ((n = semctl(id, num, cmd)) != want && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
	return n;
}

/* ---------------------------------------------------- blocked children --- */

/*
 * Start a child that calls semtimedop(id, ops, n, timeout) once (timeout
 * NULL: semop) and exits with 0 if it succeeded, else with the errno.
 */
static inline pid_t start_semop(int id, const struct sembuf *ops, int n,
                                const struct timespec *timeout)
{
	pid_t pid = check_fork();
	if (pid == 0) {
		long r = raw_semtimedop(id, ops, n, timeout);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

/* A child started by start_semop() with one operation. */
static inline pid_t start_op1(int id, int num, int op, int flg)
{
	struct sembuf sb = {(unsigned short)num, (short)op, (short)flg};
	return start_semop(id, &sb, 1, NULL);
}

/*
 * Wait for a child started by start_semop(): its result, 0 or an errno;
 * -1 if it was killed (by the watchdog, say) or could not be waited for.
 */
static inline int child_errno(pid_t pid)
{
	return exit_code_of(pid);
}

/* "0", "EIDRM", "killed": a child_errno() result in words. */
static inline const char *result_name(int r)
{
	return r < 0 ? "killed or lost" : r == 0 ? "success" : ename(r);
}

/* Kill a child for good and reap it (cleanup after a failed check). */
static inline void kill_child(pid_t pid)
{
	int status;
	if (pid > 0) {
		kill(pid, SIGKILL);
		wait_child(pid, &status);
	}
}

/* An address with nothing mapped there: a page that was just unmapped. */
static inline void *bad_page(void)
{
	uintptr_t p = free_area(4096);
	return p ? (void *)p : (void *)1;
}

/* The four limits of /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI.  0 or -1. */
static inline int read_sem_limits(long v[4])
{
	char text[128];
	if (read_text(SEM_SYSCTL, text, sizeof(text)) <= 0)
		return -1;
	return sscanf(text, "%ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3]) == 4 ? 0 : -1;
}

/* Spin (no sleep) until time() has moved past t, so that a new timestamp differs. */
static inline void wait_next_second(long t)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 3000000000LL;
	while (now_coarse() <= t && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
}

/*
 * with_sysctl() for /proc/sys/kernel/sem: fn runs (in a child, counted)
 * while it holds limits ("SEMMSL SEMMNS SEMOPM SEMMNI"); the old limits are
 * written back and checked afterwards.  SKIP when not root.
 */
static inline void with_sem_limits(const char *name, const char *limits, void (*fn)(void))
{
	with_sysctl(name, SEM_SYSCTL, limits, fn);
}

#endif
