/*
 * shm_common.h: helpers shared by the System V shared-memory tests
 * (shm_*.c and ipctool.c).  Include it after check.h.
 *
 *   shm_require()          FAIL once and give up if the kernel has no shmget (ENOSYS)
 *   new_seg(name, size, mode)   an IPC_PRIVATE segment, removed by shm_cleanup()
 *   new_key_seg(name, key, size, mode)   the same with a key (an old one is removed first)
 *   seg_stat(id, &ds), nattch_of(id)     IPC_STAT, or just the attach count
 *   run_counted(name, fn), as_nobody(name, fn)
 *                          run fn in a forked child (as uid/gid 65534 for
 *                          as_nobody) whose own PASS/FAIL lines count as ours
 *   with_sysctl(name, path, value, fn)   fn runs in a child while a
 *                          /proc/sys file holds value; the old value is
 *                          written back afterwards, even if fn crashed
 *   free_area(len)         an address range that is free right now
 *   free_frames()          shmos's exact FreeFrames count (-1 elsewhere)
 *
 * Segments are removed at the end (shm_cleanup() in shm_summary()), so a
 * run on the host Linux leaves nothing behind in `ipcs -m`.
 */
#ifndef SHMOS_TESTS_USER_SHM_COMMON_H
#define SHMOS_TESTS_USER_SHM_COMMON_H

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>

#define PAGE   4096UL
#define NOBODY 65534

/* Raw system calls: what the kernel itself returns, without any libc in between. */
static inline long raw_shmget(long key, unsigned long size, long flags)
{
	return syscall(SYS_shmget, key, size, flags);
}

static inline long raw_shmctl(long id, long cmd, void *buf)
{
	return syscall(SYS_shmctl, id, cmd, buf);
}

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
	default:
		return errname(e);
	}
}

/* check_errno() with every errno named: ret must be -1 with errno == want. */
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

/*
 * Note: C evaluates a call's arguments in any order (gcc often goes right
 * to left), so check(f() == 0, ..., ename(errno)) may print the errno from
 * BEFORE f() ran.  Call first, then check; or use these helpers, which get
 * the result as an argument and read errno inside.
 */

/* ret must be 0. */
static inline int want_zero(const char *name, long ret, const char *what)
{
	int e = errno;
	return check(ret == 0, name, "%s returned %ld (%s), expected 0", what, ret,
	             ret == -1 ? ename(e) : "no error");
}

/* ret must not be -1. */
static inline int want_ok(const char *name, long ret, const char *what)
{
	int e = errno;
	return check(ret != -1, name, "%s failed: %s", what, ename(e));
}

/* An address result (shmat's, as a number) must be want. */
static inline int want_addr(const char *name, long got, long want, const char *what)
{
	int e = errno;
	return check(got == want, name, "%s returned %#lx (%s), expected %#lx", what, got,
	             got == -1 ? ename(e) : "no error", want);
}

/* shmat's result as a number: -1 on failure, as for the other calls. */
static inline long attach(int id, const void *addr, int flags)
{
	void *p = shmat(id, addr, flags);
	return p == (void *)-1 ? -1 : (long)p;
}

/* ------------------------------------------------- segments we created --- */

static int shm_ids[512];
static int shm_nids;

static inline void track(int id)
{
	if (id >= 0 && shm_nids < (int)(sizeof(shm_ids) / sizeof(shm_ids[0])))
		shm_ids[shm_nids++] = id;
}

/* Remove every segment this process created (from index `from` of the list on). */
static inline void shm_cleanup_from(int from)
{
	for (int i = from; i < shm_nids; i++)
		shmctl(shm_ids[i], IPC_RMID, NULL);
	shm_nids = from;
}

static inline void shm_cleanup(void)
{
	shm_cleanup_from(0);
}

/* A new IPC_PRIVATE segment; on failure FAIL name and return -1. */
static inline int new_seg(const char *name, size_t size, int mode)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | mode);
	if (id < 0)
		fail(name, "shmget(IPC_PRIVATE, %zu, IPC_CREAT|0%o) failed: %s", size, mode,
		     ename(errno));
	track(id);
	return id;
}

/* Remove the segment with this key, if there is one (left over from an earlier run). */
static inline void remove_key(key_t key)
{
	int id = shmget(key, 0, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

/* A new segment with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_seg(const char *name, key_t key, size_t size, int mode)
{
	remove_key(key);
	int id = shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
	if (id < 0)
		fail(name, "shmget(0x%x, %zu, IPC_CREAT|IPC_EXCL|0%o) failed: %s", (unsigned)key,
		     size, mode, ename(errno));
	track(id);
	return id;
}

static inline int seg_stat(int id, struct shmid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return shmctl(id, IPC_STAT, ds);
}

/* The segment's nattch, or -1 if IPC_STAT fails. */
static inline long nattch_of(int id)
{
	struct shmid_ds ds;
	return seg_stat(id, &ds) == 0 ? (long)ds.shm_nattch : -1;
}

/*
 * Call once after check_init(): if the kernel has no shmget (ENOSYS, as on
 * shmos before the shared-memory issue), say so in ONE failure and return
 * 0: the caller then ends with summary() instead of failing every check.
 */
static inline int shm_require(void)
{
	int id = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (id < 0 && errno == ENOSYS) {
		fail("shmget_exists", "shmget returned ENOSYS: no System V shared memory");
		return 0;
	}
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	return 1;
}

static inline int shm_summary(void)
{
	shm_cleanup();
	return summary();
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

/* A file holding one unsigned decimal number (shmmax is near 2^64). */
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

/* shmos counts free frames exactly (the FreeFrames line); Linux has no such line: -1. */
static inline long free_frames(void)
{
	return is_shmos() ? meminfo("FreeFrames") : -1;
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
		int ids0 = shm_nids; /* the parent removes the segments it created */
		close(fds[0]);
		if (nobody)
			become_nobody();
		fn();
		shm_cleanup_from(ids0);
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
 * then write the old value back and check that it is back.  The child has
 * its own watchdog and we give ourselves a longer one, so even a hung fn
 * ends before we do and the old value is always restored.
 */
static inline void with_sysctl(const char *name, const char *path, const char *value,
                               void (*fn)(void))
{
	char old[64], now[64], rname[80];
	if (geteuid() != 0) {
		skip(name, "not running as root: cannot change %s", path);
		return;
	}
	if (read_text(path, old, sizeof(old)) <= 0) {
		fail(name, "cannot read %s: %s", path, errname(errno));
		return;
	}
	if (write_text(path, value) != 0) {
		fail(name, "cannot write %s to %s: %s", value, path, errname(errno));
		return;
	}
	alarm(WATCHDOG_SECONDS + 15);
	run_counted(name, fn);
	int w = write_text(path, old);
	long n = read_text(path, now, sizeof(now));
	snprintf(rname, sizeof(rname), "%s_restored", name);
	check(w == 0 && n > 0 && strcmp(now, old) == 0, rname,
	      "could not write the old value %.30s back to %s", old, path);
	watchdog();
}

/* ------------------------------------------------------------- memory --- */

/* A page-aligned range of len bytes that nothing uses right now (mmap'd, then unmapped). */
static inline uintptr_t free_area(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, len);
	return (uintptr_t)p;
}

/* Do [a, a+alen) and [b, b+blen) overlap? */
static inline int overlaps(uintptr_t a, size_t alen, uintptr_t b, size_t blen)
{
	return a < b + blen && b < a + alen;
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
