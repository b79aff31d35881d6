/*
 * forkwait: fork, exit and wait4, and how a child's end is encoded in the
 * wait status.
 *
 * The wait status is an int the kernel builds and the W* macros take apart:
 *   normal exit:      (code & 0xff) << 8    WIFEXITED, WEXITSTATUS
 *   killed by signal: signal number (+0x80 if a core was dumped)
 *                                           WIFSIGNALED, WTERMSIG
 * Only the low 8 bits of an exit code survive: exit(256) looks like exit(0).
 */
#include "check.h"

/* A child that waits, without using the CPU, until it is killed. */
static void wait_to_be_killed(void)
{
	for (;;)
		pause();
}

static void fork_returns_twice(void)
{
	pid_t parent = getpid();
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		/* The child: fork returned 0; our parent is the process that called fork. */
		_exit(getppid() == parent ? 0 : 1);
	}
	int status;
	pid_t r = wait4(pid, &status, 0, NULL);
	check(r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork_returns_twice",
	      "wait4 returned %d (child %d), child %s (1 means its getppid() was wrong)", r, pid,
	      describe_status(status));
}

/* Fork a child that exits with code; return what wait4 says (-1 on error). */
static int exit_and_wait(int code)
{
	int status;
	pid_t pid = check_fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(code);
	if (wait_child(pid, &status) < 0)
		return -1;
	return status;
}

static void exit_codes(void)
{
	int bad = -1, status = 0;

	/* Every code 0..255 arrives unchanged. */
	check_current = "exit_codes_0_255";
	for (int code = 0; code < 256 && bad < 0; code++) {
		status = exit_and_wait(code);
		if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != code)
			bad = code;
	}
	check(bad < 0, "exit_codes_0_255", "_exit(%d): child %s", bad, describe_status(status));

	/* Only the low 8 bits are kept. */
	status = exit_and_wait(256);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit_256_is_0",
	      "_exit(256): child %s", describe_status(status));
	status = exit_and_wait(-1);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 255, "exit_minus1_is_255",
	      "_exit(-1): child %s", describe_status(status));

	/* The raw encoding, as the kernel builds it. */
	status = exit_and_wait(42);
	check(status == 0x2a00, "status_encoding_exit",
	      "_exit(42) gave wait status 0x%x, not 0x2a00", status);
}

/* exit() from main-like code runs atexit handlers and flushes stdio; status still arrives. */
static void exit_via_libc(void)
{
	int status;
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		exit(7);
	wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 7, "exit_via_libc", "exit(7): child %s",
	      describe_status(status));
}

static void killed_by_signals(void)
{
	int status;

	/* Killed by the parent with SIGKILL. */
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		wait_to_be_killed();
	kill(pid, SIGKILL);
	wait_child(pid, &status);
	check(WIFSIGNALED(status) && !WIFEXITED(status) && WTERMSIG(status) == SIGKILL,
	      "killed_by_sigkill", "child %s", describe_status(status));

	/* Killed by SIGTERM (no core dump): the raw status is just the signal number. */
	pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		wait_to_be_killed();
	kill(pid, SIGTERM);
	wait_child(pid, &status);
	check(status == SIGTERM, "status_encoding_signal",
	      "child killed by SIGTERM gave wait status 0x%x, not 0x%x", status, SIGTERM);

	/* A child that signals itself: SIGUSR1's default action terminates. */
	pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	wait_child(pid, &status);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1, "killed_by_own_sigusr1",
	      "child %s", describe_status(status));
}

static void wnohang(void)
{
	int status = 0;
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		wait_to_be_killed();

	/* While the child runs (it can only end when we kill it), WNOHANG returns 0. */
	pid_t r = wait4(pid, &status, WNOHANG, NULL);
	check(r == 0, "wnohang_running", "wait4(child, WNOHANG) returned %d (%s)", r,
	      errname(errno));

	/* Once it is dead, WNOHANG returns its pid: poll, with a deadline. */
	kill(pid, SIGKILL);
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	do {
		r = wait4(pid, &status, WNOHANG, NULL);
		if (r == 0)
			sched_yield();
	} while (r == 0 && now_ns(CLOCK_MONOTONIC) < deadline);
	check(r == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "wnohang_dead",
	      "wait4(child, WNOHANG) returned %d, child %s", r, describe_status(status));
}

static void echild(void)
{
	int status;

	/* We have no children left: nothing to wait for. */
	check_errno("echild_no_children", wait4(-1, &status, 0, NULL), ECHILD, "wait4(-1)");
	check_errno("echild_wnohang", wait4(-1, &status, WNOHANG, NULL), ECHILD,
	            "wait4(-1, WNOHANG)");

	/* Our parent is not our child. */
	check_errno("echild_not_a_child", wait4(getppid(), &status, 0, NULL), ECHILD,
	            "wait4(getppid())");

	/* Unknown option bits are refused. */
	check_errno("wait4_bad_options", wait4(-1, &status, 0x1000, NULL), EINVAL,
	            "wait4(-1, 0x1000)");
}

static void wait_specific(void)
{
	int status, sa = 0, sb = 0;
	pid_t a = check_fork();
	if (a < 0)
		return;
	if (a == 0)
		_exit(1);
	pid_t b = check_fork();
	if (b < 0)
		return;
	if (b == 0)
		_exit(2);

	/* Whatever order they end in, wait4(b) returns b, then -1 returns a. */
	pid_t rb = wait4(b, &sb, 0, NULL);
	pid_t ra = wait4(-1, &sa, 0, NULL);
	check(rb == b && WIFEXITED(sb) && WEXITSTATUS(sb) == 2 && ra == a && WIFEXITED(sa) &&
	          WEXITSTATUS(sa) == 1,
	      "wait_specific_pid",
	      "wait4(b=%d) returned %d status 0x%x; wait4(-1) returned %d (a=%d) status 0x%x", b,
	      rb, sb, ra, a, sa);
	check_errno("wait_specific_then_echild", wait4(-1, &status, 0, NULL), ECHILD,
	            "a third wait4(-1)");
}

static void many_children(void)
{
	enum { N = 50 };
	pid_t pids[N];
	int seen[N] = {0};
	int i, status, bad = 0;

	for (i = 0; i < N; i++) {
		pids[i] = check_fork();
		if (pids[i] < 0)
			return;
		if (pids[i] == 0)
			_exit(100 + i);
	}
	/* Reap them in whatever order they end: each exactly once, with its own code. */
	for (int n = 0; n < N; n++) {
		pid_t r = wait4(-1, &status, 0, NULL);
		for (i = 0; i < N && pids[i] != r; i++)
			;
		if (i == N || seen[i] || !WIFEXITED(status) || WEXITSTATUS(status) != 100 + i) {
			bad = 1;
			fail("many_children", "wait4 returned %d, status 0x%x", r, status);
			break;
		}
		seen[i] = 1;
	}
	if (!bad)
		check_errno("many_children", wait4(-1, &status, 0, NULL), ECHILD,
		            "wait4 after reaping all 50");
}

static void nested_fork(void)
{
	int status;
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		/* The child forks a grandchild and passes its exit code up, plus one. */
		pid_t g = fork();
		if (g == 0)
			_exit(7);
		if (g < 0 || wait_child(g, &status) < 0 || !WIFEXITED(status))
			_exit(99);
		_exit(WEXITSTATUS(status) + 1);
	}
	wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 8, "nested_fork",
	      "child %s, expected 8 (grandchild's 7 + 1)", describe_status(status));
}

static void exec_then_exit(void)
{
	int status;
	const char *path = root_path("/data/badelf/minimal");
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		char *argv[] = {"minimal", NULL};
		execve(path, argv, argv + 1);
		_exit(errno == 0 ? 98 : 99);
	}
	/* data/badelf/minimal is a 132-byte program that calls exit(42). */
	wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 42, "exec_exit_status",
	      "child that exec'd %s %s, expected exit 42 (99 = execve failed)", path,
	      describe_status(status));
}

int main(void)
{
	check_init("forkwait");
	fork_returns_twice();
	exit_codes();
	exit_via_libc();
	killed_by_signals();
	wnohang();
	echild();
	wait_specific();
	many_children();
	nested_fork();
	exec_then_exit();
	return summary();
}
