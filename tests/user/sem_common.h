/*
 * sem_common.h: helpers shared by the System V semaphore tests (sem_*.c).
 * Include it after check.h.
 *
 *   sem_require()              FAIL once and give up if the kernel has no semget (ENOSYS)
 *   new_set(name, nsems, mode) an IPC_PRIVATE set, removed by sem_summary()
 *   new_key_set(name, key, nsems, mode)   the same with a key (an old set is removed first)
 *   getval(), setval(), op1(), stat_set()   one-line forms of the usual calls
 *   want_err(), want_zero(), want_ok(), want_val()   check a result (errno read inside)
 *   wait_count(id, num, cmd, n, ms)   poll GETNCNT/GETZCNT until it is n (a deadline, no sleep)
 *   start_semop(id, ops, n, timeout)  a child blocked in semop; its result by child_errno()
 *   run_counted(name, fn), as_nobody(name, fn)
 *                              fn in a forked child (as uid/gid 65534 for as_nobody)
 *                              whose own PASS/FAIL lines count as ours
 *   with_sem_limits(name, "MSL MNS OPM MNI", fn)   fn runs while /proc/sys/kernel/sem
 *                              holds those limits; the old ones are written back after
 *
 * Sets are removed at the end (sem_cleanup() in sem_summary()), so a run on
 * the host Linux leaves nothing behind in `ipcs -s`.
 */
#ifndef SHMOS_TESTS_USER_SEM_COMMON_H
#define SHMOS_TESTS_USER_SEM_COMMON_H

#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>

#define NOBODY 65534
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

/* errname() (check.h) plus the errno values only IPC calls give. */
static inline const char *ename(int e)
{
	switch (e) {
	case ENOSPC:
		return "ENOSPC";
	case EIDRM:
		return "EIDRM";
	case EFBIG:
		return "EFBIG";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	default:
		return errname(e);
	}
}

/*
 * Checks of a result.  They take the result as an argument and read errno
 * inside: C evaluates arguments in any order, so check(f() == 0, ...,
 * ename(errno)) could print the errno from before f() ran.
 */

/* ret must be -1 with errno == want. */
static inline int want_err(const char *name, long ret, int want, const char *what)
{
	int e = errno;
	if (ret == -1 && e == want) {
		pass(name);
		return 1;
	}
	if (ret == -1)
		fail(name, "%s failed with %s, expected %s", what, ename(e), ename(want));
	else
		fail(name, "%s returned %ld, expected -1/%s", what, ret, ename(want));
	return 0;
}

/* ret must be want (0 for most calls, a value for GETVAL and friends). */
static inline int want_val(const char *name, long ret, long want, const char *what)
{
	int e = errno;
	return check(ret == want, name, "%s returned %ld (%s), expected %ld", what, ret,
	             ret == -1 ? ename(e) : "no error", want);
}

static inline int want_zero(const char *name, long ret, const char *what)
{
	return want_val(name, ret, 0, what);
}

/* ret must not be -1. */
static inline int want_ok(const char *name, long ret, const char *what)
{
	int e = errno;
	return check(ret != -1, name, "%s failed: %s", what, ename(e));
}

/* --------------------------------------------------- sets we created --- */

static int sem_ids[256];
static int sem_nids;

static inline void track(int id)
{
	if (id >= 0 && sem_nids < (int)(sizeof(sem_ids) / sizeof(sem_ids[0])))
		sem_ids[sem_nids++] = id;
}

/* Remove every set this process created (from index `from` of the list on). */
static inline void sem_cleanup_from(int from)
{
	for (int i = from; i < sem_nids; i++)
		semctl(sem_ids[i], 0, IPC_RMID);
	sem_nids = from;
}

static inline void sem_cleanup(void)
{
	sem_cleanup_from(0);
}

static inline int sem_summary(void)
{
	sem_cleanup();
	return summary();
}

/* A new IPC_PRIVATE set; on failure FAIL name and return -1. */
static inline int new_set(const char *name, int nsems, int mode)
{
	int id = semget(IPC_PRIVATE, nsems, IPC_CREAT | mode);
	if (id < 0)
		fail(name, "semget(IPC_PRIVATE, %d, IPC_CREAT|0%o) failed: %s", nsems, mode,
		     ename(errno));
	track(id);
	return id;
}

/* Remove the set with this key, if there is one (left over from an earlier run). */
static inline void remove_key(key_t key)
{
	int id = semget(key, 0, 0);
	if (id >= 0)
		semctl(id, 0, IPC_RMID);
}

/* A new set with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_set(const char *name, key_t key, int nsems, int mode)
{
	remove_key(key);
	int id = semget(key, nsems, IPC_CREAT | IPC_EXCL | mode);
	if (id < 0)
		fail(name, "semget(0x%x, %d, IPC_CREAT|IPC_EXCL|0%o) failed: %s", (unsigned)key,
		     nsems, mode, ename(errno));
	track(id);
	return id;
}

/*
 * Call once after check_init(): if the kernel has no semget (ENOSYS), say
 * so in ONE failure and return 0; the caller then ends with summary().
 */
static inline int sem_require(void)
{
	int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (id < 0 && errno == ENOSYS) {
		fail("semget_exists", "semget returned ENOSYS: no System V semaphores");
		return 0;
	}
	if (id >= 0)
		semctl(id, 0, IPC_RMID);
	return 1;
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
	int status;
	if (pid <= 0 || wait_child(pid, &status) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
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
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (void *)1;
	munmap(p, 4096);
	return p;
}

/* -------------------------------------------------------------- files --- */

/* Read a whole small file into buf (NUL-terminated).  Its length, or -1 with errno. */
static inline long read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n = 0;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	int e = errno;
	close(fd);
	errno = e;
	buf[len] = '\0';
	return n < 0 ? -1 : (long)len;
}

/* Write a string to a file (a /proc/sys setting).  0, or -1 with errno. */
static inline int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The four limits of /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI.  0 or -1. */
static inline int read_sem_limits(long v[4])
{
	char text[128];
	if (read_text(SEM_SYSCTL, text, sizeof(text)) <= 0)
		return -1;
	return sscanf(text, "%ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3]) == 4 ? 0 : -1;
}

/* ------------------------------------------------------------ time --- */

/*
 * The lower bound for a kernel timestamp taken after this call.  Linux
 * stamps times with its coarse clock, which may lag time() by a tick, so
 * (like LTP) take the start from CLOCK_REALTIME_COARSE and the end from time().
 */
static inline long now_coarse(void)
{
	return (long)(now_ns(CLOCK_REALTIME_COARSE) / 1000000000LL);
}

static inline int time_between(long t, long t0, long t1)
{
	return t >= t0 && t <= t1;
}

/* Spin (no sleep) until time() has moved past t, so that a new timestamp differs. */
static inline void wait_next_second(long t)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 3000000000LL;
	while (now_coarse() <= t && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
}

/* -------------------------------------------------- children and users --- */

/* In a child: setgroups(0) + setgid + setuid to 65534 ("nobody"), for good. */
static inline void become_nobody(void)
{
	if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
		child_fail("cannot become uid/gid %d: %s", NOBODY, errname(errno));
}

/*
 * Run fn in a forked child (as nobody if asked).  Unlike run_child(), fn
 * makes as many checks as it likes, each printing its own PASS/FAIL line:
 * the child sends its counts back through a pipe and the parent adds them
 * to its own.  A child that dies (a signal, the watchdog) is one failure.
 */
static inline void run_as(const char *name, void (*fn)(void), int nobody)
{
	int fds[2], status, counts[3] = {0, 0, 0};
	int pass0 = check_npass, fail0 = check_nfail, skip0 = check_nskip;
	check_current = name;
	if (pipe(fds) != 0) {
		fail(name, "pipe: %s", errname(errno));
		return;
	}
	pid_t pid = check_fork();
	if (pid == 0) {
		int ids0 = sem_nids; /* the parent removes the sets it created */
		close(fds[0]);
		if (nobody)
			become_nobody();
		fn();
		sem_cleanup_from(ids0);
		counts[0] = check_npass - pass0;
		counts[1] = check_nfail - fail0;
		counts[2] = check_nskip - skip0;
		_exit(write(fds[1], counts, sizeof(counts)) == sizeof(counts) ? 0 : 3);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return;
	}
	ssize_t got = read(fds[0], counts, sizeof(counts));
	close(fds[0]);
	if (wait_child(pid, &status) < 0) {
		fail(name, "wait4 for the child failed: %s", errname(errno));
		return;
	}
	if (got == sizeof(counts) && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		check_npass += counts[0];
		check_nfail += counts[1];
		check_nskip += counts[2];
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
		check_nfail++; /* child_fail() printed the FAIL line */
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
		check_nskip++; /* child_skip() printed the SKIP line */
	} else {
		fail(name, "the child %s before reporting its checks", describe_status(status));
	}
}

static inline void run_counted(const char *name, void (*fn)(void))
{
	run_as(name, fn, 0);
}

/* fn as uid/gid 65534; SKIP when we are not root and cannot change users. */
static inline void as_nobody(const char *name, void (*fn)(void))
{
	if (geteuid() != 0) {
		skip(name, "not running as root: cannot become another user");
		return;
	}
	run_as(name, fn, 1);
}

/*
 * Run fn (in a child, counted) while /proc/sys/kernel/sem holds limits
 * ("SEMMSL SEMMNS SEMOPM SEMMNI"), then write the old limits back and check
 * that they are back.  The child has its own watchdog and we give ourselves
 * a longer one, so even a hung fn ends before we do and the old limits are
 * always restored.  SKIP when not root.
 */
static inline void with_sem_limits(const char *name, const char *limits, void (*fn)(void))
{
	char old[128], now[128], rname[80];
	if (geteuid() != 0) {
		skip(name, "not running as root: cannot change %s", SEM_SYSCTL);
		return;
	}
	if (read_text(SEM_SYSCTL, old, sizeof(old)) <= 0) {
		fail(name, "cannot read %s: %s", SEM_SYSCTL, errname(errno));
		return;
	}
	if (write_text(SEM_SYSCTL, limits) != 0) {
		fail(name, "cannot write \"%s\" to %s: %s", limits, SEM_SYSCTL, errname(errno));
		return;
	}
	alarm(WATCHDOG_SECONDS + 15);
	run_counted(name, fn);
	int w = write_text(SEM_SYSCTL, old);
	long n = read_text(SEM_SYSCTL, now, sizeof(now));
	snprintf(rname, sizeof(rname), "%s_restored", name);
	check(w == 0 && n > 0 && strcmp(now, old) == 0, rname,
	      "could not write the old limits %.60s back to %s", old, SEM_SYSCTL);
	watchdog();
}

#endif
