/*
 * ipc_common.h: the helpers every System V IPC test shares, whatever the
 * kind (shared memory, semaphores, message queues).  It is included by
 * shm_common.h, sem_common.h and msg_common.h, not by the tests themselves;
 * each of those includes this one and then defines the two calls that
 * depend on the kind, ipc_remove_id(id) and ipc_id_of_key(key).
 *
 *   ename(e)                   errname() plus the errno values only IPC calls give
 *   want_err(), want_val(), want_zero(), want_ok()
 *                              check a call's result (errno read inside)
 *   track(id), created(id, name, fmt, ...), ipc_cleanup_from(i), ipc_summary()
 *                              the ids this process created, removed at the end
 *   remove_key(key)            remove the object with this key, if there is one
 *   ipc_require(id, name, what)   FAIL once and give up if the kind's get is ENOSYS
 *   write_text(), read_number(), read_long(), meminfo()   small files
 *   run_counted(name, fn), as_nobody(name, fn)
 *                              fn in a forked child (as uid/gid 65534 for
 *                              as_nobody) whose own PASS/FAIL lines count as ours
 *   with_sysctl(name, path, value, fn)   fn runs in a child while a /proc/sys
 *                              file holds value; the old value is written back
 *                              afterwards, even if fn crashed
 *   exit_code_of(pid)          wait for a child: its exit code, or -1
 *   free_area(len)             an address range that is free right now
 *   now_coarse(), time_between()   bounds for a kernel timestamp
 *
 * Objects are removed at the end (ipc_cleanup_from(0) in ipc_summary()), so
 * a run on the host Linux leaves nothing behind in `ipcs`.
 */
#ifndef SHMOS_TESTS_USER_IPC_COMMON_H
#define SHMOS_TESTS_USER_IPC_COMMON_H

#include "check.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>

#define NOBODY 65534

/* Defined by the kind's header: IPC_RMID of one id, and the id with a key (or -1). */
static inline int ipc_remove_id(int id);
static inline int ipc_id_of_key(key_t key);

/* errname() (check.h) plus the errno values only IPC calls give. */
static inline const char *ename(int e)
{
	switch (e) {
	case ENOSPC:
		return "ENOSPC";
	case EIDRM:
		return "EIDRM";
	case EOVERFLOW:
		return "EOVERFLOW";
	case ENFILE:
		return "ENFILE";
	case EFBIG:
		return "EFBIG";
	case ETIMEDOUT:
		return "ETIMEDOUT";
	case ENOMSG:
		return "ENOMSG";
	default:
		return errname(e);
	}
}

/*
 * Checks of a result.  They take the result as an argument and read errno
 * inside: C evaluates arguments in any order (gcc often goes right to
 * left), so check(f() == 0, ..., ename(errno)) could print the errno from
 * BEFORE f() ran.  Call first, then check; or use these.
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

/* ret must be want (0 for most calls, a value for GETVAL, qnum and friends). */
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

/* ------------------------------------------------- objects we created --- */

static int ipc_ids[512];
static int ipc_nids;

static inline void track(int id)
{
	if (id >= 0 && ipc_nids < (int)(sizeof(ipc_ids) / sizeof(ipc_ids[0])))
		ipc_ids[ipc_nids++] = id;
}

/*
 * The result of a get that creates: id is tracked (removed at the end); if
 * it is -1, FAIL name with "CALL failed: ERRNO", CALL formatted from fmt.
 * Returns id.
 */
static inline CHECK_PRINTF(3, 4) int created(int id, const char *name, const char *fmt, ...)
{
	int e = errno;
	if (id < 0) {
		char call[256];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(call, sizeof(call), fmt, ap);
		va_end(ap);
		fail(name, "%s failed: %s", call, ename(e));
	}
	track(id);
	return id;
}

/* Remove every object this process created (from index `from` of the list on). */
static inline void ipc_cleanup_from(int from)
{
	for (int i = from; i < ipc_nids; i++)
		ipc_remove_id(ipc_ids[i]);
	ipc_nids = from;
}

static inline int ipc_summary(void)
{
	ipc_cleanup_from(0);
	return summary();
}

/* Remove the object with this key, if there is one (left over from an earlier run). */
static inline void remove_key(key_t key)
{
	int id = ipc_id_of_key(key);
	if (id >= 0)
		ipc_remove_id(id);
}

/*
 * For the kind's *_require(), called once after check_init(): id is what
 * creating a private object returned.  If the kernel has no such call
 * (ENOSYS), say so in ONE failure and return 0: the caller then ends with
 * its summary instead of failing every check.
 */
static inline int ipc_require(long id, const char *name, const char *what)
{
	if (id < 0 && errno == ENOSYS) {
		fail(name, "%s", what);
		return 0;
	}
	if (id >= 0)
		ipc_remove_id(id);
	return 1;
}

/* -------------------------------------------------------------- files --- */

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

/* A file holding one unsigned decimal number (shmmax is near 2^64).  0 or -1. */
static inline int read_number(const char *path, unsigned long *value)
{
	char text[64];
	char *end;
	if (read_text(path, text, sizeof(text)) <= 0)
		return -1;
	errno = 0;
	*value = strtoul(text, &end, 10);
	return errno || end == text || (*end != '\n' && *end != '\0') ? -1 : 0;
}

/* The same as a value for use in an expression: the number, or -1. */
static inline long read_long(const char *path)
{
	unsigned long v;
	return read_number(path, &v) == 0 ? (long)v : -1;
}

/* The number after "Name:" in /proc/meminfo, or -1. */
static inline long meminfo(const char *name)
{
	static char text[8192]; /* static: no new stack pages while measuring */
	size_t len = strlen(name);
	if (read_text("/proc/meminfo", text, sizeof(text)) <= 0)
		return -1;
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			return strtol(line + len + 1, NULL, 10);
	return -1;
}

/* -------------------------------------------------- children and users --- */

/* The child's exit code, or -1 if it did not exit (it is killed if it hangs). */
static inline int exit_code_of(pid_t pid)
{
	int status;
	if (pid <= 0 || wait_child(pid, &status) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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
		int ids0 = ipc_nids; /* the parent removes the objects it created */
		close(fds[0]);
		if (nobody)
			become_nobody();
		fn();
		ipc_cleanup_from(ids0);
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
 * Run fn (in a child, counted) while the /proc/sys file path holds value,
 * then write the old value back and check (as NAME_restored) that it is
 * back.  The child has its own watchdog and we give ourselves a longer one,
 * so even a hung fn ends before we do and the old value is always restored.
 * SKIP when not root.
 */
static inline void with_sysctl(const char *name, const char *path, const char *value,
                               void (*fn)(void))
{
	char old[128], now[128], rname[80];
	if (geteuid() != 0) {
		skip(name, "not running as root: cannot change %s", path);
		return;
	}
	if (read_text(path, old, sizeof(old)) <= 0) {
		fail(name, "cannot read %s: %s", path, errname(errno));
		return;
	}
	if (write_text(path, value) != 0) {
		fail(name, "cannot write \"%s\" to %s: %s", value, path, errname(errno));
		return;
	}
	alarm(WATCHDOG_SECONDS + 15); /* the child's watchdog fires first: we restore */
	run_counted(name, fn);
	int w = write_text(path, old);
	long n = read_text(path, now, sizeof(now));
	snprintf(rname, sizeof(rname), "%s_restored", name);
	check(w == 0 && n > 0 && strcmp(now, old) == 0, rname,
	      "could not write the old value %.60s back to %s", old, path);
	watchdog();
}

/* ------------------------------------------------------ memory, time --- */

/* A page-aligned range of len bytes that nothing uses right now (mmap'd, then unmapped); 0 if none.
 */
static inline uintptr_t free_area(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, len);
	return (uintptr_t)p;
}

/*
 * The lower bound for a kernel timestamp taken after this call.  Linux
 * stamps times with its coarse clock, which may lag time() by a tick, so
 * (like LTP) take the start from CLOCK_REALTIME_COARSE and the end from time().
 */
static inline long now_coarse(void)
{
	return (long)(now_ns(CLOCK_REALTIME_COARSE) / 1000000000LL);
}

/* A kernel timestamp between two of ours: t0 <= t <= t1. */
static inline int time_between(long t, long t0, long t1)
{
	return t >= t0 && t <= t1;
}

#endif
