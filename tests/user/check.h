/*
 * check.h: the test protocol shared by every user test program in tests/user/.
 *
 * Include it FIRST (it defines _GNU_SOURCE).  A test program looks like
 *
 *	int main(int argc, char **argv)
 *	{
 *		check_init("forkwait");
 *		check(getpid() > 0, "getpid_positive", "getpid() returned %d", getpid());
 *		expect_signal("write_null", write_null, SIGSEGV);
 *		return summary();
 *	}
 *
 * and prints one protocol line per check, then a summary line:
 *
 *	PASS forkwait/getpid_positive
 *	FAIL forkwait/exit_255: child exited with 0, expected 255
 *	SKIP creds/setuid: not running as root
 *	INFO forkwait: anything else worth telling a human
 *	forkwait summary: 1 passed, 1 failed
 *
 * The exit status is 0 if nothing failed, 1 otherwise.
 *
 * The same binaries run on shmos and on the host Linux (that is how we know
 * the tests themselves are right).  Files are found under $SHMOS_ROOT (unset
 * on shmos, so "/"): see root_path().
 *
 * Output never goes through stdio: every line is formatted into a buffer and
 * written with ONE write(2), so a line is never split or duplicated even when
 * forked children print too (a stdio buffer copied by fork would be printed
 * twice).
 *
 * Every program arms a watchdog, alarm(WATCHDOG_SECONDS) with SIGALRM's
 * default action, so that no test can hang forever: a hung program dies and
 * the runner reports it.  Children made with check_fork() arm their own
 * (alarms are not inherited across fork).
 */
#ifndef SHMOS_TESTS_USER_CHECK_H
#define SHMOS_TESTS_USER_CHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WATCHDOG_SECONDS 30

#define CHECK_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Counters of this process, and the name of the check a forked child runs. */
static const char *check_prog = "?";
static int check_npass, check_nfail, check_nskip;
static const char *check_current = "?";

/* ------------------------------------------------------------ output --- */

/* Format one line and write it with a single write(2). */
static inline void vsay(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	for (int off = 0; off < n;) {
		ssize_t w = write(1, buf + off, n - off);
		if (w <= 0 && errno != EINTR)
			return;
		if (w > 0)
			off += w;
	}
}

static inline CHECK_PRINTF(1, 2) void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

/* Say "PREFIX prog/name: detail". */
static inline void say_result(const char *prefix, const char *name, const char *fmt, va_list ap)
{
	char detail[900];
	vsnprintf(detail, sizeof(detail), fmt, ap);
	say("%s %s/%s: %s", prefix, check_prog, name, detail);
}

static inline void pass(const char *name)
{
	say("PASS %s/%s", check_prog, name);
	check_npass++;
}

static inline CHECK_PRINTF(2, 3) void fail(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_result("FAIL", name, fmt, ap);
	va_end(ap);
	check_nfail++;
}

static inline CHECK_PRINTF(2, 3) void skip(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_result("SKIP", name, fmt, ap);
	va_end(ap);
	check_nskip++;
}

/* A line for humans; the runner ignores it. */
static inline CHECK_PRINTF(1, 2) void info(const char *fmt, ...)
{
	char text[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	say("INFO %s: %s", check_prog, text);
}

/* PASS if ok, else FAIL with the detail.  Returns ok. */
static inline CHECK_PRINTF(3, 4) int check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;
	if (ok) {
		pass(name);
		return 1;
	}
	va_start(ap, fmt);
	say_result("FAIL", name, fmt, ap);
	va_end(ap);
	check_nfail++;
	return 0;
}

/* ------------------------------------------------------ names of things --- */

struct check_name {
	int number;
	const char *name;
};
#define CHECK_NAME(x)                                                                              \
	{                                                                                          \
		x, #x                                                                              \
	}

static inline const char *check_lookup(const struct check_name *t, int n, int number,
                                       const char *kind)
{
	static char other[32];
	for (int i = 0; i < n; i++)
		if (t[i].number == number)
			return t[i].name;
	snprintf(other, sizeof(other), "%s %d", kind, number);
	return other;
}

/* "EFAULT" for EFAULT: errno values by name, as the man pages spell them. */
static inline const char *errname(int e)
{
	static const struct check_name names[] = {
	    {0, "0"},           CHECK_NAME(EPERM),  CHECK_NAME(ENOENT),       CHECK_NAME(ESRCH),
	    CHECK_NAME(EINTR),  CHECK_NAME(EIO),    CHECK_NAME(E2BIG),        CHECK_NAME(ENOEXEC),
	    CHECK_NAME(EBADF),  CHECK_NAME(ECHILD), CHECK_NAME(EAGAIN),       CHECK_NAME(ENOMEM),
	    CHECK_NAME(EACCES), CHECK_NAME(EFAULT), CHECK_NAME(EEXIST),       CHECK_NAME(ENOTDIR),
	    CHECK_NAME(EISDIR), CHECK_NAME(EINVAL), CHECK_NAME(ESPIPE),       CHECK_NAME(EROFS),
	    CHECK_NAME(ERANGE), CHECK_NAME(ENOSYS), CHECK_NAME(ENAMETOOLONG),
	};
	return check_lookup(names, sizeof(names) / sizeof(names[0]), e, "errno");
}

/* "SIGSEGV" for SIGSEGV. */
static inline const char *signame(int sig)
{
	static const struct check_name names[] = {
	    CHECK_NAME(SIGHUP),  CHECK_NAME(SIGINT),  CHECK_NAME(SIGQUIT), CHECK_NAME(SIGILL),
	    CHECK_NAME(SIGTRAP), CHECK_NAME(SIGABRT), CHECK_NAME(SIGBUS),  CHECK_NAME(SIGFPE),
	    CHECK_NAME(SIGKILL), CHECK_NAME(SIGUSR1), CHECK_NAME(SIGSEGV), CHECK_NAME(SIGUSR2),
	    CHECK_NAME(SIGPIPE), CHECK_NAME(SIGALRM), CHECK_NAME(SIGTERM), CHECK_NAME(SIGCHLD),
	    CHECK_NAME(SIGCONT), CHECK_NAME(SIGSTOP), CHECK_NAME(SIGSYS),
	};
	return check_lookup(names, sizeof(names) / sizeof(names[0]), sig, "signal");
}

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

/* "exited with 3", "killed by SIGSEGV", ... (static buffer: use it at once) */
static inline const char *describe_status(int status)
{
	static char buf[64];
	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exited with %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by %s", signame(WTERMSIG(status)));
	else
		snprintf(buf, sizeof(buf), "has wait status 0x%x", status);
	return buf;
}

/*
 * The usual shape of a system-call check: the call must fail with -1 and
 * errno == want.  "what" names the call in the failure detail.
 */
static inline int check_errno(const char *name, long ret, int want, const char *what)
{
	int e = errno;
	if (ret == -1 && e == want) {
		pass(name);
		return 1;
	}
	if (ret == -1)
		fail(name, "%s failed with %s, expected %s", what, errname(e), errname(want));
	else
		fail(name, "%s returned %ld, expected -1/%s", what, ret, errname(want));
	return 0;
}

/* ------------------------------------------------------------ helpers --- */

/*
 * Re-arm the watchdog: SIGALRM's default action (terminate) in
 * WATCHDOG_SECONDS.  alarm() first: it also cancels any periodic timer a
 * check left running, which must not fire once SIGALRM kills again.
 */
static inline void watchdog(void)
{
	alarm(WATCHDOG_SECONDS);
	signal(SIGALRM, SIG_DFL);
}

/*
 * Start a test program: remember its name, start from a clean signal state
 * (a shell or make may have started us with signals blocked or ignored; an
 * ignored SIGCHLD would even change what wait4 returns), arm the watchdog.
 */
static inline void check_init(const char *prog)
{
	sigset_t none;
	check_prog = prog;
	setvbuf(stdout, NULL, _IONBF, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL);
	watchdog();
}

/* Print the summary line; the result is main's exit status. */
static inline int summary(void)
{
	say("%s summary: %d passed, %d failed", check_prog, check_npass, check_nfail);
	return check_nfail ? 1 : 0;
}

/* Are we running on shmos (rather than on the host Linux)? */
static inline int is_shmos(void)
{
	struct utsname u;
	return uname(&u) == 0 && strcmp(u.sysname, "shmos") == 0;
}

/*
 * A path inside the test file tree: $SHMOS_ROOT + path.  On shmos SHMOS_ROOT
 * is unset and "/data/hello.txt" stays "/data/hello.txt"; on Linux the runner
 * points SHMOS_ROOT at a staging directory.  The result lives in one of 8
 * static buffers, good until 8 more calls.
 */
static inline const char *root_path(const char *path)
{
	static char bufs[8][512];
	static unsigned next;
	const char *root = getenv("SHMOS_ROOT");
	char *buf = bufs[next++ % 8];
	snprintf(buf, sizeof(bufs[0]), "%s%s", root ? root : "", path);
	return buf;
}

/* A clock's current value in nanoseconds. */
static inline long long now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Wait, without sleeping, until *flag becomes nonzero or ms milliseconds
 * have passed (measured on CLOCK_MONOTONIC).  Returns the flag's value.
 */
static inline int poll_flag(volatile sig_atomic_t *flag, long ms)
{
	long long deadline = now_ns(CLOCK_MONOTONIC) + ms * 1000000LL;
	while (!*flag && now_ns(CLOCK_MONOTONIC) < deadline)
		sched_yield();
	return *flag;
}

/* wait4 for one child, retrying if a signal handler interrupts us.  Returns 0 or -1. */
static inline int wait_child(pid_t pid, int *status)
{
	pid_t r;
	do
		r = wait4(pid, status, 0, NULL);
	while (r == -1 && errno == EINTR);
	return r == pid ? 0 : -1;
}

/* fork(); the child arms its own watchdog.  On failure says FAIL for the current check. */
static inline pid_t check_fork(void)
{
	pid_t pid = fork();
	if (pid == 0)
		alarm(WATCHDOG_SECONDS);
	else if (pid < 0)
		fail(check_current, "fork failed: %s", errname(errno));
	return pid;
}

/*
 * In a child started by run_child(): report this check as failed (or
 * skipped) with a detail, and end the child.  The parent counts it.
 */
static inline CHECK_PRINTF(1, 2) void child_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_result("FAIL", check_current, fmt, ap);
	va_end(ap);
	_exit(1);
}

static inline CHECK_PRINTF(1, 2) void child_skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_result("SKIP", check_current, fmt, ap);
	va_end(ap);
	_exit(2);
}

/*
 * Run fn in a forked child as the check called name.  The child passes by
 * returning (exit 0); it fails by calling child_fail(), which prints the FAIL
 * line itself (exit 1), or skips with child_skip() (exit 2).  Anything else,
 * e.g. being killed by a signal, is a failure that the parent reports.
 * Useful whenever a check changes something for good (credentials, the
 * process group, signal dispositions) or might crash.
 */
static inline void run_child(const char *name, void (*fn)(void))
{
	int status;
	check_current = name;
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (wait_child(pid, &status) < 0) {
		fail(name, "wait4 for the child failed: %s", errname(errno));
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		pass(name);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		check_nfail++; /* the child printed the FAIL line */
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		check_nskip++; /* the child printed the SKIP line */
	else
		fail(name, "child %s", describe_status(status));
}

/*
 * Run fn in a forked child, which must be killed by signal sig (fn returning
 * means it survived: a failure).  The parent, and the kernel, live on.
 */
static inline void expect_signal(const char *name, void (*fn)(void), int sig)
{
	int status;
	check_current = name;
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (wait_child(pid, &status) < 0)
		fail(name, "wait4 for the child failed: %s", errname(errno));
	else
		check(WIFSIGNALED(status) && WTERMSIG(status) == sig, name,
		      "child %s, expected to be killed by %s", describe_status(status),
		      signame(sig));
}

/*
 * A child that checked several facts and reported them as bits of its exit
 * status (bit i set = fact i is wrong; at most 7 facts, so that the status
 * stays below 128): one PASS or FAIL line per fact.
 */
static inline void report_bits(const char *const names[], int n, int status, const char *who)
{
	for (int i = 0; i < n; i++) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) >= 128)
			fail(names[i], "%s %s", who, describe_status(status));
		else
			check(!(WEXITSTATUS(status) & (1 << i)), names[i], "%s reported it wrong",
			      who);
	}
}

#endif
