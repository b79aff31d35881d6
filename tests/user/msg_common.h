/*
 * msg_common.h: helpers shared by the System V message-queue tests
 * (msg_*.c).  Include it after check.h.
 *
 *   msg_require()              FAIL once and give up if the kernel has no msgget (ENOSYS)
 *   new_queue(name, mode)      an IPC_PRIVATE queue, removed by msg_summary()
 *   new_key_queue(name, key, mode)   the same with a key (an old queue with it goes first)
 *   put(id, type, text, len, flags), get(id, buf, size, type, flags)
 *                              msgsnd / msgrcv of struct msgbuf_n
 *   qstat(id, &ds), qnum_of(id)          IPC_STAT, or just the message count
 *   want_err, want_zero, want_ok, want_val   checks of a call's result
 *   run_counted(name, fn), as_nobody(name, fn)
 *                              fn in a forked child (as uid/gid 65534 for
 *                              as_nobody) whose PASS/FAIL lines count as ours
 *   with_sysctl(name, path, value, fn)   fn runs while a /proc/sys file holds
 *                              value; the old value is written back after
 *   wait_sleeping(pid), wait_state(pid, c)   poll /proc/PID/stat (deadline, no sleep)
 *   kernel_heap()              shmos's exact KernelHeapBytes (-1 elsewhere)
 *
 * Queues are removed at the end, so a run on the host Linux leaves
 * nothing behind in `ipcs -q`.
 */
#ifndef SHMOS_TESTS_USER_MSG_COMMON_H
#define SHMOS_TESTS_USER_MSG_COMMON_H

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>

#define NOBODY  65534
#define MSGTEXT 16384

/* Not in musl's headers (Linux 3.8+, CONFIG_CHECKPOINT_RESTORE): <linux/msg.h>. */
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

/* A message buffer as msgsnd/msgrcv take it: mtype, then the text (msgsz counts the text). */
struct msgbuf_n {
	long mtype;
	char mtext[MSGTEXT];
};

/* Raw system calls: what the kernel returns, without any libc in between. */
static inline long raw_msgsnd(long id, const void *msgp, unsigned long size, long flags)
{
	return syscall(SYS_msgsnd, id, msgp, size, flags);
}

static inline long raw_msgrcv(long id, void *msgp, unsigned long size, long type, long flags)
{
	return syscall(SYS_msgrcv, id, msgp, size, type, flags);
}

static inline long raw_msgctl(long id, long cmd, void *buf)
{
	return syscall(SYS_msgctl, id, cmd, buf);
}

/* errname() (check.h) plus the errno values only IPC calls give. */
static inline const char *ename(int e)
{
	switch (e) {
	case ENOSPC:
		return "ENOSPC";
	case EIDRM:
		return "EIDRM";
	case ENOMSG:
		return "ENOMSG";
	default:
		return errname(e);
	}
}

/*
 * Checks of a result that was computed before the call (C evaluates
 * arguments in any order, so check(f() == 0, ..., ename(errno)) could print
 * a stale errno): each reads errno itself.
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

/* ret must be want. */
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

/* ------------------------------------------------- queues we created --- */

static int msg_ids[256];
static int msg_nids;

static inline void track(int id)
{
	if (id >= 0 && msg_nids < (int)(sizeof(msg_ids) / sizeof(msg_ids[0])))
		msg_ids[msg_nids++] = id;
}

/* Remove every queue this process created (from index `from` of the list on). */
static inline void msg_cleanup_from(int from)
{
	for (int i = from; i < msg_nids; i++)
		msgctl(msg_ids[i], IPC_RMID, NULL);
	msg_nids = from;
}

/* A new IPC_PRIVATE queue; on failure FAIL name and return -1. */
static inline int new_queue(const char *name, int mode)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | mode);
	if (id < 0)
		fail(name, "msgget(IPC_PRIVATE, IPC_CREAT|0%o) failed: %s", mode, ename(errno));
	track(id);
	return id;
}

/* Remove the queue with this key, if there is one (left over from an earlier run). */
static inline void remove_key(key_t key)
{
	int id = msgget(key, 0);
	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
}

/* A new queue with this key (any old one is removed first); -1 and FAIL on failure. */
static inline int new_key_queue(const char *name, key_t key, int mode)
{
	remove_key(key);
	int id = msgget(key, IPC_CREAT | IPC_EXCL | mode);
	if (id < 0)
		fail(name, "msgget(0x%x, IPC_CREAT|IPC_EXCL|0%o) failed: %s", (unsigned)key, mode,
		     ename(errno));
	track(id);
	return id;
}

static inline int qstat(int id, struct msqid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	return msgctl(id, IPC_STAT, ds);
}

/* The number of messages queued, or -1 if IPC_STAT fails. */
static inline long qnum_of(int id)
{
	struct msqid_ds ds;
	return qstat(id, &ds) == 0 ? (long)ds.msg_qnum : -1;
}

/* msgsnd of len bytes of text (NULL: zeros). */
static inline int put(int id, long type, const char *text, size_t len, int flags)
{
	static struct msgbuf_n m;
	m.mtype = type;
	if (text)
		memcpy(m.mtext, text, len);
	else
		memset(m.mtext, 0, len);
	return msgsnd(id, &m, len, flags);
}

/* msgrcv into m: the text length, or -1. */
static inline long get(int id, struct msgbuf_n *m, size_t size, long type, int flags)
{
	memset(m, 0, sizeof(*m));
	return msgrcv(id, m, size, type, flags);
}

/*
 * Call once after check_init(): if the kernel has no msgget (ENOSYS),
 * say so in ONE failure and return 0: the caller then ends with
 * msg_summary() instead of failing every check.
 */
static inline int msg_require(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	if (id < 0 && errno == ENOSYS) {
		fail("msgget_exists", "msgget returned ENOSYS: no System V message queues");
		return 0;
	}
	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
	return 1;
}

static inline int msg_summary(void)
{
	msg_cleanup_from(0);
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

/* A file holding one decimal number, or -1. */
static inline long read_number(const char *path)
{
	char text[64];
	char *end;
	if (read_text(path, text, sizeof(text)) <= 0)
		return -1;
	long v = strtol(text, &end, 10);
	return end == text || (*end != '\n' && *end != '\0') ? -1 : v;
}

/* shmos's exact KernelHeapBytes from /proc/meminfo; -1 on Linux, which has no such line. */
static inline long kernel_heap(void)
{
	static char text[8192]; /* static: no new stack pages while measuring */
	static const char name[] = "KernelHeapBytes:";
	if (!is_shmos() || read_text("/proc/meminfo", text, sizeof(text)) <= 0)
		return -1;
	char *line = strstr(text, name);
	return line ? strtol(line + strlen(name), NULL, 10) : -1;
}

/* ---------------------------------------------------- other processes --- */

/* The state letter of /proc/PID/stat (R, S, T, Z...), or '?'. */
static inline char proc_state(pid_t pid)
{
	char path[64], text[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_text(path, text, sizeof(text)) <= 0)
		return '?';
	char *paren = strrchr(text, ')'); /* the name may hold spaces */
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

/* Poll (no sleeping) until pid is in state c, for at most 5 s.  1 if it got there. */
static inline int wait_state(pid_t pid, char c)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	while (proc_state(pid) != c)
		if (now_ns(CLOCK_MONOTONIC) > deadline)
			return 0;
		else
			sched_yield();
	return 1;
}

/* pid is asleep in the kernel: in these tests, blocked in msgsnd or msgrcv. */
static inline int wait_sleeping(pid_t pid)
{
	return wait_state(pid, 'S');
}

/* The child's exit code, or -1 if it did not exit (it is killed if it hangs). */
static inline int exit_code_of(pid_t pid)
{
	int status;
	if (wait_child(pid, &status) < 0)
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
 * Run fn in a forked child (as nobody if asked).  fn makes as many checks
 * as it likes, each printing its own line: the child sends its counts back
 * through a pipe and the parent adds them to its own.  A child that dies
 * (a signal, the watchdog) is one failure.
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
		int ids0 = msg_nids; /* the parent removes the queues it created */
		close(fds[0]);
		if (nobody)
			become_nobody();
		fn();
		msg_cleanup_from(ids0);
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
 * then write the old value back and check that it is back.
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
	alarm(WATCHDOG_SECONDS + 15); /* the child's watchdog fires first: we restore */
	run_counted(name, fn);
	int w = write_text(path, old);
	long n = read_text(path, now, sizeof(now));
	snprintf(rname, sizeof(rname), "%s_restored", name);
	check(w == 0 && n > 0 && strcmp(now, old) == 0, rname,
	      "could not write the old value %.30s back to %s", old, path);
	watchdog();
}

/* Does this process have CAP_SYS_RESOURCE?  Root on shmos always; on Linux, per CapEff. */
static inline int cap_sys_resource(void)
{
	char text[4096];
	if (is_shmos())
		return geteuid() == 0;
	if (read_text("/proc/self/status", text, sizeof(text)) <= 0)
		return 0;
	char *line = strstr(text, "CapEff:");
	return line && (strtoull(line + 7, NULL, 16) >> 24 & 1);
}

#endif
